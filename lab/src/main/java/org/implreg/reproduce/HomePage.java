package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Json;
import org.implreg.report.Html;

/**
 * The results home page, {@code OUT/index.html}: one row per reproduction folder in OUT (the registered
 * reproductions in registry order, then any other folder holding a {@code summary.json}), read from
 * its {@code summary.json} (paper, mode, verdicts as coloured badges, wall time, date, commit), with a
 * link to its page and its figures as thumbnails. {@link Page#write} rewrites it after every
 * reproduction, so it never needs an edit when a reproduction is added.
 *
 * <p>A folder without a {@code summary.json} (a reproduction still running, or stopped) is shown as
 * unfinished; an unreadable or malformed one is shown as such; neither stops the page. An
 * {@code index.html} in OUT that this class did not write is never replaced.
 */
public final class HomePage {
    /** The home page's file name in the results folder. */
    public static final String FILE = "index.html";
    /** Marks a home page written here: only such a file is replaced. */
    static final String GENERATOR = "<meta name=\"generator\" content=\"implreg reproduce: home page\">";
    /** Thumbnails shown per reproduction; the rest are counted. */
    static final int MAX_THUMBNAILS = 24;

    private HomePage() {}

    /** One row: a reproduction's folder and what its summary.json says (null when missing or malformed). */
    record Entry(String name, boolean registered, JsonNode summary, String problem, boolean hasPage, List<String> figures) {}

    /**
     * Rewrites {@code dir/index.html} (atomically) from the reproduction folders in {@code dir}.
     *
     * @return false, writing nothing, when {@code dir/index.html} exists and is not a home page written here
     */
    public static boolean write(Path dir) {
        Path target = dir.resolve(FILE);
        if (Files.isRegularFile(target) && !isHomePage(target)) {
            return false;
        }
        AtomicFiles.write(target, html(entries(dir)).getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static boolean isHomePage(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).contains(GENERATOR);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The reproduction folders of {@code dir}: registered names first (registry order), then other folders with a summary.json. */
    static List<Entry> entries(Path dir) {
        List<Entry> out = new ArrayList<>();
        Set<String> registered = Reproductions.all().keySet();
        for (String name : registered) {
            if (Files.isDirectory(dir.resolve(name))) {
                out.add(entry(dir.resolve(name), name, true));
            }
        }
        Set<String> others = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!registered.contains(name) && !name.startsWith(".") && Files.isRegularFile(p.resolve("summary.json"))) {
                    others.add(name);
                }
            }
        } catch (IOException e) {
            // an unreadable folder lists the registered reproductions only
        }
        for (String name : others) {
            out.add(entry(dir.resolve(name), name, false));
        }
        return out;
    }

    private static Entry entry(Path folder, String name, boolean registered) {
        JsonNode summary = null;
        String problem = null;
        Path file = folder.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            problem = "no summary.json yet (running, stopped, or failed)";
        } else {
            try {
                summary = Json.MAPPER.readTree(file.toFile());
                if (summary == null || !summary.isObject()) {
                    problem = "malformed summary.json: not a JSON object";
                    summary = null;
                }
            } catch (IOException | RuntimeException e) {
                String msg = String.valueOf(e.getMessage());
                int nl = msg.indexOf('\n');
                problem = "malformed summary.json: " + (nl < 0 ? msg : msg.substring(0, nl));
            }
        }
        List<String> figures = new ArrayList<>();
        Path figs = folder.resolve("figures");
        if (Files.isDirectory(figs)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(figs, "*.png")) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p)) {
                        figures.add(p.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                // no thumbnails
            }
            figures.sort(null);
        }
        return new Entry(name, registered, summary, problem, Files.isRegularFile(folder.resolve("index.html")), figures);
    }

    /** The CSS class of a verdict word's badge: verdict-agrees, verdict-partly, verdict-disagrees, else verdict-unknown. */
    static String badgeClass(String word) {
        for (Verdict v : Verdict.values()) {
            if (v.word().equals(word)) {
                return "badge verdict-" + v.word();
            }
        }
        return "badge verdict-unknown";
    }

    /** The badges of a summary's {@code verdicts} ({@link #badge}). */
    static String badges(JsonNode verdicts) {
        StringBuilder sb = new StringBuilder();
        if (verdicts == null || !verdicts.isArray() || verdicts.isEmpty()) {
            return "<span class=\"badge verdict-none\">no verdicts</span>";
        }
        for (int i = 0; i < verdicts.size(); i++) {
            sb.append(badge(verdicts.get(i), i)).append(' ');
        }
        return sb.toString().trim();
    }

    /**
     * The badge of verdict {@code i} ("figure: word"), titled (shown on hover) with what implreg found, the
     * verdict's one sentence ({@code found}); a summary without it titles the badge with the paper's statement.
     */
    static String badge(JsonNode v, int i) {
        String word = text(v.get("verdict"), "?");
        String figure = text(v.get("figure"), "");
        String title = v.hasNonNull("found") ? text(v.get("found"), "")
            : "summary.json: verdicts[" + i + "].verdict — " + text(v.has("finding") ? v.get("finding") : v.get("claim"), "");
        return "<span class=\"" + badgeClass(word) + "\" title=\"" + Html.esc(title) + "\">" + (figure.isEmpty() ? "" : Html.esc(figure) + ": ")
            + Html.esc(word) + "</span>";
    }

    /**
     * A reproduction's row summary of its verdicts: how many of the claims hold, then the headline of each
     * one that does not hold in full ("(b): Li et al.'s prediction holds in part"; the figure is left out where
     * the headline names it), or the
     * verdict words where the summary has no headlines (written before they existed).
     */
    static String summaryLine(JsonNode verdicts) {
        if (verdicts == null || !verdicts.isArray() || verdicts.isEmpty()) {
            return "no verdicts";
        }
        int holds = 0;
        List<String> others = new ArrayList<>();
        for (JsonNode v : verdicts) {
            String word = text(v.get("verdict"), "?");
            if (Verdict.AGREES.word().equals(word)) {
                holds++;
                continue;
            }
            String figure = text(v.get("figure"), "");
            String headline = v.hasNonNull("headline") ? text(v.get("headline"), "") : word;
            others.add((figure.isEmpty() || headline.contains(figure) ? "" : figure + ": ") + headline);
        }
        String head = verdicts.size() == 1 ? (holds == 1 ? "The claim holds" : "")
            : holds == verdicts.size() ? "All " + holds + " claims hold"
            : (holds == 0 ? "None" : holds + " of " + verdicts.size()) + " claims hold in full";
        if (verdicts.size() == 1 && holds == 1 && verdicts.get(0).hasNonNull("headline")) {
            head = text(verdicts.get(0).get("headline"), head);
        }
        return others.isEmpty() ? head + "." : (head.isEmpty() ? "" : head + "; ") + String.join("; ", others) + ".";
    }

    static String html(List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">").append(GENERATOR)
            .append("<link rel=\"icon\" href=\"data:,\"><title>implreg reproductions</title>\n<style>")
            .append(Html.STYLE).append("table.home td{text-align:left;vertical-align:top}table.home td.n{text-align:right}"
                + "table.home th{text-align:left}td.paper{min-width:160px;max-width:260px}td.thumbs{min-width:420px;max-width:640px}"
                + "td.found{min-width:200px;max-width:420px;font-size:13px}"
                + ".thumbs a{display:inline-block;margin:2px}"
                + ".thumbs img{width:96px;height:auto;border:1px solid #ddd;vertical-align:top}.malformed{color:#a00}")
            .append("</style></head><body>\n<h1>implreg reproductions</h1>\n")
            .append("<p>One row per reproduction in this folder, read from its <code>summary.json</code> (the column heads name the keys); "
                + "rewritten by <code>implreg reproduce</code> after every reproduction. Each verdict is on the claim of the paper it names; "
                + "hover over a badge for what implreg found. Verdicts: <span class=\"badge verdict-agrees\">agrees"
                + "</span> <span class=\"badge verdict-partly\">partly</span> <span class=\"badge verdict-disagrees\">disagrees</span>.</p>\n");
        if (entries.isEmpty()) {
            sb.append("<p>No reproduction has run into this folder yet: <code>implreg reproduce --out DIR</code>.</p>\n");
        } else {
            sb.append("<table class=\"home\"><tr><th>reproduction</th><th>paper <code>paper</code></th><th>mode <code>mode</code></th>"
                + "<th>what was found <code>verdicts[].headline</code></th><th>verdicts <code>verdicts[].verdict</code> "
                + "(hover: <code>verdicts[].found</code>)</th><th>wall time <code>seconds</code></th>"
                + "<th>date <code>provenance.created</code></th><th>commit <code>provenance.git_commit</code></th><th>figures</th></tr>\n");
            for (Entry e : entries) {
                row(sb, e);
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder sb, Entry e) {
        String base = segment(e.name()) + "/";
        sb.append("<tr class=\"reproduction\" id=\"").append(Html.esc(e.name())).append("\"><td>");
        if (e.hasPage()) {
            sb.append("<a class=\"page\" href=\"").append(base).append("index.html\">").append(Html.esc(e.name())).append("</a>");
        } else {
            sb.append(Html.esc(e.name()));
        }
        if (!e.registered()) {
            sb.append(" <small>(not a registered reproduction)</small>");
        }
        sb.append("</td>");
        JsonNode s = e.summary();
        if (s == null) {
            sb.append("<td class=\"malformed\" colspan=\"7\">").append(Html.esc(e.problem())).append("</td>");
        } else {
            JsonNode prov = s.path("provenance");
            String commit = text(prov.get("git_commit"), "–");
            boolean dirty = "true".equals(text(prov.get("git_dirty"), "false"));
            sb.append("<td class=\"paper\">").append(Html.esc(text(s.get("paper"), "–"))).append("</td><td>")
                .append(Html.esc(text(s.get("mode"), "–"))).append("</td><td class=\"found\">").append(Html.esc(summaryLine(s.get("verdicts"))))
                .append("</td><td>").append(badges(s.get("verdicts")))
                .append("</td><td class=\"n\">").append(seconds(s.get("seconds"))).append("</td><td>")
                .append(Html.esc(date(text(prov.get("created"), "–")))).append("</td><td><code title=\"").append(Html.esc(commit)).append("\">")
                .append(Html.esc(commit.length() > 12 ? commit.substring(0, 12) : commit)).append("</code>").append(dirty ? " (dirty)" : "")
                .append("</td>");
        }
        sb.append("<td class=\"thumbs\">");
        int shown = Math.min(MAX_THUMBNAILS, e.figures().size());
        for (int i = 0; i < shown; i++) {
            String f = base + "figures/" + segment(e.figures().get(i));
            sb.append("<a href=\"").append(f).append("\"><img src=\"").append(f).append("\" alt=\"")
                .append(Html.esc(e.figures().get(i))).append("\" title=\"").append(Html.esc(e.figures().get(i))).append("\"></a>");
        }
        if (e.figures().size() > shown) {
            sb.append(" <small>and ").append(e.figures().size() - shown).append(" more on the page</small>");
        }
        sb.append("</td></tr>\n");
    }

    static String text(JsonNode n, String orElse) {
        return n == null || n.isNull() || n.isMissingNode() ? orElse : n.isValueNode() ? n.asText() : n.toString();
    }

    /** Wall time: seconds below 120, else minutes, or hours. */
    static String seconds(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return "–";
        }
        double s = n.asDouble();
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s)
            : s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f h", s / 3600);
    }

    /** An ISO instant as "yyyy-mm-dd hh:mm UTC"; other text unchanged. */
    static String date(String iso) {
        return iso.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*Z") ? iso.substring(0, 10) + " " + iso.substring(11, 16) + " UTC" : iso;
    }

    /** A folder or file name as one relative URL path segment (percent-encoded where needed). */
    static String segment(String name) {
        try {
            return Html.esc(new URI(null, null, name, null).getRawPath().replace(":", "%3A").replace("/", "%2F"));
        } catch (URISyntaxException e) {
            return Html.esc(name);
        }
    }
}

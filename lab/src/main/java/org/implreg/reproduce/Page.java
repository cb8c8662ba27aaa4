package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Json;
import org.implreg.report.RecordJson;
import org.implreg.io.Provenance;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.sweep.ProvenanceFile;

/**
 * The one writer of a reproduction's page and summary: {@code summary.json} (the reproduction's keys,
 * then {@code seconds} and {@code provenance}), {@code provenance.json} (this session added to the
 * earlier ones, results counted by the build that computed them: {@link ProvenanceFile}) and
 * {@code index.html}, which links back to the results home page ({@link HomePage}, rewritten here), shows the
 * verdicts as badges and says where each number comes from (its summary.json key).
 */
public final class Page {
    private Page() {}

    /**
     * The provenance of a reproduction's session.
     *
     * @param options what the reproduction ran with (its name, mode, sizes); the context's engine is added as "engine"
     */
    public static Provenance.Info session(Reproduction.Context ctx, Map<String, Object> options) {
        Map<String, Object> all = new LinkedHashMap<>(options);
        all.put("engine", ctx.engine().describe());
        return Provenance.Info.current(all, ctx.seed());
    }

    /**
     * Writes the three files from a typed summary ({@link RecordJson}: its keys in order, then seconds and
     * provenance) and returns the summary.
     *
     * @param summary  the reproduction's results, a record whose components are summary.json's keys in order
     * @param session  this session's provenance
     * @param records  the stored records the results come from (runs or rows; each names its build)
     * @param start    System.nanoTime() at the start of the reproduction
     * @param title    the page's title
     * @param sections the page's HTML sections
     * @param groups   the aggregate table (null: none)
     */
    public static <S extends Summary> S write(Reproduction.Context ctx, S summary, Provenance.Info session,
                                              Collection<JsonNode> records, long start, String title, List<String> sections,
                                              List<SweepReport.Group> groups) {
        writeMap(ctx, new LinkedHashMap<>(RecordJson.toMap(summary)), session, records, start, title, sections, groups);
        return summary;
    }

    /** Writes the three files from the summary's keys (with seconds and provenance added) and returns them. */
    private static Map<String, Object> writeMap(Reproduction.Context ctx, Map<String, Object> summary, Provenance.Info session,
                                                Collection<JsonNode> records, long start, String title, List<String> sections,
                                                List<SweepReport.Group> groups) {
        Map<String, Object> file = ProvenanceFile.update(ctx.dir().resolve("provenance.json"), session, records);
        Map<String, Object> provenance = new LinkedHashMap<>(session.toMap());
        provenance.put("builds", file.get("builds"));
        summary.put("seconds", (System.nanoTime() - start) / 1e9);
        summary.put("provenance", provenance);
        Json.write(summary, ctx.dir().resolve("summary.json"));
        JsonNode tree = Json.MAPPER.valueToTree(Json.sanitize(summary));
        List<String> all = new ArrayList<>();
        all.add(header(tree));
        for (String section : sections) {
            all.add(section);
        }
        all.add(keys(tree, groups != null));
        List<String> files = new ArrayList<>();
        for (String f : DATA_FILES) {
            if (Files.isRegularFile(ctx.dir().resolve(f))) {
                files.add(f);
            }
        }
        String html = annotateEvidence(Html.page(title, provenance, all, groups, files), tree.get("verdicts"));
        AtomicFiles.write(ctx.dir().resolve("index.html"), html.getBytes(StandardCharsets.UTF_8));
        Path parent = ctx.dir().toAbsolutePath().getParent();
        if (parent != null) {
            try {
                if (!HomePage.write(parent)) {
                    ctx.out().println("home page not written: " + parent.resolve(HomePage.FILE) + " is a file implreg did not write");
                }
            } catch (RuntimeException e) { // the reproduction's own files are written: a home page that cannot be is no failure
                ctx.out().println("home page " + parent.resolve(HomePage.FILE) + " not written: " + e.getMessage());
            }
        }
        return summary;
    }

    /** The data files a page links in its provenance, where they are in the reproduction's folder when the page is written. */
    static final List<String> DATA_FILES = List.of("summary.json", "provenance.json", "rows.jsonl", "runs.jsonl", "runs.csv", "aggregate.csv",
        "atlas.json", "atlas.jsonl");

    /**
     * The top of every page: what implreg found, one generated sentence per verdict ({@code verdicts[].found},
     * each with its badge), then the link back to the home page ({@code ../index.html}), mode and wall time.
     * A summary written before verdicts carried a sentence shows the verdict's figure and statement instead.
     */
    static String header(JsonNode summary) {
        StringBuilder sb = new StringBuilder("<ul class=\"found\">\n");
        JsonNode verdicts = summary.get("verdicts");
        if (verdicts != null && verdicts.isArray()) {
            for (int i = 0; i < verdicts.size(); i++) {
                JsonNode v = verdicts.get(i);
                String figure = HomePage.text(v.get("figure"), "");
                boolean sentence = v.hasNonNull("found");
                String found = sentence ? v.get("found").asText() : HomePage.text(v.has("finding") ? v.get("finding") : v.get("claim"), "");
                sb.append("<li>").append(figure.isEmpty() ? "" : "<b>" + Html.esc(figure) + "</b> ").append(Html.esc(found)).append(' ')
                    .append(HomePage.badge(v, i)).append(sentence ? " " + key("verdicts[" + i + "].found") : "").append("</li>\n");
            }
        }
        sb.append("</ul>\n<p class=\"nav\"><a href=\"../index.html\">← all reproductions</a> · ");
        if (summary.hasNonNull("mode")) {
            sb.append("mode ").append(Html.esc(summary.get("mode").asText())).append(' ').append(key("mode")).append(" · ");
        }
        if (summary.hasNonNull("seconds")) {
            sb.append("wall time ").append(HomePage.seconds(summary.get("seconds"))).append(' ').append(key("seconds")).append(" · ");
        }
        sb.append("every number on this page is in <a href=\"summary.json\">summary.json</a>, under the key written beside it "
            + "or listed in <a href=\"#summary-keys\">Where the numbers come from</a>; each verdict " + key("verdicts[].verdict")
            + " is on the claim of the paper named before it " + key("verdicts[].owner") + "</p>\n");
        return sb.toString();
    }

    /** A summary.json key as written beside a number. */
    static String key(String path) {
        return "<code class=\"key\" title=\"summary.json key\">" + Html.esc(path) + "</code>";
    }

    /** Writes each verdict's key after the first place its evidence appears on the page (evidence of 12 characters or more). */
    static String annotateEvidence(String html, JsonNode verdicts) {
        if (verdicts == null || !verdicts.isArray()) {
            return html;
        }
        String out = html;
        for (int i = 0; i < verdicts.size(); i++) {
            JsonNode ev = verdicts.get(i).get("evidence");
            if (ev == null || !ev.isTextual() || ev.asText().length() < 12) {
                continue;
            }
            String needle = Html.esc(ev.asText());
            int at = out.indexOf(needle);
            if (at >= 0) {
                int end = at + needle.length();
                if (out.startsWith("</span>", end)) {
                    end += "</span>".length();
                }
                out = out.substring(0, end) + " " + key("verdicts[" + i + "].evidence") + out.substring(end);
            }
        }
        return out;
    }

    /** Largest list of numbers shown whole in the key table. */
    static final int SHORT_LIST = 16;

    /**
     * The section "Where the numbers come from": every key of summary.json with its value (lists of more
     * than {@link #SHORT_LIST} numbers counted, not shown), so each number on the page can be traced to
     * the key that holds it.
     */
    static String keys(JsonNode summary, boolean aggregate) {
        List<String[]> rows = new ArrayList<>();
        flatten("", summary, rows);
        StringBuilder sb = new StringBuilder("<h2 id=\"summary-keys\">Where the numbers come from</h2>\n<p>Every number on this page is "
            + "one of <a href=\"summary.json\">summary.json</a>'s values below (rounded on the page), or named by the key written beside it"
            + (aggregate ? "; the table of means over seeds is <a href=\"aggregate.csv\">aggregate.csv</a>" : "") + ".</p>\n<details><summary>"
            + rows.size() + " keys of summary.json</summary>\n<table class=\"keys\"><tr><th>key</th><th>value</th></tr>\n");
        for (String[] r : rows) {
            sb.append("<tr><td class=\"l\"><code>").append(Html.esc(r[0])).append("</code></td><td class=\"l\">").append(Html.esc(r[1]))
                .append("</td></tr>\n");
        }
        return sb.append("</table></details>\n").toString();
    }

    private static void flatten(String path, JsonNode n, List<String[]> rows) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), rows));
        } else if (n.isArray()) {
            boolean scalars = true;
            for (JsonNode x : n) {
                scalars &= x.isValueNode();
            }
            if (scalars) {
                rows.add(new String[] {path, n.size() <= SHORT_LIST ? n.toString() : "a list of " + n.size() + " values"});
            } else {
                for (int i = 0; i < n.size(); i++) {
                    flatten(path + "[" + i + "]", n.get(i), rows);
                }
            }
        } else {
            rows.add(new String[] {path, n.isTextual() ? n.asText() : n.toString()});
        }
    }

    /**
     * The paragraph of a finding: whose claim and its words, then implreg's verdict on that claim (coloured:
     * the finding's headline, e.g. "Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds")
     * and the evidence.
     */
    public static String verdictParagraph(Finding f) {
        String owner = f.owner().phrase();
        return "<p><b>" + Html.esc(owner) + (owner.contains(f.figure()) ? "" : " (" + Html.esc(f.figure()) + ")") + ":</b> " + Html.esc(f.statement())
            + "<br><b>implreg:</b> <span class=\"" + f.verdict().cssClass() + "\">" + Html.esc(f.headline()) + "</span> — <span class=\"evidence\">"
            + Html.esc(f.evidence()) + "</span></p>\n";
    }
}

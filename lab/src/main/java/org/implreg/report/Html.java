package org.implreg.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.io.Provenance;

/** A static {@code index.html}: figures (PNG, linking their SVG) and tables, no server, no scripts. */
public final class Html {
    private Html() {}

    /**
     * The pages' style sheet: tables, figures, verdict words ({@code ok}, {@code bad}), verdict badges
     * ({@code badge verdict-agrees | verdict-partly | verdict-disagrees}: green, amber, red) and the
     * {@code code.key} annotations that name a number's summary.json key.
     */
    public static final String STYLE = "body{font-family:sans-serif;margin:2em;max-width:1600px}"
        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
        + "th{background:#eee}td.l{text-align:left}.figs{display:flex;flex-wrap:wrap;gap:12px}"
        + "figure{margin:0;width:560px}figure img{width:100%}.ok{color:#070}.bad{color:#a00}"
        + ".badge{display:inline-block;padding:1px 7px;margin:1px 2px;border-radius:9px;font-size:12px;color:#fff;white-space:nowrap}"
        + ".verdict-agrees{background:#1a7f37}.verdict-partly{background:#b7791f}.verdict-disagrees{background:#c62828}"
        + ".verdict-unknown,.verdict-none{background:#777}code.key{font-size:11px;color:#555;background:#f4f4f4;padding:0 3px}"
        + "th code{font-weight:normal;font-size:11px;color:#555}ul.found{padding-left:1.2em}ul.found li{margin:4px 0;max-width:1100px}"
        + "p.provenance{font-size:13px;color:#444}";

    /** HTML-escapes text. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * A section of figures; {@code captions} maps a figure name to a caption (may be empty).
     */
    public static String figures(String title, List<String> names, Map<String, String> captions) {
        StringBuilder sb = new StringBuilder("<h2>").append(esc(title)).append("</h2>\n<div class=\"figs\">\n");
        for (String f : names) {
            sb.append("<figure><a href=\"figures/").append(esc(f)).append(".svg\"><img src=\"figures/").append(esc(f))
                .append(".png\" alt=\"").append(esc(f)).append("\"></a><figcaption>")
                .append(esc(captions.getOrDefault(f, f))).append("</figcaption></figure>\n");
        }
        return sb.append("</div>\n").toString();
    }

    /** The page of {@link #page(String, Map, List, List, List)}, linking no data file in its provenance. */
    public static String page(String title, Map<String, Object> provenance, List<String> sections, List<SweepReport.Group> groups) {
        return page(title, provenance, sections, groups, List.of());
    }

    /**
     * The page: title, sections (what was found first), the aggregate table, then the provenance (implreg
     * version, commit, Java, BLAS, date, and the results by the build that computed them) with links to
     * {@code files}. Only the files a caller has written beside the page are named, so every link resolves.
     *
     * @param files the data files beside the page linked in the provenance paragraph, e.g. runs.csv, provenance.json
     */
    public static String page(String title, Map<String, Object> provenance, List<String> sections, List<SweepReport.Group> groups,
                              List<String> files) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>").append(STYLE).append("</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        sections.forEach(sb::append);
        if (groups != null && !groups.isEmpty()) {
            sb.append("<h2>Mean ± standard deviation over seeds</h2>\n<table><tr><th>label</th><th>problem</th><th>parameters</th>"
                + "<th>runs</th><th>stop reasons</th>");
            for (String m : SweepReport.METRICS) {
                sb.append("<th>").append(esc(m)).append("</th>");
            }
            sb.append("</tr>\n");
            for (SweepReport.Group g : groups) {
                sb.append("<tr><td class=\"l\">").append(esc(g.label())).append("</td><td class=\"l\">").append(esc(g.problem()))
                    .append("</td><td class=\"l\">").append(esc(compact(g.params()))).append("</td><td>").append(g.runs())
                    .append("</td><td class=\"l\">").append(esc(g.stopReasons().toString())).append("</td>");
                for (String m : SweepReport.METRICS) {
                    SweepReport.Stat s = g.stats().get(m);
                    sb.append("<td>").append(s.count() == 0 ? "–"
                        : String.format(Locale.ROOT, "%.4g ± %.2g", s.mean(), s.std())).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        if (provenance != null) {
            sb.append("<h2 id=\"provenance\">Provenance</h2>\n<p class=\"provenance\">implreg ")
                .append(esc(String.valueOf(provenance.get("implreg_version")))).append(", commit ")
                .append(esc(String.valueOf(provenance.get("git_commit")))).append(", ").append(esc(String.valueOf(provenance.get("java"))))
                .append(", BLAS ").append(esc(String.valueOf(provenance.get("blas")))).append(", ")
                .append(esc(String.valueOf(provenance.get("created"))));
            for (int i = 0; i < files.size(); i++) {
                String f = esc(files.get(i));
                sb.append(i == 0 ? ". Files: " : ", ").append("<a href=\"").append(f).append("\">").append(f).append("</a>");
            }
            sb.append(".</p>\n");
            if (provenance.get("builds") instanceof List<?> builds && !builds.isEmpty()) {
                sb.append("<p class=\"provenance\">Results by the build that computed them:");
                for (Object b : builds) {
                    if (b instanceof Map<?, ?> m) {
                        sb.append(" implreg ").append(esc(String.valueOf(m.get("implreg_version")))).append(" commit ")
                            .append(esc(String.valueOf(m.get("git_commit")))).append(" (").append(m.get("records")).append(");");
                    }
                }
                sb.setLength(sb.length() - 1);
                sb.append(".</p>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String compact(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null && !(v instanceof Boolean b && !b)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }
}

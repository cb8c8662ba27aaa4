package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Json;
import org.implreg.io.Provenance;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.sweep.ProvenanceFile;

/**
 * The one writer of a reproduction's page and summary: {@code summary.json} (the reproduction's keys,
 * then {@code seconds} and {@code provenance}), {@code provenance.json} (this session added to the
 * earlier ones, results counted by the build that computed them: {@link ProvenanceFile}) and
 * {@code index.html}.
 */
final class Page {
    private Page() {}

    /**
     * The provenance of a reproduction's session.
     *
     * @param options what the reproduction ran with (its name, mode, sizes)
     */
    static Provenance.Info session(Reproduction.Context ctx, Map<String, Object> options) {
        return Provenance.Info.current(options, ctx.seed());
    }

    /**
     * Writes the three files and returns the summary (with seconds and provenance added).
     *
     * @param summary  the reproduction's keys, in order
     * @param session  this session's provenance
     * @param records  the stored records the results come from (runs or rows; each names its build)
     * @param start    System.nanoTime() at the start of the reproduction
     * @param title    the page's title
     * @param sections the page's HTML sections
     * @param groups   the aggregate table (null: none)
     */
    static Map<String, Object> write(Reproduction.Context ctx, Map<String, Object> summary, Provenance.Info session,
                                     Collection<JsonNode> records, long start, String title, List<String> sections,
                                     List<SweepReport.Group> groups) {
        Map<String, Object> file = ProvenanceFile.update(ctx.dir().resolve("provenance.json"), session, records);
        Map<String, Object> provenance = new LinkedHashMap<>(session.toMap());
        provenance.put("builds", file.get("builds"));
        summary.put("seconds", (System.nanoTime() - start) / 1e9);
        summary.put("provenance", provenance);
        Json.write(summary, ctx.dir().resolve("summary.json"));
        AtomicFiles.write(ctx.dir().resolve("index.html"), Html.page(title, provenance, sections, groups).getBytes(StandardCharsets.UTF_8));
        return summary;
    }

    /** The paragraph of a finding: the paper's words, then implreg's verdict (coloured) and evidence. */
    static String verdictParagraph(String paper, String verdict, String evidence) {
        return "<p><b>Paper:</b> " + Html.esc(paper) + "<br><b>implreg:</b> <span class=\"" + Verdict.cssClassOf(verdict) + "\">"
            + Html.esc(verdict) + "</span> — " + Html.esc(evidence) + "</p>\n";
    }
}

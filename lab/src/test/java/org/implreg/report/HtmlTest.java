package org.implreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page frame: the sections (what was found) before the provenance, which links only the files it is given. */
class HtmlTest {
    private static final Map<String, Object> PROVENANCE = Map.of("implreg_version", "1.0", "git_commit", "abc", "java", "17",
        "blas", "netlib", "created", "2026-12-01T00:00:00Z", "builds", List.of(Map.of("implreg_version", "1.0", "git_commit", "abc",
            "records", 3)));

    @Test
    void theFindingsComeFirstAndTheProvenanceLast() {
        String page = Html.page("t", PROVENANCE, List.of("<p id=\"found\">what was found</p>\n"), null, List.of("summary.json"));
        assertThat(page.indexOf("what was found")).isLessThan(page.indexOf("id=\"provenance\""));
        assertThat(page.indexOf("<h1>t</h1>\n<p id=\"found\">")).isPositive();
        assertThat(page.indexOf("Results by the build")).isGreaterThan(page.indexOf("id=\"provenance\""));
    }

    @Test
    void theProvenanceLinksOnlyTheFilesItIsGiven() {
        String none = Html.page("t", PROVENANCE, List.of(), null);
        assertThat(none).doesNotContain("href=\"provenance.json\"").doesNotContain("<a href=\"runs.csv\"").contains("BLAS netlib");
        String two = Html.page("t", PROVENANCE, List.of(), null, List.of("runs.csv", "provenance.json"));
        assertThat(two).contains(". Files: <a href=\"runs.csv\">runs.csv</a>, <a href=\"provenance.json\">provenance.json</a>.</p>");
    }
}

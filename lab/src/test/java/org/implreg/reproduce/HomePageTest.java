package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home page from folders made by hand: finished, unfinished, malformed, unregistered; and Page's key annotations. */
class HomePageTest {
    @TempDir
    Path tmp;

    private static void summary(Path dir, String json) throws Exception {
        Files.createDirectories(dir.resolve("figures"));
        Files.writeString(dir.resolve("summary.json"), json);
        Files.writeString(dir.resolve("index.html"), "<html></html>");
    }

    @Test
    void oneRowPerFolderWithBadgesTimesCommitsAndThumbnails() throws Exception {
        summary(tmp.resolve("razin2020"), """
            {"reproduction": "razin2020", "paper": "Razin & Cohen 2020", "mode": "quick",
             "verdicts": [{"figure": "Theorem 1", "claim": "norms grow", "verdict": "agrees", "evidence": "e"},
                          {"figure": "Contrast", "claim": "bounded", "verdict": "partly", "evidence": "e"},
                          {"figure": "Invariant", "claim": "sign", "verdict": "disagrees", "evidence": "e"}],
             "seconds": 754.2, "provenance": {"git_commit": "0123456789abcdef0123", "git_dirty": "true",
             "created": "2026-12-01T09:36:12.123Z"}}""");
        Files.write(tmp.resolve("razin2020/figures/b.png"), new byte[] {1});
        Files.write(tmp.resolve("razin2020/figures/a.png"), new byte[] {1});
        Files.write(tmp.resolve("razin2020/figures/a.svg"), new byte[] {1});
        Files.createDirectories(tmp.resolve("chou2021"));              // running: no summary yet
        summary(tmp.resolve("li2021"), "{\"verdicts\": [");             // torn
        summary(tmp.resolve("arora2019"), "[1, 2]");                    // not an object
        summary(tmp.resolve("my-own"), "{\"paper\": \"mine\", \"verdicts\": [{\"verdict\": \"maybe\"}]}");
        Files.createDirectories(tmp.resolve("not-a-reproduction"));     // no summary.json: not listed

        assertThat(HomePage.write(tmp)).isTrue();
        String html = Files.readString(tmp.resolve("index.html"));
        assertThat(html).contains(HomePage.GENERATOR)
            .contains("<a class=\"page\" href=\"razin2020/index.html\">razin2020</a>")
            .contains("<span class=\"badge verdict-agrees\" title=\"summary.json: verdicts[0].verdict — norms grow\">Theorem 1: agrees</span>")
            .contains("class=\"badge verdict-partly\"").contains("class=\"badge verdict-disagrees\"")
            .contains("12.6 min").contains("2026-12-01 09:36 UTC").contains(">0123456789ab</code> (dirty)")
            .contains("Razin &amp; Cohen 2020")
            .contains("no summary.json yet").contains("malformed summary.json: not a JSON object").contains("malformed summary.json: ")
            .contains("<small>(not a registered reproduction)</small>").contains("class=\"badge verdict-unknown\"")
            .doesNotContain("not-a-reproduction").doesNotContain("a.svg");
        // thumbnails sorted, linking the figure
        assertThat(html).contains("<a href=\"razin2020/figures/a.png\"><img src=\"razin2020/figures/a.png\"");
        assertThat(html.indexOf("figures/a.png")).isLessThan(html.indexOf("figures/b.png"));
        // registry order (chou2021 before arora2019 before razin2020 before li2021), then the others
        List<Integer> at = List.of("chou2021", "arora2019", "razin2020", "li2021", "my-own").stream()
            .map(n -> html.indexOf("id=\"" + n + "\"")).toList();
        assertThat(at).doesNotContain(-1).isSorted();
        // a rewrite replaces its own page
        assertThat(HomePage.write(tmp)).isTrue();
    }

    @Test
    void badgesCarryWhatWasFoundAndTheRowSaysItShortly() throws Exception {
        Finding.Owner conjecture = Finding.Owner.of("Gunasekar et al.", "conjecture");
        Finding a = Finding.claim("(a)", "the flow approaches GLRL", Verdict.AGREES, "e1").by(Finding.Owner.of("Li et al.", "GLRL theorem"),
            "the distance falls 10× on 2 of 2 problems");
        Finding b = Finding.claim("(b)", "GLRL explains most limits", Verdict.PARTLY, "e2").by(Finding.Owner.of("Li et al.", "prediction"),
            "67.0% are GLRL's solution");
        Finding d = Finding.claim("(d) Figure 2(c)", "the gap persists", Verdict.AGREES, "e3")
            .by(Finding.Owner.of("Li et al.", "prediction").against(conjecture), "the gap is +14.3% at α = 1e-8");
        summary(tmp.resolve("li2021"), Json.toJson(Map.of("paper", "Li, Luo & Lyu 2021", "mode", "quick",
            "verdicts", List.of(a.toMap(), b.toMap(), d.toMap()))));
        assertThat(HomePage.write(tmp)).isTrue();
        String html = Files.readString(tmp.resolve("index.html"));
        // the badge's title is the sentence; the row names how many claims hold and the headline of each that does not in full
        assertThat(html).contains("<span class=\"badge verdict-agrees\" title=\"Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds: the gap is +14.3% at α = 1e-8.\">(d) Figure 2(c): agrees</span>")
            .contains("<td class=\"found\">2 of 3 claims hold in full; (b): Li et al.'s prediction holds in part.</td>");
        // the page: the sentences first, each with its badge and key; the paragraph names whose claim and colours the headline
        JsonNode s = Json.MAPPER.readTree(tmp.resolve("li2021/summary.json").toFile());
        String header = Page.header(s);
        assertThat(header).startsWith("<ul class=\"found\">\n<li><b>(a)</b> Li et al.'s GLRL theorem holds: the distance falls 10× on 2 of 2 "
            + "problems. <span class=\"badge verdict-agrees\"");
        assertThat(header.indexOf("Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds")).isLessThan(header.indexOf("all reproductions"));
        assertThat(Page.verdictParagraph(d)).contains("<b>Li et al.'s prediction ((d) Figure 2(c)):</b> the gap persists")
            .contains("<span class=\"ok\">Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds</span>");
        assertThat(HomePage.summaryLine(Json.MAPPER.valueToTree(List.of(a.toMap())))).isEqualTo("Li et al.'s GLRL theorem holds.");
    }

    @Test
    void anIndexHtmlNotWrittenHereIsKept() throws Exception {
        Files.writeString(tmp.resolve("index.html"), "<html>my site</html>");
        assertThat(HomePage.write(tmp)).isFalse();
        assertThat(Files.readString(tmp.resolve("index.html"))).isEqualTo("<html>my site</html>");
    }

    @Test
    void anEmptyFolderSaysSo() throws Exception {
        assertThat(HomePage.write(tmp)).isTrue();
        assertThat(Files.readString(tmp.resolve("index.html"))).contains("No reproduction has run into this folder yet");
    }

    @Test
    void pagesNameTheKeyOfEachNumber() throws Exception {
        JsonNode s = Json.MAPPER.valueToTree(Map.of("seconds", 3.5, "mode", "quick",
            "verdicts", List.of(Map.of("figure", "2", "verdict", "agrees", "evidence", "gap 0.001 at d = 50 in every panel")),
            "figure2", Map.of("a", Map.of("min_nuclear_norm", 1.25, "series", List.of(1, 2, 3))),
            "long", java.util.Collections.nCopies(40, 0.5)));
        assertThat(Page.header(s)).contains("<a href=\"../index.html\">").contains("wall time 3.5 s <code class=\"key\" title=\"summary.json key\">seconds</code>")
            .contains("class=\"badge verdict-agrees\"");
        String keys = Page.keys(s, false);
        assertThat(keys).contains("id=\"summary-keys\"").contains("<code>figure2.a.min_nuclear_norm</code></td><td class=\"l\">1.25")
            .contains("<code>figure2.a.series</code></td><td class=\"l\">[1,2,3]").contains("<code>verdicts[0].evidence</code>")
            .contains("a list of 40 values");
        String page = "<p>" + Page.verdictParagraph(Finding.claim("2", "paper", Verdict.AGREES, "gap 0.001 at d = 50 in every panel")
            .by(Finding.Owner.of("Gunasekar et al.", "Figure 2 observation"), "the gap is 0.1%")) + "</p>";
        assertThat(Page.annotateEvidence(page, s.get("verdicts")))
            .contains("gap 0.001 at d = 50 in every panel</span> <code class=\"key\" title=\"summary.json key\">verdicts[0].evidence</code>");
    }
}

package org.implreg.reproduce.wu2021;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Reproductions;
import org.implreg.sweep.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wu2021 at CI size: registered, writes its page, figures and summary, and a rerun reads its rows back to the same summary. */
class Wu2021Test {
    @TempDir
    Path tmp;

    @Test
    void ciSizedRunWritesPageFiguresAndSummaryAndResumes() throws Exception {
        Reproduction w = Reproductions.get("wu2021").ciSized();
        Path dir = tmp.resolve("wu2021");
        StringWriter out = new StringWriter();
        w.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(out), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("reproduction").asText()).isEqualTo("wu2021");
        assertThat(s.get("experiments").size()).isEqualTo(4);
        assertThat(s.get("verdicts").size()).isEqualTo(5);
        for (JsonNode f : s.get("files").get("figures")) {
            assertThat(dir.resolve(f.asText())).isRegularFile();
        }
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Figure 1", "Figure 2", "mirror descent");
        String first = Files.readString(dir.resolve("summary.json")).replaceAll("\"seconds\" : [^,]*,", "").replaceAll("(?s)\"provenance\".*", "");
        w.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        String second = Files.readString(dir.resolve("summary.json")).replaceAll("\"seconds\" : [^,]*,", "").replaceAll("(?s)\"provenance\".*", "");
        assertThat(second).isEqualTo(first);
    }
}

package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code implreg atlas}: a tiny atlas's files, and bad input refused with exit 2 and one line before anything is written. */
class AtlasCommandTest {
    @TempDir
    Path tmp;

    static final String TINY = """
        family: gaussian
        n: 4
        ranks: [1]
        m: [9]
        trials: 2
        solvers:
          - {method: flow, alphas: [1e-3, 1e-6], max_iter: 20000, options: {rtol: 1e-6}}
          - {method: gd, step: 0.03, max_iter: 2000}
        """;

    @Test
    void writesTheSpecTheStoreAndAtlasJson() throws Exception {
        Path spec = Files.writeString(tmp.resolve("a.yaml"), TINY);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("atlas", spec.toString(), "--out", out.toString(), "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("atlas: 2 instances").contains("atlas: 2/2 instances");
        assertThat(Files.readAllLines(out.resolve("atlas.jsonl"))).hasSize(2);
        JsonNode j = Json.MAPPER.readTree(out.resolve("atlas.json").toFile());
        assertThat(j.get("D").asInt()).isEqualTo(10);
        assertThat(j.get("records").size()).isEqualTo(2);
        assertThat(j.get("records").get(0).get("solvers").get(0).get("solver").asText()).isEqualTo("nucmin");
        CliTest.Run again = CliTest.run("atlas", out.resolve("spec.json").toString(), "--out", out.toString(), "-q");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).isEmpty();
        assertThat(Files.readAllLines(out.resolve("atlas.jsonl"))).as("the spec copy names the same instances").hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "family: gaussian|family: nosuch|family: ",
        "m: [9]|m: [11]|m[0]: m = 11 must be in 1..D = 10",
        "trials: 2|trials: 0|trials: must be ≥ 1",
        "ranks: [1]|ranks: [4]|ranks[0]: rank 4 must be in 1..n−1",
        "method: gd,|method: nosuch,|solvers[1].method: ",
    })
    void refusesBadInputWithExitTwoAndOneLineWritingNothing(String from, String to, String message) throws Exception {
        Path spec = Files.writeString(tmp.resolve("a.yaml"), TINY.replace(from, to));
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("atlas", spec.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("atlas: error: a.yaml: " + message);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.exists(out)).as("nothing written").isFalse();
    }

    @Test
    void refusesAnUnknownPresetAndAnOutputThatIsAFile() throws Exception {
        CliTest.Run r = CliTest.run("atlas", "huge", "--out", tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        Path file = Files.writeString(tmp.resolve("f"), "x");
        CliTest.Run f = CliTest.run("atlas", "quick", "--out", file.toString());
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err().strip().lines()).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}

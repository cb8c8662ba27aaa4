package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 31's indefinite targets on the command line: {@code problem --planted indefinite --negative-rank}, {@code solve
 * --method gd-pm --trace} on sensing and completion, and bad values refused with exit 2 and one line before any work.
 */
class IndefiniteCliTest {
    @TempDir
    Path tmp;

    @Test
    void plantIndefiniteSolveWithGdPmAndTrace() throws Exception {
        for (String meas : List.of("gaussian", "uniform")) {
            Path p = tmp.resolve(meas + ".npz");
            CliTest.Run made = CliTest.run("problem", "--n", "6", "--rank", "1", "--negative-rank", "1", "--planted", "indefinite",
                "--measurement", meas, "--m", "20", "--seed", "2", "--out", p.toString());
            assertThat(made.code()).as(made.err()).isZero();
            assertThat(made.out()).contains("indefinite", "rank=1,1");
            Path r = tmp.resolve(meas + ".json");
            Path t = tmp.resolve(meas + ".jsonl");
            CliTest.Run run = CliTest.run("solve", "--problem", p.toString(), "--method", "gd-pm", "--max-iter", "300", "--step", "0.05",
                "-o", "start=identity", "--trace", t.toString(), "--trace-every", "100", "--out", r.toString(), "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode res = new ObjectMapper().readTree(r.toFile());
            assertThat(res.get("method").asText()).isEqualTo("gd-pm");
            List<String> lines = Files.readAllLines(t);
            JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            assertThat(last.get("iteration").asLong()).isEqualTo(300);
            assertThat(new ObjectMapper().readTree(lines.get(1)).get("nuclear_norm").asDouble()).as("X₀ = UUᵀ − VVᵀ = 0").isZero();
        }
    }

    @Test
    void badValuesExitTwoWithOneLine() {
        Path out = tmp.resolve("x.npz");
        for (String[] args : List.of(
            new String[] {"problem", "--n", "6", "--rank", "4", "--negative-rank", "3", "--planted", "indefinite", "--out", out.toString()},
            new String[] {"problem", "--n", "6", "--rank", "1", "--negative-rank", "1", "--out", out.toString()},
            new String[] {"problem", "--n", "6", "--rank", "1", "--negative-rank", "-1", "--planted", "indefinite", "--out", out.toString()})) {
            CliTest.Run r = CliTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(out).doesNotExist();
        }
        Path p = tmp.resolve("p.npz");
        assertThat(CliTest.run("problem", "--n", "6", "--rank", "1", "--negative-rank", "1", "--planted", "indefinite", "--m", "20",
            "--out", p.toString()).code()).isZero();
        for (String[] opt : List.of(new String[] {"-o", "v_scale=-1"}, new String[] {"-o", "start=eye"}, new String[] {"--step", "0"},
            new String[] {"--line-search"})) {
            Path r = tmp.resolve("r.json");
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("solve", "--problem", p.toString(), "--method", "gd-pm",
                "--out", r.toString()), java.util.stream.Stream.of(opt)).toArray(String[]::new);
            CliTest.Run run = CliTest.run(args);
            assertThat(run.code()).as(String.join(" ", opt)).isEqualTo(2);
            assertThat(run.err().strip().lines().count()).as(run.err()).isEqualTo(1);
            assertThat(r).doesNotExist();
        }
    }
}

package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --trace}, {@code complete --trace} and {@code plot} (issue 21). */
class TraceCliTest {
    @TempDir
    Path tmp;

    static final ObjectMapper M = new ObjectMapper();

    @Test
    void solveWritesATraceWhoseLastLineIsTheResultAndPlotDrawsIt() throws Exception {
        Path p = tmp.resolve("p.npz");
        assertThat(CliTest.run("problem", "--n", "8", "--rank", "1", "--seed", "3", "--out", p.toString()).code()).isZero();
        Path t = tmp.resolve("t.jsonl");
        Path r = tmp.resolve("r.json");
        CliTest.Run run = CliTest.run("solve", "--problem", p.toString(), "--max-iter", "2000", "--step", "0.01", "--trace", t.toString(),
            "--trace-top", "3", "--out", r.toString(), "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(t);
        JsonNode head = M.readTree(lines.get(0));
        assertThat(head.get("run").get("method").asText()).isEqualTo("gd");
        JsonNode first = M.readTree(lines.get(1));
        JsonNode last = M.readTree(lines.get(lines.size() - 1));
        JsonNode result = M.readTree(r.toFile());
        assertThat(first.get("iteration").asLong()).isZero();
        assertThat(last.get("iteration").asLong()).isEqualTo(result.get("iterations").asLong());
        assertThat(last.get("loss").asDouble()).isEqualTo(result.get("train_loss").asDouble());
        assertThat(last.get("nuclear_norm").asDouble()).isEqualTo(result.get("nuclear_norm").asDouble());
        assertThat(last.get("singular_values")).hasSize(3);
        assertThat(lines.size()).isBetween(50, 200); // log-spaced: every k up to ~21, then ~50 per decade
        Path png = tmp.resolve("f.png");
        Path svg = tmp.resolve("f.svg");
        assertThat(CliTest.run("plot", t.toString(), "--out", png.toString()).code()).isZero();
        assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        Path t2 = tmp.resolve("t2.jsonl");
        assertThat(CliTest.run("solve", "--problem", p.toString(), "--max-iter", "2000", "--step", "0.02", "--trace", t2.toString(),
            "--trace-every", "100", "--out", tmp.resolve("r2.json").toString(), "--quiet").code()).isZero();
        assertThat(Files.readAllLines(t2)).hasSize(1 + 21);
        CliTest.Run plot = CliTest.run("plot", t.toString(), t2.toString(), "--y", "loss", "--out", svg.toString());
        assertThat(plot.code()).as(plot.err()).isZero();
        String text = Files.readString(svg);
        assertThat(text).contains("<svg");
    }

    @Test
    void completeTracesCompletionGd() throws Exception {
        HostileInputTest.ratings(tmp);
        Path t = tmp.resolve("t.jsonl");
        CliTest.Run run = CliTest.run("complete", "--train", tmp.resolve("r.data").toString(), "--d", "3", "--max-iter", "500",
            "--checkpoint-every", "100", "--trace", t.toString(), "--trace-every", "50", "--out", tmp.resolve("r.json").toString(), "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(t);
        assertThat(lines).hasSize(1 + 11); // 0, 50, …, 500: each once, though segments of 100 steps repeat their first iterate
        JsonNode last = M.readTree(lines.get(lines.size() - 1));
        assertThat(last.get("iteration").asLong()).isEqualTo(500);
        assertThat(last.get("singular_values").get(0).asDouble()).isPositive();
        assertThat(last.get("rel_error").isNull()).isTrue();
        JsonNode result = M.readTree(tmp.resolve("r.json").toFile());
        assertThat(last.get("nuclear_norm").asDouble()).isCloseTo(result.get("nuclear_norm").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    }
}

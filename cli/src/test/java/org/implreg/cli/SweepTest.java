package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Sweeps;

/** Sweeps: resumable after SIGKILL, independent of the thread count, strict about their specs. */
class SweepTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** 36 small runs: GD for 3 d × 3 init scales × 3 seeds, and flow, toe, xgd for 3 seeds each. */
    static final String SPEC = """
        name: kill-test
        problem: {n: 10, rank: 1, measurement: gaussian, seed: 4}
        methods:
          - {method: gd, step: 0.02, tol: 1e-5, max_iter: 20000, grid: {d: [1, 3, 10], init_scale: [1e-3, 0.1, 1.0]}}
          - {method: flow, init_scale: 1e-3, tol: 1e-5}
          - {method: toe, init_scale: 1e-3, step: 0.2, tol: 1e-3, max_iter: 20000}
          - {method: xgd, tol: 1e-6}
        seeds: [0, 1, 2]
        """;

    Path spec(String text) throws Exception {
        Path f = tmp.resolve("spec-" + Math.abs(text.hashCode()) + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    /** key → record, failing on duplicates. */
    static Map<String, JsonNode> records(Path dir) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("runs.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = MAPPER.readTree(line);
            assertThat(m.put(n.get("key").asText(), n)).as("duplicate run " + n.get("key")).isNull();
        }
        return m;
    }

    static void assertSameResults(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : a.keySet()) {
            // bitwise: JSON numbers are written with all 17 significant digits
            assertThat(a.get(k).get("result")).as(k).isEqualTo(b.get(k).get("result"));
            assertThat(a.get(k).get("config")).as(k).isEqualTo(b.get(k).get("config"));
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCountAndRerunsSkipFinishedRuns() throws Exception {
        Path s = spec(SPEC);
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        assertThat(CliTest.run("run", s.toString(), "--out", one.toString(), "--threads", "1", "--quiet").code()).isZero();
        assertThat(CliTest.run("run", s.toString(), "--out", two.toString(), "--threads", "2", "--quiet").code()).isZero();
        Map<String, JsonNode> r1 = records(one);
        assertThat(r1).hasSize(36);
        assertThat(Files.readAllLines(one.resolve("aggregate.csv"))).hasSize(1 + 9 + 3);
        assertSameResults(r1, records(two));
        assertThat(Files.readAllLines(one.resolve("runs.csv"))).hasSize(37);
        // the report: aggregate over seeds, figures vs d (GD), index.html showing them
        assertThat(Files.readAllLines(one.resolve("aggregate.csv")).get(0)).startsWith("label,problem,params,runs");
        assertThat(Files.readString(one.resolve("index.html"))).contains("figures/p0-rel_error-vs-d.png").contains("± ");
        assertThat(Files.size(one.resolve("figures/p0-rel_error-vs-d.png"))).isPositive();
        assertThat(Files.readString(one.resolve("figures/p0-nuclear_norm-vs-d.svg"))).contains("<svg");
        JsonNode prov = MAPPER.readTree(one.resolve("provenance.json").toFile());
        assertThat(prov.has("git_commit")).isTrue();
        assertThat(prov.get("options").get("spec").get("name").asText()).isEqualTo("kill-test");
        // a rerun does nothing new
        long before = Files.size(one.resolve("runs.jsonl"));
        CliTest.Run again = CliTest.run("run", s.toString(), "--out", one.toString(), "--threads", "2");
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("0 now, 36 before");
        assertThat(Files.size(one.resolve("runs.jsonl"))).isEqualTo(before);
    }

    @Test
    void aSweepKilledMidwayResumesWithEveryRunExactlyOnce() throws Exception {
        Path s = spec(SPEC);
        Path reference = tmp.resolve("reference");
        assertThat(CliTest.run("run", s.toString(), "--out", reference.toString(), "--threads", "2", "--quiet").code()).isZero();

        Path killed = tmp.resolve("killed");
        Path jsonl = killed.resolve("runs.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.implreg.cli.Main", "run",
            s.toString(), "--out", killed.toString(), "--threads", "2", "--quiet")
            .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive() && lines(jsonl) < 4) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        int partial = lines(jsonl);
        assertThat(partial).as(Files.readString(tmp.resolve("child.log"))).isBetween(1, 35);
        // a write torn by the kill: a partial last line without newline
        Files.writeString(jsonl, "{\"key\":\"0123456789abcdef\",\"index\":3,\"res", StandardOpenOption.APPEND);

        CliTest.Run resumed = CliTest.run("run", s.toString(), "--out", killed.toString(), "--threads", "2");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains((36 - partial) + " now, " + partial + " before");
        Map<String, JsonNode> got = records(killed);
        assertThat(got).hasSize(36);
        assertSameResults(got, records(reference));
    }

    /**
     * GD runs on one Gaussian operator are solved as one batch; when an interrupted sweep recorded only
     * some of a batch, the rerun recomputes the batch whole and appends the rest, bitwise equal to an
     * uninterrupted sweep. Without batching (--batch 1) the values agree to rounding.
     */
    @Test
    void aHalfRecordedBatchIsRecomputedWholeAndBatchingOnlyChangesRounding() throws Exception {
        Path s = spec(SPEC);
        Path reference = tmp.resolve("reference");
        assertThat(CliTest.run("run", s.toString(), "--out", reference.toString(), "--threads", "2", "--quiet").code()).isZero();
        List<String> gdLines = Files.readAllLines(reference.resolve("runs.jsonl")).stream()
            .filter(l -> l.contains("\"method\":\"gd\"")).toList();
        assertThat(gdLines).hasSize(27);
        Path half = tmp.resolve("half");
        Files.createDirectories(half);
        Files.write(half.resolve("runs.jsonl"), List.of(gdLines.get(3), gdLines.get(11), gdLines.get(20)));
        CliTest.Run resumed = CliTest.run("run", s.toString(), "--out", half.toString(), "--threads", "1");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("33 now, 3 before");
        assertSameResults(records(half), records(reference));

        Path single = tmp.resolve("single");
        assertThat(CliTest.run("run", s.toString(), "--out", single.toString(), "--batch", "1", "--quiet").code()).isZero();
        Map<String, JsonNode> a = records(single);
        Map<String, JsonNode> b = records(reference);
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : a.keySet()) {
            JsonNode ra = a.get(k).get("result");
            JsonNode rb = b.get(k).get("result");
            assertThat(ra.get("stop_reason")).isEqualTo(rb.get("stop_reason"));
            assertThat(ra.get("iterations").asDouble()).isCloseTo(rb.get("iterations").asDouble(),
                org.assertj.core.data.Offset.offset(2.0));
            assertThat(ra.get("nuclear_norm").asDouble()).as(k).isCloseTo(rb.get("nuclear_norm").asDouble(),
                org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    private static int lines(Path f) throws Exception {
        if (!Files.exists(f)) {
            return 0;
        }
        String t = Files.readString(f, StandardCharsets.UTF_8);
        return (int) t.chars().filter(c -> c == '\n').count();
    }

    @Test
    void malformedSpecsExitTwoWithOneLineNamingTheKey() throws Exception {
        Map<String, String> cases = Map.of(
            "problem: {n: 5}\nmethods: [{method: gd, stepp: 0.1}]\n", "methods[0].stepp: unknown key",
            "problem: {n: 5}\nmethods: [{method: gd, step: fast}]\n", "methods[0].step: expected a number",
            "problem: {n: 5}\nmethods: [{method: gd}]\ngrid: {d: []}\n", "grid.d: empty axis",
            "problem: {n: 5}\nmethods: [{method: newton}]\n", "methods[0].method: unknown method 'newton'",
            "problem: {n: 5, colour: red}\nmethods: [{method: gd}]\n", "problem.colour: unknown key",
            "problem: {n: five}\nmethods: [{method: gd}]\n", "problem.n: expected an integer",
            "problem: {n: 5}\nmethods: [{method: gd}]\ngrid: {speed: [1]}\n", "grid.speed: unknown axis",
            "problem: {n: 5}\nmethods: [{method: gd, options: {rtol: 1}}]\n", "has no option 'rtol'",
            "problem: {n: 5}\nmethods: [{method: gd, grid: {d: [2, 9]}}]\n", "d = 9 must be in 1..n = 5",
            "problem: {n: 5}\nmethods: [{method: gd}]\nseeds: [a]\n", "seeds[0]: expected an integer");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path s = spec(c.getKey());
            Path out = tmp.resolve("out-" + Math.abs(c.getKey().hashCode()));
            CliTest.Run r = CliTest.run("run", s.toString(), "--out", out.toString(), "--quiet");
            assertThat(r.code()).as(c.getKey() + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(s.getFileName().toString()).contains(c.getValue()).doesNotContain("Exception");
            assertThat(Files.exists(out)).isFalse();
        }
        for (String bad : List.of("::: not yaml [", "")) {
            Path s = spec(bad + "\n");
            CliTest.Run r = CliTest.run("run", s.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
            assertThat(r.code()).as(bad).isEqualTo(2);
        }
    }
}

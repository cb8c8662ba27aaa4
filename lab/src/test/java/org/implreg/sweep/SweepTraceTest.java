package org.implreg.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.metrics.TraceSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's {@code trace:} (issue 21): traces/<run key>.jsonl beside runs.jsonl, resumable, validated. */
class SweepTraceTest {
    @TempDir
    Path tmp;

    static ExperimentSpec spec(String yaml) throws Exception {
        return SpecFiles.parse(new YAMLMapper().readTree(yaml), "s.yaml");
    }

    static final String SPEC = "problem: {n: 6, rank: 1}\nmethods: [{method: gd, step: 0.01, max_iter: 300, grid: {d: [2, 6]}}, {method: xgd, max_iter: 100}]\n"
        + "seeds: [0, 1]\ntrace: {every: 50, top: 3}\n";

    @Test
    void everyRunGetsItsTraceOnceAndARerunAddsNothing() throws Exception {
        ExperimentSpec s = spec(SPEC);
        assertThat(s.trace()).isEqualTo(new ExperimentSpec.Trace(TraceSchedule.every(50), 3));
        Map<String, JsonNode> recs = Sweeps.run(SweepEngine.LOCAL, s, "s.yaml", tmp, 2, 32, Monitor.NONE, null);
        Path traces = tmp.resolve("traces");
        for (RunConfig c : s.runs()) {
            Path t = Sweeps.traceFile(traces, c.key());
            List<String> lines = Files.readAllLines(t);
            JsonNode head = new ObjectMapper().readTree(lines.get(0)).get("run");
            assertThat(head.get("key").asText()).isEqualTo(c.key());
            assertThat(head.get("method").asText()).isEqualTo(c.settings().method());
            JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            JsonNode result = recs.get(c.key()).get("result");
            assertThat(last.get("iteration").asLong()).isEqualTo(result.get("iterations").asLong());
            assertThat(last.get("loss").asDouble()).isEqualTo(result.get("train_loss").asDouble());
            assertThat(last.get("singular_values")).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(Files.readString(tmp.resolve("runs.jsonl"))).doesNotContain(SweepOutput.TRACE_KEY);
        long runsLines = Files.readAllLines(tmp.resolve("runs.jsonl")).size();
        String one = s.runs().get(0).key();
        Files.delete(Sweeps.traceFile(traces, one));
        long before = Files.getLastModifiedTime(Sweeps.traceFile(traces, s.runs().get(1).key())).toMillis();
        Sweeps.run(SweepEngine.LOCAL, s, "s.yaml", tmp, 1, 32, Monitor.NONE, null);
        assertThat(Files.readAllLines(tmp.resolve("runs.jsonl"))).hasSize((int) runsLines);
        assertThat(Sweeps.traceFile(traces, one)).exists();
        assertThat(Files.getLastModifiedTime(Sweeps.traceFile(traces, s.runs().get(1).key())).toMillis()).isEqualTo(before);
        try (var files = Files.list(traces)) {
            assertThat(files.count()).isEqualTo(s.runs().size());
        }
    }

    @Test
    void anEngineWithoutTracesRefusesATracedSpecBeforeWritingAnything() throws Exception {
        SweepEngine noTraces = new SweepEngine() { // e.g. Spark's
            @Override
            public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                                 java.util.function.Consumer<Map<String, Object>> sink) {
                throw new AssertionError("no unit may run");
            }

            @Override
            public String describe() {
                return "elsewhere";
            }
        };
        assertThat(noTraces.supportsTraces()).isFalse();
        assertThat(SweepEngine.LOCAL.supportsTraces()).isTrue();
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> Sweeps.run(noTraces, spec(SPEC), "s.yaml", out, 1, 32, Monitor.NONE, null))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("trace: traces are recorded by the local engine only");
        assertThat(out).as("no runs.jsonl, no provenance.json").doesNotExist();
    }

    @Test
    void aSweepWithoutTraceWritesNone() throws Exception {
        Sweeps.run(SweepEngine.LOCAL, spec("problem: {n: 5, rank: 1}\nmethods: [{method: xgd, max_iter: 20}]\n"), "s.yaml", tmp, 1, 32, Monitor.NONE, null);
        assertThat(tmp.resolve("traces")).doesNotExist();
    }

    @Test
    void badTraceKeysAreOneLineNamingTheKey() throws Exception {
        String base = "problem: {n: 5, rank: 1}\nmethods: [{method: gd}]\n";
        Map<String, String> cases = Map.of(
            "trace: {every: 0}\n", "s.yaml: trace.every must be ≥ 1, got 0",
            "trace: {every: 5, log_spaced: 10}\n", "s.yaml: trace.every and trace.log_spaced exclude each other",
            "trace: {log_spaced: -1}\n", "s.yaml: trace.log_spaced must be in 1..1000000, got -1",
            "trace: {evry: 5}\n", "trace.evry: unknown key",
            "trace: {top: 0}\n", "s.yaml: trace.top must be ≥ 1, got 0",
            "trace: 5\n", "s.yaml: trace: expected a mapping",
            "trace: {every: fast}\n", "trace.every: expected an integer");
        cases.forEach((yaml, msg) -> assertThatThrownBy(() -> spec(base + yaml)).as(yaml).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(msg));
        assertThat(assertDefault(base + "trace: {}\n")).isEqualTo(TraceSchedule.DEFAULT);
    }

    private static TraceSchedule assertDefault(String yaml) throws Exception {
        return spec(yaml).trace().schedule();
    }
}

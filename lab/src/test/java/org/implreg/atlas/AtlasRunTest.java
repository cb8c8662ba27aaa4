package org.implreg.atlas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.report.RecordJson;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SpecReader;
import org.implreg.sweep.SweepEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atlas's runner: the records of a tiny atlas on 1 and 2 threads are equal bitwise (timings aside); a crash after k
 * instances (or a torn last line) followed by a rerun loses and duplicates nothing; a registered test-only method
 * ({@code landweber}, core's test jar) is a row without changes to the atlas; the conjecture answer is one of the
 * conjecture's answers where the spec has a flow α list and glrl, null otherwise.
 */
class AtlasRunTest {
    @TempDir
    Path tmp;

    /** n = 4, rank 1, two m, 2 trials; nucmin (added), flow at 2 α, gd. */
    static final String TINY = """
        family: gaussian
        n: 4
        ranks: [1]
        m: [5, 9]
        trials: 2
        seed: 3
        solvers:
          - {method: flow, alphas: [1e-3, 1e-6], max_iter: 20000, options: {rtol: 1e-6}}
          - {method: gd, step: 0.03, max_iter: 3000}
        """;

    static AtlasSpec spec(String text) {
        return AtlasSpecs.parse(SpecReader.parse(text, "tiny.yaml"), "tiny.yaml");
    }

    /** The records' JSON without their timings ({@code seconds}, the instance's and each solver's). */
    static List<JsonNode> withoutTimings(List<AtlasRecord> records) {
        List<JsonNode> out = new ArrayList<>();
        for (AtlasRecord r : records) {
            ObjectNode j = (ObjectNode) RecordJson.toTree(r);
            j.remove("seconds");
            j.get("solvers").forEach(s -> ((ObjectNode) s).remove("seconds"));
            out.add(j);
        }
        return out;
    }

    static final Consumer<String> QUIET = s -> { };

    @Test
    void recordsAreTheSameOnOneAndTwoThreads() {
        AtlasSpec s = spec(TINY);
        List<AtlasRecord> one = Atlas.run(s, tmp.resolve("one"), SweepEngine.LOCAL, 1, QUIET);
        List<AtlasRecord> two = Atlas.run(s, tmp.resolve("two"), SweepEngine.LOCAL, 2, QUIET);
        assertThat(one).hasSize(4);
        assertThat(withoutTimings(two)).isEqualTo(withoutTimings(one));
        AtlasRecord r = one.get(0);
        assertThat(r.solvers()).extracting(AtlasRecord.SolverOutcome::solver).containsExactly("nucmin", "flow α=1e-3", "flow α=1e-6", "gd");
        assertThat(r.solvers().get(0).gapToMin()).isZero();
        assertThat(r.certified()).isTrue();
        assertThat(r.conjecture()).as("no glrl row: no answer").isNull();
        assertThat(one).extracting(AtlasRecord::m).containsExactly(5, 5, 9, 9);
        assertThat(r.seed()).isEqualTo(s.instanceSeed(1, 5, 0));
        // m = 9 of D = 10 Gaussian measurements determine a rank-1 X*: the certified minimum is X*
        assertThat(one.get(2).solvers().get(0).relError()).isLessThanOrEqualTo(s.successTol());
        assertThat(one.get(2).solvers().get(0).outcome()).isEqualTo(AtlasRecord.Outcome.RECOVERED);
    }

    /** An engine that runs the tasks locally but dies (as a killed process) once {@code k} records have reached the store. */
    record CrashingEngine(int k) implements SweepEngine {
        @Override
        public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch, Consumer<Map<String, Object>> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runTasks(List<? extends Task> tasks, int threads, Consumer<Map<String, Object>> sink) {
            int[] n = {0};
            SweepEngine.super.runTasks(tasks, threads, rec -> {
                if (n[0]++ == k) {
                    throw new IllegalStateException("killed");
                }
                sink.accept(rec);
            });
        }

        @Override
        public String describe() {
            return "crashing";
        }
    }

    @Test
    void aCrashFollowedByARerunLosesAndDuplicatesNothing() throws Exception {
        AtlasSpec s = spec(TINY);
        Path out = tmp.resolve("a");
        assertThatThrownBy(() -> Atlas.run(s, out, new CrashingEngine(2), 1, QUIET)).hasMessageContaining("killed");
        Path store = out.resolve("atlas.jsonl");
        assertThat(Files.readAllLines(store)).hasSize(2);
        // a kill during a write: a torn last line
        Files.writeString(store, "{\"key\":\"r1-m9-t1-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<String> progress = new ArrayList<>();
        List<AtlasRecord> resumed = Atlas.run(s, out, SweepEngine.LOCAL, 2, progress::add);
        assertThat(progress.get(0)).contains("2 recorded, running 2");
        List<String> lines = Files.readAllLines(store);
        assertThat(lines).hasSize(4);
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(',')))).doesNotHaveDuplicates();
        List<AtlasRecord> whole = Atlas.run(s, tmp.resolve("b"), SweepEngine.LOCAL, 1, QUIET);
        assertThat(withoutTimings(resumed)).isEqualTo(withoutTimings(whole));
        List<String> again = new ArrayList<>();
        Atlas.run(s, out, SweepEngine.LOCAL, 1, again::add);
        assertThat(again.get(0)).contains("4 recorded, running 0");
        assertThat(Files.readAllLines(store)).hasSize(4);
    }

    @Test
    void aRegisteredTestOnlyMethodIsARow() {
        AtlasSpec s = spec(TINY.replace("trials: 2", "trials: 1").replace("m: [5, 9]", "m: [9]")
            + "  - {method: landweber, max_iter: 2000, options: {scale: 0.5}}\n");
        assertThat(s.labels()).endsWith("landweber");
        AtlasRecord r = Atlas.run(s, tmp.resolve("l"), SweepEngine.LOCAL, 1, QUIET).get(0);
        AtlasRecord.SolverOutcome l = r.solvers().get(r.solvers().size() - 1);
        assertThat(l.solver()).isEqualTo("landweber");
        assertThat(l.method()).isEqualTo("landweber");
        assertThat(l.relError()).isFinite();
        assertThat(l.stopReason()).isIn("converged", "max_iter");
    }

    @Test
    void theConjectureAnswerNeedsAFlowAlphaListAndGlrl() {
        AtlasSpec s = spec(TINY.replace("trials: 2", "trials: 1").replace("m: [5, 9]", "m: [9]") + "  - {method: glrl, max_iter: 20000}\n");
        AtlasRecord r = Atlas.run(s, tmp.resolve("c"), SweepEngine.LOCAL, 1, QUIET).get(0);
        assertThat(r.conjecture()).isIn(org.implreg.analysis.Conjecture.ANSWERS.toArray());
    }

    /** What an engine that runs elsewhere does: the task serialized, sent and run there gives the same record. */
    @Test
    void aSerializedTaskGivesTheSameRecord() throws Exception {
        AtlasTask task = spec(TINY).tasks().get(3);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(task);
        }
        AtlasTask copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AtlasTask) in.readObject();
        }
        assertThat(copy).isEqualTo(task);
        assertThat(withoutTimings(List.of(copy.record()))).isEqualTo(withoutTimings(List.of(task.record())));
    }

    @Test
    void checksTheOutputsBeforeWritingAnything() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> Atlas.run(spec(TINY), file, SweepEngine.LOCAL, 1, QUIET)).isInstanceOf(InvalidInputException.class);
        Path dir = tmp.resolve("d");
        Files.createDirectories(dir.resolve("atlas.json"));
        assertThatThrownBy(() -> Atlas.run(spec(TINY), dir, SweepEngine.LOCAL, 1, QUIET)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is a folder");
        assertThat(Files.exists(dir.resolve("atlas.jsonl"))).isFalse();
        assertThat(Files.exists(dir.resolve("spec.json"))).isFalse();
    }
}

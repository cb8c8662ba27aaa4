package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --engine without the spark module on the class path (this jar): clear errors, nothing run. */
class EngineOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void sparkEngineIsNotInTheDefaultJar() throws Exception {
        Path spec = tmp.resolve("s.yaml");
        Files.writeString(spec, "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n");
        CliTest.Run r = CliTest.run("run", spec.toString(), "--out", tmp.resolve("o").toString(), "--engine", "spark", "--quiet");
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(r.err()).contains("the Spark engine is not on the class path").contains("./implreg");
        assertThat(tmp.resolve("o").resolve("runs.jsonl")).doesNotExist();
    }

    /**
     * The order of a command with an engine (issue 27): the engine's settings are validated first (before the outputs
     * are looked at), a spec the engine cannot run is refused before it starts, and nothing is written before it is up.
     */
    @Test
    void engineSettingsAreValidatedFirstAndNothingIsWrittenBeforeTheEngineIsUp() throws Exception {
        Path spec = tmp.resolve("s.yaml");
        Files.writeString(spec, "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n");
        Path traced = tmp.resolve("t.yaml");
        Files.writeString(traced, "problem: {n: 4, rank: 1}\nmethods: [{method: gd, max_iter: 5}]\ntrace: {every: 1}\n");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path out = tmp.resolve("o");

        RecordingEngineFactory.CALLS.clear(); // a bad setting beats a bad --out: validation comes first
        CliTest.Run r = CliTest.run("run", spec.toString(), "--out", file.toString(), "--engine", "recording", "--master", "bad", "-q");
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(r.err().strip()).isEqualTo("run: error: --master bad: not a master");
        assertThat(RecordingEngineFactory.CALLS).containsExactly("validate");

        RecordingEngineFactory.CALLS.clear(); // trace: refused before the engine starts
        r = CliTest.run("run", traced.toString(), "--out", out.toString(), "--engine", "recording", "-q");
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(r.err().strip()).isEqualTo("run: error: " + traced + ": trace: traces are recorded by the local engine only "
            + "(run this spec without --engine recording)");
        assertThat(RecordingEngineFactory.CALLS).containsExactly("validate");
        assertThat(out).doesNotExist();

        RecordingEngineFactory.CALLS.clear(); // an engine that does not start: exit 1, one line, nothing written
        r = CliTest.run("run", spec.toString(), "--out", out.toString(), "--engine", "recording", "--master", "down", "-q");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("run: error: --master down: nothing answers");
        assertThat(RecordingEngineFactory.CALLS).containsExactly("validate", "create");
        assertThat(out).doesNotExist();

        RecordingEngineFactory.CALLS.clear(); // and one that does
        r = CliTest.run("run", spec.toString(), "--out", out.toString(), "--engine", "recording", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(RecordingEngineFactory.CALLS).containsExactly("validate", "create", "runUnits");
        assertThat(out.resolve("runs.jsonl")).exists();
    }

    @Test
    void sparkOptionsNeedTheSparkEngine() throws Exception {
        Path spec = tmp.resolve("s.yaml");
        Files.writeString(spec, "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n");
        CliTest.Run r = CliTest.run("run", spec.toString(), "--out", tmp.resolve("o").toString(), "--master", "local[2]", "--quiet");
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(r.err()).contains("--master and --conf need --engine spark");
        assertThat(CliTest.run("reproduce", "gunasekar2017", "--engine", "nope", "--out", tmp.toString()).err())
            .contains("--engine nope: unknown engine");
    }
}

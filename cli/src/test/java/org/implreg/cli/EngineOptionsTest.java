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

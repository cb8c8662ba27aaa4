package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.implreg.io.TraceFile;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.Monitor;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SweepEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reproduction's traced dynamics sweep under an engine that records no traces (reproduce --engine spark). */
class DynamicsTest {
    @TempDir
    Path tmp;

    @Test
    void runsOnTheLocalEngineWhenTheContextsOneRecordsNoTraces() {
        SweepEngine noTraces = new SweepEngine() {
            @Override
            public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                                 Consumer<Map<String, Object>> sink) {
                throw new AssertionError("a traced sweep sent to an engine without traces");
            }

            @Override
            public String describe() {
                return "no traces";
            }
        };
        Reproduction.Context ctx = new Reproduction.Context(tmp, false, 1, 1, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null,
            noTraces);
        assertThat(ctx.engine()).isSameAs(noTraces);
        assertThat(ctx.tracingEngine()).as("traced sweeps on this JVM").isSameAs(SweepEngine.LOCAL);
        List<TraceFile.Trace> traces = Dynamics.sweep(ctx, "dynamics",
            "problem: {n: 4, rank: 1}\nmethods: [{method: gd, step: 0.01, max_iter: 20}]\nseeds: [0, 1]\ntrace: {every: 5}\n");
        assertThat(traces).hasSize(2);
        assertThat(tmp.resolve("dynamics/traces")).isDirectory();
    }
}

package org.implreg.reproduce;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.AtomicFiles;
import org.implreg.io.TraceFile;
import org.implreg.report.SweepReport;
import org.implreg.report.TracePlot;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.Sweeps;

/**
 * Dynamics figures of the reproductions (issue 21): a small traced sweep in a subfolder of the
 * reproduction (its own spec.yaml, runs.jsonl and traces/, resumable like any sweep), read back as
 * traces and drawn by {@link TracePlot}; and the times at which singular values rise.
 */
public final class Dynamics {
    private Dynamics() {}

    /**
     * Runs the traced sweep {@code yaml} (which must have a {@code trace:} key) in {@code ctx.dir()/sub}
     * and returns its traces in the spec's run order. It runs on {@link Reproduction.Context#tracingEngine()}: the
     * context's engine when that records traces, else {@link org.implreg.sweep.SweepEngine#LOCAL} (e.g.
     * {@code reproduce --engine spark}: the main sweep on Spark, this one on the driver).
     */
    public static List<TraceFile.Trace> sweep(Reproduction.Context ctx, String sub, String yaml) {
        Path dir = ctx.dir().resolve(sub);
        AtomicFiles.write(dir.resolve("spec.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        ExperimentSpec spec;
        try {
            spec = SpecFiles.parse(new YAMLMapper().readTree(yaml), sub + "/spec.yaml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, JsonNode> records = Sweeps.run(ctx.tracingEngine(), spec, dir.resolve("spec.yaml").toString(), dir, 1, 1,
            ctx.monitor(), null);
        List<TraceFile.Trace> out = new ArrayList<>();
        for (RunConfig c : spec.runs()) {
            if (records.containsKey(c.key())) {
                out.add(TraceFile.read(Sweeps.traceFile(dir.resolve("traces"), c.key())));
            }
        }
        return out;
    }

    /** Saves the figure of {@code y} over {@code traces} as figures/{@code name}.png and .svg. */
    public static void figure(Reproduction.Context ctx, String name, List<TraceFile.Trace> traces, String y, String title) {
        SweepReport.save(TracePlot.chart(traces, y, title), ctx.dir().resolve("figures").resolve(name));
    }

    /**
     * The x value (flow time, or iteration where {@code iteration}) at which σ_i first reaches half its final
     * value, for i = 1..{@code k}; NaN where it never does.
     */
    static double[] riseTimes(TraceFile.Trace t, int k, boolean iteration) {
        List<Map<String, Object>> lines = t.lines();
        double[] last = vector(lines.get(lines.size() - 1).get("singular_values"));
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = Double.NaN;
            for (Map<String, Object> l : lines) {
                double[] sv = vector(l.get("singular_values"));
                if (i < sv.length && i < last.length && sv[i] >= 0.5 * last[i]) {
                    Object x = l.get(iteration ? "iteration" : "flow_time");
                    out[i] = x instanceof Number n ? n.doubleValue() : Double.NaN;
                    break;
                }
            }
        }
        return out;
    }

    /**
     * One traced run in summary.json: its method (and label), where its trace lies, the iteration (or flow time)
     * at which each of the top k singular values of X first reaches half its final value, and the final ones.
     *
     * @param halfRiseIterations rise times in iterations (null when in flow time)
     * @param halfRiseFlowTimes  rise times in flow time (null when in iterations)
     */
    public record Rise(String method, @JsonInclude(JsonInclude.Include.NON_NULL) String label, String trace,
                       @JsonInclude(JsonInclude.Include.NON_NULL) double[] halfRiseIterations,
                       @JsonInclude(JsonInclude.Include.NON_NULL) double[] halfRiseFlowTimes, double[] finalSingularValues) {}

    /**
     * The run line's method and label and the rise times, for summary.json; {@code folder} is where the
     * trace lies relative to the reproduction's folder (e.g. "dynamics/traces/").
     */
    public static Rise describe(TraceFile.Trace t, String folder, int k, boolean iteration) {
        Object label = t.run().get("label");
        double[] rise = riseTimes(t, k, iteration);
        Map<String, Object> last = t.lines().get(t.lines().size() - 1);
        return new Rise(String.valueOf(t.run().get("method")), label == null ? null : String.valueOf(label),
            folder + t.file().getFileName(), iteration ? rise : null, iteration ? null : rise, vector(last.get("singular_values")));
    }

    public static double[] vector(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().mapToDouble(x -> x instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
        }
        return o instanceof double[] a ? a : new double[0];
    }
}

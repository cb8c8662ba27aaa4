package org.implreg.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.io.TraceFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Figures of traces ({@link TraceFile}): one quantity against the flow time (or the iteration k when
 * a trace has no flow time), both axes logarithmic (the y axis linear for ‖X‖_*, the effective rank and
 * ‖U‖_F); one line per trace, or, for {@code singular_values}, one per σ_i (per trace). Points that a
 * log axis cannot show (k = 0, t = 0, σ = 0, null) are left out. The legend names each trace by its
 * method and the settings in which the traces differ.
 */
public final class TracePlot {
    /** The quantities a plot can show (trace line keys). */
    public static final List<String> Y_KEYS = List.of("singular_values", "loss", "train_error", "rel_error", "nuclear_norm",
        "effective_rank", "u_norm");
    private static final Set<String> LINEAR = Set.of("nuclear_norm", "effective_rank", "u_norm");
    /** Settings a legend may name (in this order) where the traces differ. */
    private static final List<String> LEGEND_KEYS = List.of("method", "label", "depth", "d", "init", "init_scale", "step", "line_search",
        "seed", "options", "problem");
    /** The x axes: the flow time where every line has one, else k ({@code auto}), or one of them. */
    public static final List<String> X_KEYS = List.of("auto", "flow_time", "iteration");

    private TracePlot() {}

    /** Refuses (one line) a y key outside {@link #Y_KEYS}. */
    public static String requireKey(String y) {
        InvalidInputException.require(Y_KEYS.contains(y), "--y: unknown key '" + y + "' (expected one of " + String.join(", ", Y_KEYS) + ")");
        return y;
    }

    /** "png" or "svg" from the file name; refuses other extensions (one line naming {@code option}). */
    public static String format(Path out, String option) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        InvalidInputException.require(name.endsWith(".png") || name.endsWith(".svg"), option + " " + out + ": expected a .png or .svg file");
        return name.substring(name.length() - 3);
    }

    /** The chart of {@code y} over the traces against the flow time where they all have one, else k. */
    public static XYChart chart(List<TraceFile.Trace> traces, String y, String title) {
        return chart(traces, y, title, "auto");
    }

    /** The chart of {@code y} over the traces against {@code x} (one of {@link #X_KEYS}). */
    public static XYChart chart(List<TraceFile.Trace> traces, String y, String title, String x) {
        requireKey(y);
        InvalidInputException.require(X_KEYS.contains(x), "--x: unknown axis '" + x + "' (expected one of " + String.join(", ", X_KEYS) + ")");
        boolean time = x.equals("flow_time")
            || (x.equals("auto") && traces.stream().allMatch(t -> t.lines().stream().allMatch(l -> number(l.get("flow_time")) >= 0)));
        String xKey = time ? "flow_time" : "iteration";
        XYChart c = Charts.chart(title, time ? "flow time t" : "iteration k", y.equals("singular_values") ? "σ_i(X)" : y);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(!LINEAR.contains(y));
        List<String> names = legends(traces);
        for (int f = 0; f < traces.size(); f++) {
            List<Map<String, Object>> lines = traces.get(f).lines();
            if (y.equals("singular_values")) {
                int k = lines.stream().mapToInt(l -> vector(l.get(y)).length).max().orElse(0);
                for (int i = 0; i < k; i++) {
                    int idx = i;
                    add(c, (traces.size() == 1 ? "" : names.get(f) + " ") + "σ" + (i + 1), lines, xKey, l -> {
                        double[] v = vector(l.get(y));
                        return idx < v.length ? v[idx] : Double.NaN;
                    });
                }
            } else {
                add(c, names.get(f), lines, xKey, l -> number(l.get(y)));
            }
        }
        InvalidInputException.require(!c.getSeriesMap().isEmpty(), "no " + y + " values to plot" + (traces.size() == 1
            ? " in " + traces.get(0).file() : ""));
        return c;
    }

    private static void add(XYChart c, String name, List<Map<String, Object>> lines, String xKey,
                            java.util.function.ToDoubleFunction<Map<String, Object>> y) {
        List<double[]> pts = new ArrayList<>();
        boolean logY = c.getStyler().isYAxisLogarithmic();
        for (Map<String, Object> l : lines) {
            double x = number(l.get(xKey));
            double v = y.applyAsDouble(l);
            if (x > 0 && Double.isFinite(x) && Double.isFinite(v) && (!logY || v > 0)) {
                pts.add(new double[] {x, v});
            }
        }
        if (pts.isEmpty()) {
            return;
        }
        String unique = name;
        for (int i = 2; c.getSeriesMap().containsKey(unique); i++) {
            unique = name + " (" + i + ")";
        }
        Charts.line(c, unique, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** The chart's bytes as {@code format} (png or svg). */
    public static byte[] bytes(XYChart chart, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (format.equals("svg")) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the figure (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Legend names: the runs' labels where every trace has one and they differ (a sweep's labels); else the
     * method, plus the settings in which the traces differ (one trace: d, init_scale, step); the file name
     * without a run line.
     */
    static List<String> legends(List<TraceFile.Trace> traces) {
        List<Object> labels = traces.stream().map(t -> t.run().get("label")).toList();
        if (traces.size() > 1 && labels.stream().allMatch(Objects::nonNull) && new LinkedHashSet<>(labels).size() == labels.size()) {
            return labels.stream().map(String::valueOf).toList();
        }
        Set<String> differ = new LinkedHashSet<>();
        for (String k : LEGEND_KEYS) {
            Set<Object> vals = new LinkedHashSet<>();
            traces.forEach(t -> vals.add(t.run().get(k)));
            if (vals.size() > 1 || (traces.size() == 1 && List.of("d", "init_scale", "step").contains(k))) {
                differ.add(k);
            }
        }
        List<String> out = new ArrayList<>();
        for (TraceFile.Trace t : traces) {
            if (t.run().isEmpty()) {
                out.add(String.valueOf(t.file().getFileName()));
                continue;
            }
            StringBuilder b = new StringBuilder(String.valueOf(t.run().getOrDefault("method", "run")));
            for (String k : differ) {
                Object v = t.run().get(k);
                if (!k.equals("method") && v != null) {
                    b.append(' ').append(k).append('=').append(v);
                }
            }
            out.add(b.toString());
        }
        if (new LinkedHashSet<>(out).size() < out.size()) { // still ambiguous: add the file names
            for (int i = 0; i < out.size(); i++) {
                out.set(i, out.get(i) + " (" + traces.get(i).file().getFileName() + ")");
            }
        }
        return out;
    }

    /** A JSON number (Double, Long, Integer) as a double; NaN for null or anything else. */
    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A JSON array of numbers (or a double[]) as a double[] (null entries as NaN). */
    static double[] vector(Object o) {
        if (o instanceof double[] a) {
            return a;
        }
        if (o instanceof List<?> l) {
            return l.stream().mapToDouble(TracePlot::number).toArray();
        }
        return new double[0];
    }

    /** Traces made in memory (reproductions): rows as {@link org.implreg.metrics.TraceRecorder.Row#describe()} gives them. */
    public static TraceFile.Trace trace(String name, Map<String, Object> run, List<org.implreg.metrics.TraceRecorder.Row> rows) {
        return new TraceFile.Trace(Path.of(Objects.requireNonNull(name)), run,
            rows.stream().map(org.implreg.metrics.TraceRecorder.Row::describe).toList());
    }
}

package org.implreg.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.io.AtomicFiles;
import org.implreg.sweep.SweepOutput;
import org.knowm.xchart.XYChart;

/**
 * The report of a sweep folder: {@code aggregate.csv} (mean ± standard deviation over seeds of each
 * metric, one row per configuration without its seed), one figure per metric and problem (PNG and
 * SVG under {@code figures/}: the metric against the first axis that varies, typically d, one series
 * a method entry with error bars; entries that do not vary along it, such as X_gd or the minimum
 * nuclear norm, drawn as dashed reference lines) and {@code index.html} showing them all.
 */
public final class SweepReport {
    /** Metrics aggregated and plotted. */
    public static final List<String> METRICS = List.of("rel_error", "train_error", "nuclear_norm", "effective_rank");
    /** Metrics plotted on a log scale. */
    static final Set<String> LOG_METRICS = Set.of("rel_error", "train_error");
    /** Candidate x axes, in order of preference. */
    static final List<String> X_AXES = List.of("d", "init_scale", "step", "tol");

    private SweepReport() {}

    /** Mean, standard deviation (n − 1; 0 for one value) and count of the finite values. */
    public record Stat(double mean, double std, int count) {
        static Stat of(List<Double> v) {
            List<Double> f = v.stream().filter(Double::isFinite).toList();
            if (f.isEmpty()) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double m = f.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = 0;
            for (double x : f) {
                ss += (x - m) * (x - m);
            }
            return new Stat(m, f.size() > 1 ? Math.sqrt(ss / (f.size() - 1)) : 0.0, f.size());
        }
    }

    /** One configuration over its seeds. */
    public record Group(String label, String problem, Map<String, Object> params, Map<String, Stat> stats, int runs,
                        Map<String, Integer> stopReasons) {}

    /** Groups the recorded runs of {@code spec} by configuration without the initialization seed. */
    public static List<Group> aggregate(ExperimentSpec spec, Map<String, JsonNode> records) {
        Map<String, List<JsonNode>> byGroup = new LinkedHashMap<>();
        Map<String, RunConfig> first = new LinkedHashMap<>();
        for (RunConfig c : spec.runs()) {
            JsonNode r = records.get(c.key());
            if (r == null) {
                continue;
            }
            String g = c.label() + "|" + groupKey(c);
            byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
            first.putIfAbsent(g, c);
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byGroup.entrySet()) {
            RunConfig c = first.get(e.getKey());
            Map<String, Stat> stats = new LinkedHashMap<>();
            Map<String, Integer> stops = new TreeMap<>();
            for (String metric : METRICS) {
                List<Double> vals = new ArrayList<>();
                for (JsonNode r : e.getValue()) {
                    JsonNode res = r.get("result");
                    vals.add(res == null || res.isNull() || !res.hasNonNull(metric) ? Double.NaN : res.get(metric).asDouble());
                }
                stats.put(metric, Stat.of(vals));
            }
            for (JsonNode r : e.getValue()) {
                JsonNode res = r.get("result");
                String s = res == null || res.isNull() ? "ERROR" : res.get("stop_reason").asText();
                stops.merge(s, 1, Integer::sum);
            }
            Map<String, Object> params = new LinkedHashMap<>(c.settings().describe());
            params.remove("seed");
            params.remove("method");
            out.add(new Group(c.label(), problemText(c), params, stats, e.getValue().size(), stops));
        }
        return out;
    }

    private static String groupKey(RunConfig c) {
        Map<String, Object> d = new TreeMap<>(c.describe());
        d.remove("seed");
        return d.toString();
    }

    /** The problem of a run as the report's tables and figure titles show it. */
    public static String problemText(RunConfig c) {
        Map<String, Object> p = c.describe();
        @SuppressWarnings("unchecked")
        Map<String, Object> prob = (Map<String, Object>) p.get("problem");
        return String.format(Locale.ROOT, "n=%s r=%s m=%s %s %s noise=%s seed=%s", prob.get("n"), prob.get("rank"), prob.get("m"),
            prob.get("measurement"), prob.get("planted"), prob.get("noise"), prob.get("seed"));
    }

    /** Writes aggregate.csv, figures/*.png|svg and index.html into {@code dir}; returns the figure names. */
    public static List<String> write(Path dir, ExperimentSpec spec, Map<String, JsonNode> records, Map<String, Object> provenance) {
        List<Group> groups = aggregate(spec, records);
        writeAggregate(dir.resolve("aggregate.csv"), groups);
        List<String> figures = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        groups.forEach(g -> problems.add(g.problem()));
        int pi = 0;
        for (String problem : problems) {
            List<Group> gs = groups.stream().filter(g -> g.problem().equals(problem)).toList();
            String x = xAxis(gs);
            if (x == null) {
                continue;
            }
            for (String metric : METRICS) {
                String name = String.format(Locale.ROOT, "p%d-%s-vs-%s", pi, metric, x);
                XYChart chart = chart(gs, x, metric, spec.name() + ": " + problem);
                if (chart == null) {
                    continue;
                }
                save(chart, dir.resolve("figures").resolve(name));
                figures.add(name);
            }
            pi++;
        }
        AtomicFiles.write(dir.resolve("index.html"), Html.page(spec.name(), provenance,
            List.of(Html.figures("Figures", figures, Map.of())), groups, List.of("runs.jsonl", "runs.csv", "aggregate.csv", "provenance.json"))
            .getBytes(StandardCharsets.UTF_8));
        return figures;
    }

    /** The first candidate axis taking ≥ 2 values within one label. */
    static String xAxis(List<Group> gs) {
        for (String x : X_AXES) {
            Map<String, Set<Object>> values = new LinkedHashMap<>();
            for (Group g : gs) {
                Object v = g.params().get(x);
                if (v != null) {
                    values.computeIfAbsent(g.label(), k -> new LinkedHashSet<>()).add(v);
                }
            }
            if (values.values().stream().anyMatch(s -> s.size() >= 2)) {
                return x;
            }
        }
        return null;
    }

    /**
     * A chart of {@code metric} against {@code x} for the groups: one series a label (mean, error bars
     * ± one standard deviation over seeds), a label with a single group and no x value as a dashed
     * horizontal reference line; null when there is nothing to plot.
     */
    public static XYChart chart(List<Group> gs, String x, String metric, String title) {
        XYChart chart = Charts.chart(title, x, metric);
        chart.getStyler().setYAxisLogarithmic(LOG_METRICS.contains(metric));
        chart.getStyler().setXAxisLogarithmic(!x.equals("d"));
        Map<String, List<Group>> series = new LinkedHashMap<>();
        for (Group g : gs) {
            String key = g.label() + seriesSuffix(g, gs, x);
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        }
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        for (Group g : gs) {
            Object v = g.params().get(x);
            if (v instanceof Number num) {
                xmin = Math.min(xmin, num.doubleValue());
                xmax = Math.max(xmax, num.doubleValue());
            }
        }
        boolean any = false;
        List<Map.Entry<String, List<Group>>> refs = new ArrayList<>();
        for (Map.Entry<String, List<Group>> e : series.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (Group g : e.getValue()) {
                Object v = g.params().get(x);
                Stat s = g.stats().get(metric);
                if (v instanceof Number num && s.count() > 0 && (!LOG_METRICS.contains(metric) || s.mean() > 0)) {
                    pts.add(new double[] {num.doubleValue(), s.mean(), s.std()});
                }
            }
            if (pts.size() < 2 && e.getValue().size() == 1) {
                refs.add(e);
                continue;
            }
            if (pts.isEmpty()) {
                continue;
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            double[] es = pts.stream().mapToDouble(p -> LOG_METRICS.contains(metric) ? Math.min(p[2], 0.9 * p[1]) : p[2]).toArray();
            chart.addSeries(e.getKey(), xs, ys, es);
            any = true;
        }
        if (!any || !(xmax > xmin)) {
            return null;
        }
        for (Map.Entry<String, List<Group>> e : refs) {
            Stat s = e.getValue().get(0).stats().get(metric);
            if (s.count() == 0 || (LOG_METRICS.contains(metric) && !(s.mean() > 0))) {
                continue;
            }
            Charts.reference(chart, e.getKey(), xmin, xmax, s.mean());
        }
        return chart;
    }

    /** Distinguishes series of one label by the other parameters that vary (e.g. init_scale). */
    private static String seriesSuffix(Group g, List<Group> gs, String x) {
        StringBuilder sb = new StringBuilder();
        for (String k : X_AXES) {
            if (k.equals(x)) {
                continue;
            }
            Set<Object> vals = new LinkedHashSet<>();
            gs.stream().filter(o -> o.label().equals(g.label())).forEach(o -> vals.add(o.params().get(k)));
            if (vals.size() > 1) {
                sb.append(' ').append(k).append('=').append(g.params().get(k));
            }
        }
        return sb.toString();
    }

    /** PNG (72 dpi) and SVG of a chart at its own size (rendered by {@link Charts}), each written atomically. */
    public static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path base) {
        AtomicFiles.write(base.resolveSibling(base.getFileName() + ".png"), png(chart));
        AtomicFiles.write(base.resolveSibling(base.getFileName() + ".svg"), svg(chart));
    }

    /** The chart as PNG bytes at its own size, 72 dpi. */
    public static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        return FigureFormat.of("png", chart).render(chart);
    }

    /** The chart as SVG bytes at its own size. */
    public static byte[] svg(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        return FigureFormat.of("svg", chart).render(chart);
    }

    /** Writes aggregate.csv: one row a group, mean and std of each metric. */
    public static void writeAggregate(Path file, List<Group> groups) {
        StringBuilder sb = new StringBuilder("label,problem,params,runs,stop_reasons");
        for (String m : METRICS) {
            sb.append(',').append(m).append("_mean,").append(m).append("_std");
        }
        sb.append('\n');
        for (Group g : groups) {
            sb.append(SweepOutput.csv(g.label())).append(',').append(SweepOutput.csv(g.problem())).append(',').append(SweepOutput.csv(g.params().toString()))
                .append(',').append(g.runs()).append(',').append(SweepOutput.csv(g.stopReasons().toString()));
            for (String m : METRICS) {
                Stat s = g.stats().get(m);
                sb.append(',').append(s.count() == 0 ? "" : Double.toString(s.mean())).append(',')
                    .append(s.count() == 0 ? "" : Double.toString(s.std()));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}

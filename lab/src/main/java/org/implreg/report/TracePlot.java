package org.implreg.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.io.TraceFile;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Figures of traces ({@link TraceFile}): one quantity against the flow time (or the iteration k when
 * a trace has no flow time), both axes logarithmic (the y axis linear for ‖X‖_*, the effective rank and
 * ‖U‖_F); one line per trace, or, for {@code singular_values}, one per σ_i (per trace). Points that a
 * log axis cannot show (k = 0, t = 0, σ = 0, null) are left out. The legend names each trace by its
 * method and the settings in which the traces differ. Several traces of {@code singular_values}: one colour per
 * trace and one line style per σ_i (σ1 … σ{@value #STYLED_SIGMAS}; further σ_i thin), the legend naming each trace
 * once by its colour and each σ_i once by its style. One trace: one colour per σ_i, σ beyond the
 * {@value #LEGEND_SIGMAS}th thin and grey under one legend entry. With a problem ({@link #references}), its
 * σ_i(X*) (or ‖X*‖_*) are drawn dashed. Rendered by {@link Charts} (labels, 10^k axes, the legend inside the image).
 *
 * <p>Bounded whatever the trace (issue 27): {@link #plot} reads trace files line by line, never whole; a
 * series of more than {@value #MAX_RAW_POINTS} points is downsampled on the log-spaced x axis to at most
 * {@value #MAX_BINS} bins, each keeping its first, last, lowest and highest point (≤ 4 × {@value #MAX_BINS}
 * points drawn); and at most the top {@value #MAX_SINGULAR_VALUES} singular values of a trace are drawn,
 * which the figure's legend (on σ{@value #MAX_SINGULAR_VALUES}) and {@link Figure#notes} say.
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
    /** Singular values drawn per trace at most (σ1 … σ20). */
    public static final int MAX_SINGULAR_VALUES = 20;
    /** A series of at most this many points is drawn as it is. */
    public static final int MAX_RAW_POINTS = 4000;
    /** Bins on the log x axis of a downsampled series (each keeps ≤ 4 points). */
    public static final int MAX_BINS = 1000;
    /** σ_i with a line style of their own when several traces are drawn (the rest thin). */
    static final int STYLED_SIGMAS = 5;
    /** σ_i with a colour and a legend entry of their own when one trace is drawn (the rest thin, grey, one entry). */
    static final int LEGEND_SIGMAS = 8;
    /** σ_i(X*) drawn as references: those above this fraction of σ_1(X*) (the others are zero up to rounding). */
    static final double REFERENCE_FLOOR = 1e-10;

    private TracePlot() {}

    /**
     * A figure and what it left out.
     *
     * @param chart the figure
     * @param notes one line per trace whose singular values were capped (e.g. "t.jsonl: drew the top 20 of 100000 singular values")
     */
    public record Figure(XYChart chart, List<String> notes) {}

    /** Refuses (one line) a y key outside {@link #Y_KEYS}. */
    public static String requireKey(String y) {
        InvalidInputException.require(Y_KEYS.contains(y), "--y: unknown key '" + y + "' (expected one of " + String.join(", ", Y_KEYS) + ")");
        return y;
    }

    /** "png", "svg" or "pdf" from the file name; refuses other extensions (one line naming {@code option}). */
    public static String format(Path out, String option) {
        return FigureFormat.of(out, option, null, null, null, null).format();
    }

    /** The chart of {@code y} over the traces against the flow time where they all have one, else k. */
    public static XYChart chart(List<TraceFile.Trace> traces, String y, String title) {
        return chart(traces, y, title, "auto");
    }

    /** The chart of {@code y} over the traces (held in memory) against {@code x} (one of {@link #X_KEYS}). */
    public static XYChart chart(List<TraceFile.Trace> traces, String y, String title, String x) {
        requireAxes(y, x);
        List<Series> acc = new ArrayList<>();
        for (TraceFile.Trace t : traces) {
            Series a = new Series(y, x, !LINEAR.contains(y));
            t.lines().forEach(a);
            acc.add(a);
        }
        return draw(traces, acc, y, title, x, null).chart();
    }

    /**
     * The figure of {@code y} over trace files, read line by line ({@link TraceFile#scan}: memory is bounded
     * by the caps, not by the files), against {@code x} (one of {@link #X_KEYS}); no reference lines.
     */
    public static Figure plot(List<Path> files, String y, String title, String x) {
        return plot(files, y, title, x, null, false);
    }

    /**
     * {@link #plot(List, String, String, String)} with the reference lines of {@code problem} ({@link #references}),
     * or, where {@code problem} is null and {@code fromRunLine}, of the problem file that the traces' run lines name.
     */
    public static Figure plot(List<Path> files, String y, String title, String x, Path problem, boolean fromRunLine) {
        requireAxes(y, x);
        List<TraceFile.Trace> runs = new ArrayList<>();
        List<Series> acc = new ArrayList<>();
        for (Path f : files) {
            Series a = new Series(y, x, !LINEAR.contains(y));
            runs.add(new TraceFile.Trace(f, TraceFile.scan(f, a), List.of()));
            acc.add(a);
        }
        List<String> notes = new ArrayList<>();
        double[] sigma = references(problem, fromRunLine ? runs : List.of(), notes);
        Figure fig = draw(runs, acc, y, title, x, sigma);
        notes.addAll(fig.notes());
        return new Figure(fig.chart(), notes);
    }

    /**
     * σ(X*), descending, of {@code problem} (a problem file: symmetric or rectangular sensing), or, without one,
     * of the one problem file that every trace's run line names, where it exists (else none, said in
     * {@code notes}); null for none. A {@code problem} without X* is refused (one line).
     */
    static double[] references(Path problem, List<TraceFile.Trace> traces, List<String> notes) {
        Path file = problem;
        if (file == null) {
            Set<Object> named = new LinkedHashSet<>();
            traces.forEach(t -> named.add(t.run().get("problem")));
            if (named.size() != 1 || !(named.iterator().next() instanceof String p)) {
                return null;
            }
            file = Path.of(p);
            if (!java.nio.file.Files.isRegularFile(file)) {
                notes.add("the traces' problem " + p + " is not found: no σ_i(X*) drawn (give --problem)");
                return null;
            }
        }
        double[] sigma = null;
        if (!org.implreg.io.ProblemFiles.isAsymmetric(file)) {
            if (org.implreg.io.ProblemFiles.isAsymmetricSensing(file)) {
                org.implreg.problem.AsymmetricSensing a = org.implreg.io.ProblemFiles.readAsymmetricSensing(file);
                sigma = a.xStar() == null ? null : org.implreg.linalg.Linalg.singularValues(a.xStar().clone(), a.n1(), a.n2());
            } else {
                org.implreg.problem.Problem p = org.implreg.io.ProblemFiles.read(file);
                sigma = p.xStar() == null ? null : org.implreg.linalg.Linalg.singularValues(p.xStar().clone(), p.n(), p.n());
            }
        }
        InvalidInputException.require(sigma != null || problem == null, "--problem " + problem + ": has no X* to draw");
        if (sigma == null) {
            notes.add("the traces' problem " + file + " has no X*: no σ_i(X*) drawn");
        }
        return sigma;
    }

    private static void requireAxes(String y, String x) {
        requireKey(y);
        InvalidInputException.require(X_KEYS.contains(x), "--x: unknown axis '" + x + "' (expected one of " + String.join(", ", X_KEYS) + ")");
    }

    private static Figure draw(List<TraceFile.Trace> traces, List<Series> acc, String y, String title, String x, double[] sigmaStar) {
        boolean time = x.equals("flow_time") || (x.equals("auto") && acc.stream().allMatch(a -> a.allTime));
        XYChart c = Charts.chart(title == null ? Labels.trace(y) : title, time ? "flow_time" : "iteration", Labels.trace(y));
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(!LINEAR.contains(y));
        List<String> names = legends(traces);
        List<String> notes = new ArrayList<>();
        boolean several = traces.size() > 1;
        int widest = 0;
        for (int f = 0; f < traces.size(); f++) {
            Series a = acc.get(f);
            List<Downsampler> series = time ? a.byTime : a.byIteration;
            java.awt.Color colour = Charts.PALETTE[f % Charts.PALETTE.length];
            if (y.equals("singular_values")) {
                boolean capped = a.width > MAX_SINGULAR_VALUES;
                if (capped) {
                    notes.add(traces.get(f).file() + ": drew the top " + MAX_SINGULAR_VALUES + " of " + a.width + " singular values (at most "
                        + MAX_SINGULAR_VALUES + " per trace)");
                }
                widest = Math.max(widest, series.size());
                for (int i = 0; i < series.size(); i++) {
                    String name = (several ? names.get(f) + " " : "") + "σ" + (i + 1);
                    XYSeries s = add(c, name, series.get(i));
                    if (s == null) {
                        continue;
                    }
                    if (several) { // a colour per trace, a style per σ_i: the legend explains both once
                        s.setShowInLegend(false);
                        s.setLineColor(colour);
                        s.setLineStyle(i < STYLED_SIGMAS ? Charts.STYLES.get(i) : Charts.stroke(0.8f));
                    } else if (i >= LEGEND_SIGMAS) {
                        s.setShowInLegend(false);
                        s.setLineColor(MINOR);
                        s.setLineStyle(Charts.stroke(0.8f));
                    } else {
                        s.setLineColor(Charts.PALETTE[i % Charts.PALETTE.length]);
                    }
                }
            } else if (!series.isEmpty()) { // empty: no line had a value to draw
                XYSeries s = add(c, names.get(f), series.get(0));
                if (s != null) {
                    s.setLineColor(colour);
                    s.setLineStyle(Charts.STYLES.get((f / Charts.PALETTE.length) % Charts.STYLES.size()));
                }
            }
        }
        InvalidInputException.require(!c.getSeriesMap().isEmpty(), "no " + y + " values to plot" + (traces.size() == 1
            ? " in " + traces.get(0).file() : ""));
        XYSeries first = c.getSeriesMap().values().iterator().next();
        double x0 = first.getXData()[0];
        double y0 = first.getYData()[0];
        if (y.equals("singular_values")) {
            int top = acc.stream().mapToInt(a -> a.width).max().orElse(0);
            String more = top > MAX_SINGULAR_VALUES ? " (top " + MAX_SINGULAR_VALUES + " of " + top + ")" : "";
            if (several) {
                for (int f = 0; f < traces.size(); f++) {
                    Charts.legendEntry(c, names.get(f), Charts.PALETTE[f % Charts.PALETTE.length], Charts.STYLES.get(0), x0, y0);
                }
                for (int i = 0; i < Math.min(widest, STYLED_SIGMAS); i++) {
                    Charts.legendEntry(c, "σ" + (i + 1) + (i == widest - 1 ? more : ""), INK, Charts.STYLES.get(i), x0, y0);
                }
                if (widest > STYLED_SIGMAS) {
                    Charts.legendEntry(c, range(STYLED_SIGMAS + 1, widest) + more, INK, Charts.stroke(0.8f), x0, y0);
                }
            } else if (widest > LEGEND_SIGMAS) {
                Charts.legendEntry(c, range(LEGEND_SIGMAS + 1, widest) + more, MINOR, Charts.stroke(0.8f), x0, y0);
            }
        }
        referenceLines(c, y, sigmaStar);
        return new Figure(c, notes);
    }

    private static final java.awt.Color INK = new java.awt.Color(0x333333);
    private static final java.awt.Color MINOR = new java.awt.Color(0xAAAAAA);

    private static String range(int from, int to) {
        return from == to ? "σ" + from : "σ" + from + " … σ" + to;
    }

    /** σ_i(X*) (y = singular values) or ‖X*‖_* (nuclear norm) dashed across the x range, one legend entry. */
    private static void referenceLines(XYChart c, String y, double[] sigma) {
        if (sigma == null || sigma.length == 0 || !(y.equals("singular_values") || y.equals("nuclear_norm"))) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double v : s.getXData()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double[] values = y.equals("nuclear_norm") ? new double[] {java.util.Arrays.stream(sigma).sum()} : sigma;
        int drawn = 0;
        for (int i = 0; i < Math.min(values.length, MAX_SINGULAR_VALUES); i++) {
            if (!(values[i] > REFERENCE_FLOOR * values[0])) {
                break;
            }
            String name = y.equals("nuclear_norm") ? "‖X*‖_*" : "σᵢ(X*)";
            XYSeries s = c.addSeries(drawn == 0 ? name : name + " " + (i + 1), new double[] {lo, hi}, new double[] {values[i], values[i]});
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            s.setLineStyle(Charts.REFERENCE);
            s.setLineColor(new java.awt.Color(0x555555));
            s.setShowInLegend(drawn++ == 0);
        }
    }

    private static XYSeries add(XYChart c, String name, Downsampler s) {
        double[][] pts = s.points();
        if (pts[0].length == 0) {
            return null;
        }
        String unique = name;
        for (int i = 2; c.getSeriesMap().containsKey(unique); i++) {
            unique = name + " (" + i + ")";
        }
        return Charts.line(c, unique, pts[0], pts[1]);
    }

    /**
     * The series of one trace, fed line by line: for each x axis it may need (both for {@code auto}), one
     * {@link Downsampler} per σ_i (at most {@link #MAX_SINGULAR_VALUES}) or one for the quantity.
     */
    static final class Series implements Consumer<Map<String, Object>> {
        private final String y;
        private final boolean logY;
        private final boolean wantTime;
        private final boolean wantIteration;
        final List<Downsampler> byTime = new ArrayList<>();
        final List<Downsampler> byIteration = new ArrayList<>();
        /** Whether every line has a flow time ≥ 0. */
        boolean allTime = true;
        /** The most singular values a line had. */
        int width;
        private long seq;

        Series(String y, String x, boolean logY) {
            this.y = y;
            this.logY = logY;
            this.wantTime = !x.equals("iteration");
            this.wantIteration = !x.equals("flow_time");
        }

        @Override
        public void accept(Map<String, Object> l) {
            double t = number(l.get("flow_time"));
            double k = number(l.get("iteration"));
            allTime &= t >= 0;
            long at = seq++;
            if (y.equals("singular_values")) {
                Object v = l.get(y);
                int n = v instanceof List<?> list ? list.size() : v instanceof double[] a ? a.length : 0;
                width = Math.max(width, n);
                for (int i = 0; i < Math.min(n, MAX_SINGULAR_VALUES); i++) {
                    point(i, at, t, k, v instanceof List<?> list ? number(list.get(i)) : ((double[]) v)[i]);
                }
            } else {
                point(0, at, t, k, number(l.get(y)));
            }
        }

        private void point(int i, long at, double t, double k, double v) {
            if (!Double.isFinite(v) || (logY && v <= 0)) {
                return;
            }
            while (byTime.size() <= i) {
                byTime.add(new Downsampler());
                byIteration.add(new Downsampler());
            }
            if (wantTime) {
                byTime.get(i).add(at, t, v);
            }
            if (wantIteration) {
                byIteration.get(i).add(at, k, v);
            }
        }
    }

    /**
     * The points of one series, bounded: all of them up to {@link #MAX_RAW_POINTS}; beyond, bins of
     * log₁₀ x (2^p per decade, p halved until at most {@link #MAX_BINS} bins are in use), each keeping its
     * first and last point and its lowest and highest. Points come back in the order they were added.
     * Points that a log x axis cannot show (x ≤ 0, not finite) are dropped.
     */
    static final class Downsampler {
        /** One bin: four points as (sequence number, x, y). */
        private static final class Bin {
            final long[] seq = new long[4];
            final double[] x = new double[4];
            final double[] y = new double[4];

            Bin(long at, double px, double py) {
                java.util.Arrays.fill(seq, at);
                java.util.Arrays.fill(x, px);
                java.util.Arrays.fill(y, py);
            }

            void add(long at, double px, double py) {
                if (at < seq[0]) {
                    set(0, at, px, py);
                }
                if (at > seq[1]) {
                    set(1, at, px, py);
                }
                if (py < y[2]) {
                    set(2, at, px, py);
                }
                if (py > y[3]) {
                    set(3, at, px, py);
                }
            }

            void merge(Bin o) {
                for (int j = 0; j < 4; j++) {
                    add(o.seq[j], o.x[j], o.y[j]);
                }
            }

            private void set(int j, long at, double px, double py) {
                seq[j] = at;
                x[j] = px;
                y[j] = py;
            }
        }

        private final List<double[]> raw = new ArrayList<>();
        private java.util.TreeMap<Long, Bin> bins;
        private int p = 20;

        void add(long at, double x, double y) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return;
            }
            if (bins == null) {
                raw.add(new double[] {at, x, y});
                if (raw.size() <= MAX_RAW_POINTS) {
                    return;
                }
                bins = new java.util.TreeMap<>();
                for (double[] r : raw) {
                    put((long) r[0], r[1], r[2]);
                }
                raw.clear();
                return;
            }
            put(at, x, y);
        }

        private void put(long at, double x, double y) {
            long key = (long) Math.floor(Math.log10(x) * Math.scalb(1.0, p));
            Bin b = bins.get(key);
            if (b == null) {
                bins.put(key, new Bin(at, x, y));
            } else {
                b.add(at, x, y);
            }
            while (bins.size() > MAX_BINS) {
                p--;
                java.util.TreeMap<Long, Bin> coarse = new java.util.TreeMap<>();
                for (Map.Entry<Long, Bin> e : bins.entrySet()) {
                    coarse.merge(Math.floorDiv(e.getKey(), 2L), e.getValue(), (u, v) -> {
                        u.merge(v);
                        return u;
                    });
                }
                bins = coarse;
            }
        }

        /** {x[], y[]} in the order the points were added. */
        double[][] points() {
            List<double[]> pts = new ArrayList<>(raw);
            if (bins != null) {
                for (Bin b : bins.values()) {
                    for (int j = 0; j < 4; j++) {
                        boolean seen = false;
                        for (int i = 0; i < j; i++) {
                            seen |= b.seq[i] == b.seq[j];
                        }
                        if (!seen) {
                            pts.add(new double[] {b.seq[j], b.x[j], b.y[j]});
                        }
                    }
                }
                pts.sort(java.util.Comparator.comparingDouble(q -> q[0]));
            }
            return new double[][] {pts.stream().mapToDouble(q -> q[1]).toArray(), pts.stream().mapToDouble(q -> q[2]).toArray()};
        }
    }

    /** The chart's bytes as {@code format} (png, svg or pdf) at the default size ({@link FigureFormat}). */
    public static byte[] bytes(XYChart chart, String format) {
        return new FigureFormat(format, Charts.WIDTH, Charts.HEIGHT, 72).render(chart);
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
                    b.append(' ').append(k).append('=').append(v instanceof Double d ? compact(d) : v);
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

    /** A number as a legend writes it: 4 significant digits, 1e-4 rather than 1.0E-4, 0.002 rather than 2.0E-3. */
    static String compact(double d) {
        if (!Double.isFinite(d) || d == 0) {
            return String.valueOf(d == 0 ? 0 : d);
        }
        java.math.BigDecimal b = new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros();
        if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e6) {
            return b.toPlainString();
        }
        String m = b.unscaledValue().toString();
        int exp = m.length() - 1 - b.scale() - (m.startsWith("-") ? 1 : 0);
        String digits = m.startsWith("-") ? m.substring(1) : m;
        return (m.startsWith("-") ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e" + exp;
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

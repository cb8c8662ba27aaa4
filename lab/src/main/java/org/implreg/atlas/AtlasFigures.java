package org.implreg.atlas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.atlas.AtlasSummary.Cell;
import org.implreg.atlas.AtlasSummary.CellSolver;
import org.implreg.atlas.AtlasSummary.Rank;
import org.implreg.atlas.AtlasSummary.Transition;
import org.implreg.report.Charts;
import org.implreg.report.SweepReport;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a phase diagram, in the house style ({@code report.Charts}): per solver a heat map of its success
 * probability over rank × m/D (Donoho–Tanner style: one cell per (rank, m), coloured on a sequential scale from 0 to
 * 1, grey where no run converged) with δ/D and the degrees of freedom over D drawn over it, and every solver's 50%
 * transition m/D against rank on one plot with δ/D and dof/D. Each figure is written as PNG and SVG.
 */
public final class AtlasFigures {
    private AtlasFigures() {}

    /** The probabilities shown in a heat map's colour legend. */
    static final double[] SCALE = {0, 0.25, 0.5, 0.75, 1};

    /** The figure name of {@code solver}'s heat map: {@code heatmap-} and the label in lower case, α as alpha, other signs as '-'. */
    public static String heatMapName(String solver) {
        String s = solver.toLowerCase(Locale.ROOT).replace("α", "alpha").replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
        return "heatmap-" + s;
    }

    /** The name of the transitions figure. */
    public static final String TRANSITIONS = "transitions";

    /** Writes every figure into {@code dir} (PNG and SVG) and returns their names with captions, heat maps first. */
    public static Map<String, String> write(AtlasSummary s, Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String solver : s.solvers()) {
            String name = heatMapName(solver);
            SweepReport.save(heatMap(s, solver), dir.resolve(name));
            out.put(name, "Success probability of " + solver + " over rank × m/D (" + s.trials() + " trials a cell; not-converged runs "
                + "left out), with δ/D and dof/D");
        }
        SweepReport.save(transitions(s), dir.resolve(TRANSITIONS));
        out.put(TRANSITIONS, "50% transition m/D of every solver against rank (interval: the Wilson bounds' crossings), with δ/D and dof/D");
        return out;
    }

    /** The heat map of {@code solver}. */
    public static XYChart heatMap(AtlasSummary s, String solver) {
        XYChart c = Charts.chart("Phase diagram: " + solver + " (" + s.family() + ", n = " + s.n() + ")", "m/D", "rank r");
        List<Double> xs = s.cells().stream().map(Cell::mOverD).distinct().sorted().toList();
        List<Integer> ranks = s.ranks().stream().map(Rank::rank).toList();
        boolean missing = false;
        for (Cell cell : s.cells()) {
            int j = xs.indexOf(cell.mOverD());
            double[] x = bounds(xs, j);
            CellSolver e = cell.of(solver);
            double p = e == null ? Double.NaN : e.success();
            missing |= Double.isNaN(p);
            Charts.cell(c, "cell r=" + cell.rank() + " m=" + cell.m(), x[0], x[1], cell.rank() - 0.5, cell.rank() + 0.5, Charts.sequential(p));
        }
        overlay(c, s, ranks, solver);
        double x0 = xs.isEmpty() ? 0 : bounds(xs, 0)[0];
        double y0 = ranks.isEmpty() ? 0 : ranks.get(0);
        for (double p : SCALE) {
            Charts.swatch(c, "P(recover) = " + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)), Charts.sequential(p), x0, y0);
        }
        if (missing) {
            Charts.swatch(c, "no converged run", Charts.NO_VALUE, x0, y0);
        }
        var st = c.getStyler();
        if (!xs.isEmpty()) {
            st.setXAxisMin(bounds(xs, 0)[0]);
            st.setXAxisMax(bounds(xs, xs.size() - 1)[1]);
        }
        if (!ranks.isEmpty()) {
            st.setYAxisMin(ranks.stream().mapToInt(Integer::intValue).min().getAsInt() - 0.5);
            st.setYAxisMax(ranks.stream().mapToInt(Integer::intValue).max().getAsInt() + 0.5);
        }
        st.setPlotGridLinesVisible(false);
        if (!ranks.isEmpty()) {
            // ranks only; the axis maximum gets a blank that differs from the empty label, as Charts.DecadeLabels does
            // (XChart draws no ticks at all when its minimum and maximum format alike)
            double top = st.getYAxisMax();
            // (and never an empty label: XChart's text layout refuses a zero-length string, e.g. with a single rank)
            st.setyAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf(Math.round(v)) : v == top ? " " : "\u200B");
        }
        return c;
    }

    /** δ/D (solid, markers), dof/D (dashed) and, with {@code solver}, its measured transitions (markers) over rank. */
    private static void overlay(XYChart c, AtlasSummary s, List<Integer> ranks, String solver) {
        double[] y = ranks.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] delta = new double[y.length];
        double[] dof = new double[y.length];
        double[] measured = new double[y.length];
        boolean anyDelta = false;
        boolean anyMeasured = false;
        for (int i = 0; i < y.length; i++) {
            Rank r = s.ranks().get(i);
            delta[i] = r.statisticalDimension() / s.ambient();
            dof[i] = r.degreesOfFreedom() / s.ambient();
            Transition t = r.of(solver);
            measured[i] = t == null ? Double.NaN : t.mOverD();
            anyDelta |= Double.isFinite(delta[i]);
            anyMeasured |= Double.isFinite(measured[i]);
        }
        if (anyDelta) {
            double[][] p = finite(delta, y);
            XYSeries d = Charts.line(c, "statistical dimension δ/D", p[0], p[1]);
            d.setLineColor(java.awt.Color.BLACK);
            d.setMarker(SeriesMarkers.DIAMOND);
            d.setMarkerColor(java.awt.Color.BLACK);
        }
        XYSeries f = Charts.line(c, "degrees of freedom / D", dof, y);
        f.setLineColor(new java.awt.Color(0xE15759));
        f.setLineStyle(Charts.REFERENCE);
        if (anyMeasured) {
            double[][] p = finite(measured, y);
            XYSeries m = c.addSeries("measured 50% transition", p[0], p[1]);
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.CIRCLE);
            m.setMarkerColor(new java.awt.Color(0xF28E2B));
        }
    }

    /** The points (x_i, y_i) with both finite. */
    static double[][] finite(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            n += Double.isFinite(x[i]) && Double.isFinite(y[i]) ? 1 : 0;
        }
        double[][] out = new double[2][n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                out[0][k] = x[i];
                out[1][k++] = y[i];
            }
        }
        return out;
    }

    /** The x extent of column {@code j}: halfway to its neighbours, the ends mirrored (±0.05 for a single column). */
    static double[] bounds(List<Double> xs, int j) {
        if (xs.size() == 1) {
            return new double[] {xs.get(0) - 0.05, xs.get(0) + 0.05};
        }
        double left = j > 0 ? (xs.get(j) + xs.get(j - 1)) / 2 : xs.get(0) - (xs.get(1) - xs.get(0)) / 2;
        int n = xs.size();
        double right = j < n - 1 ? (xs.get(j) + xs.get(j + 1)) / 2 : xs.get(n - 1) + (xs.get(n - 1) - xs.get(n - 2)) / 2;
        return new double[] {left, right};
    }

    /** The horizontal offset, in ranks, between neighbouring solvers' points on the transitions figure. */
    static final double DODGE = 0.04;

    /** Every solver's transition m/D against rank, its interval as whiskers, with δ/D and dof/D. */
    public static XYChart transitions(AtlasSummary s) {
        XYChart c = Charts.chart("50% transitions (" + s.family() + ", n = " + s.n() + ", D = " + s.ambient() + ")", "rank r", "m/D at 50% recovery");
        double[] r = s.ranks().stream().mapToDouble(Rank::rank).toArray();
        int d = s.ambient();
        int k = s.solvers().size();
        for (int si = 0; si < k; si++) {
            String solver = s.solvers().get(si);
            double[] x = new double[r.length];
            double[] m = new double[r.length];
            double[] lo = new double[r.length];
            double[] hi = new double[r.length];
            boolean any = false;
            for (int i = 0; i < r.length; i++) {
                Transition t = s.ranks().get(i).of(solver);
                x[i] = r[i] + DODGE * (si - (k - 1) / 2.0); // side by side, so the intervals do not hide each other
                m[i] = t == null ? Double.NaN : t.mOverD();
                lo[i] = t == null ? Double.NaN : t.mLow() / d;
                hi[i] = t == null ? Double.NaN : t.mHigh() / d;
                any |= Double.isFinite(m[i]);
            }
            if (any) {
                Charts.points(c, solver, x, m, lo, hi);
            }
        }
        List<Double> delta = new ArrayList<>();
        double[] dl = new double[r.length];
        double[] dof = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            dl[i] = s.ranks().get(i).statisticalDimension() / d;
            dof[i] = s.ranks().get(i).degreesOfFreedom() / d;
            if (Double.isFinite(dl[i])) {
                delta.add(dl[i]);
            }
        }
        if (!delta.isEmpty()) {
            XYSeries ds = Charts.line(c, "statistical dimension δ/D", r, dl);
            ds.setLineColor(java.awt.Color.BLACK);
        }
        XYSeries f = Charts.line(c, "degrees of freedom / D", r, dof);
        f.setLineColor(java.awt.Color.GRAY);
        f.setLineStyle(Charts.REFERENCE);
        return c;
    }
}

package org.implreg.report;

import java.awt.BasicStroke;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts of trajectories shared by the reproductions: lines without markers, dashed references. */
public final class Charts {
    private Charts() {}

    /** An empty 760×520 chart with the legend below. */
    public static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(760).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
        c.getStyler().setMarkerSize(0);
        return c;
    }

    /** A solid line. */
    public static void line(XYChart c, String name, double[] xs, double[] ys) {
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
    }

    /** A dashed horizontal line at y from x0 to x1 (skipped when y is not finite, or not positive on a log axis). */
    public static void reference(XYChart c, String name, double x0, double x1, double y) {
        if (!Double.isFinite(y) || (c.getStyler().isYAxisLogarithmic() && !(y > 0))) {
            return;
        }
        XYSeries ref = c.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
        ref.setMarker(SeriesMarkers.NONE);
        ref.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }

    /**
     * A line with a marker at each sampled x, in one colour, and, where {@code lo} and {@code hi} are given,
     * a vertical bar from lo to hi at each x (e.g. the min–max over seeds; drawn as one gapped series that
     * stays out of the legend).
     */
    public static void markedWithRange(XYChart c, String name, double[] xs, double[] ys, double[] lo, double[] hi) {
        java.awt.Color[] palette = c.getStyler().getSeriesColors();
        long shown = c.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count();
        java.awt.Color color = palette[(int) (shown % palette.length)];
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        if (lo != null && hi != null) {
            java.util.List<Double> bx = new java.util.ArrayList<>();
            java.util.List<Double> by = new java.util.ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                bx.addAll(java.util.Arrays.asList(xs[i], xs[i], xs[i]));
                by.addAll(java.util.Arrays.asList(lo[i], hi[i], null));
            }
            XYSeries bars = c.addSeries(name + " (range)", bx, by);
            bars.setMarker(SeriesMarkers.NONE);
            bars.setLineColor(color);
            bars.setLineStyle(new BasicStroke(1.5f));
            bars.setShowInLegend(false);
        }
        if (c.getStyler().getMarkerSize() <= 0) {
            c.getStyler().setMarkerSize(7);
        }
    }

    /**
     * Widens a logarithmic y axis to whole decades spanning at least two, so that it has at least two
     * labelled ticks (XChart labels only the decades it spans).
     */
    public static void wholeDecades(XYChart c) {
        if (!c.getStyler().isYAxisLogarithmic()) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (hi > 0) {
            double l = Math.floor(Math.log10(lo));
            double h = Math.max(Math.ceil(Math.log10(hi)), l + 2);
            c.getStyler().setYAxisMin(Math.pow(10, l));
            c.getStyler().setYAxisMax(Math.pow(10, h));
        }
    }
}

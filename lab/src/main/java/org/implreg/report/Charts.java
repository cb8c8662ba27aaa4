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
}

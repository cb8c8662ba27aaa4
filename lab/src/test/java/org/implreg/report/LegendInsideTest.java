package org.implreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.implreg.io.TraceFile;
import org.implreg.metrics.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Issue 28: no legend entry is drawn outside the image, for every kind of chart the project draws (a trace plot
 * of one and of three runs with long names, two runs, a reproduction's figure, the conjecture's log–log chart, a
 * sweep report's figure). The legend's box is XChart's own, read after the figure is rendered to PNG (the fields
 * its paint sets), and compared with the PNG's pixel size. Uses only the rendering entry points that existed
 * before issue 28 ({@link SweepReport#png}), so it ran on the old code too: there the legend of two or three traces
 * was clipped off both edges.
 */
class LegendInsideTest {
    static TraceFile.Trace trace(String name, Map<String, Object> run, int sigmas) {
        List<TraceRecorder.Row> rows = new ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            double[] sv = new double[sigmas];
            for (int i = 0; i < sigmas; i++) {
                sv[i] = Math.pow(10, -8 + 8.0 * k / 200 / (i + 1));
            }
            rows.add(new TraceRecorder.Row(k, 1e-3 * k, 1.0 / k, 1.0 / Math.sqrt(k), 0.5, 1, 1.5, sv, 1));
        }
        return TracePlot.trace(name, run, rows);
    }

    static Map<String, Object> run(String method, double step, double scale, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("d", 40);
        m.put("init_scale", scale);
        m.put("step", step);
        m.put("options", "{max_time=100000, rtol=1e-10, atol=1e-14, dense_output=true}" + label);
        m.put("problem", "/a/rather/long/path/to/the/problem/file/of/this/sweep-" + label + ".npz");
        return m;
    }

    /** The legend's box in the chart's points after it was painted: x, y, width, height. */
    static Rectangle2D legendBox(Chart<?, ?> chart) throws Exception {
        java.lang.reflect.Field f = Chart.class.getDeclaredField("legend");
        f.setAccessible(true);
        Object legend = f.get(chart);
        Class<?> base = Class.forName("org.knowm.xchart.internal.chartpart.Legend_");
        java.lang.reflect.Field x = base.getDeclaredField("xOffset");
        java.lang.reflect.Field y = base.getDeclaredField("yOffset");
        x.setAccessible(true);
        y.setAccessible(true);
        Rectangle2D b = (Rectangle2D) base.getMethod("getBounds").invoke(legend);
        return new Rectangle2D.Double(x.getDouble(legend), y.getDouble(legend), b.getWidth(), b.getHeight());
    }

    static void assertLegendInside(String what, Chart<?, ?> chart) throws Exception {
        byte[] png = SweepReport.png(chart);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        Rectangle2D box = legendBox(chart);
        assertThat(box.getWidth()).as(what + ": the legend is drawn").isPositive();
        assertThat(box.getMinX()).as(what + ": legend's left edge").isGreaterThanOrEqualTo(0);
        assertThat(box.getMinY()).as(what + ": legend's top edge").isGreaterThanOrEqualTo(0);
        assertThat(box.getMaxX()).as(what + ": legend's right edge within the image width").isLessThanOrEqualTo(img.getWidth());
        assertThat(box.getMaxY()).as(what + ": legend's bottom edge within the image height").isLessThanOrEqualTo(img.getHeight());
    }

    @Test
    void traceFiguresKeepTheirLegendInsideTheImage() throws Exception {
        TraceFile.Trace one = trace("one", run("gd", 1e-3, 1e-4, "a"), 20);
        assertLegendInside("one run, 20 σ", TracePlot.chart(List.of(one), "singular_values", "σ of one run"));
        List<TraceFile.Trace> two = List.of(trace("a", run("gd", 1e-3, 1e-4, "-first"), 3), trace("b", run("gd", 2e-3, 1e-6, "-second"), 3));
        assertLegendInside("two runs, 3 σ", TracePlot.chart(two, "singular_values", "σ of two runs"));
        List<TraceFile.Trace> three = List.of(trace("a", run("gd", 1e-3, 1e-4, "-first-run"), 5), trace("b", run("flow", 2e-3, 1e-6,
            "-second-run"), 5), trace("c", run("momentum", 4e-3, 1e-8, "-third-run-with-an-even-longer-name"), 5));
        assertLegendInside("three runs, 5 σ, long names", TracePlot.chart(three, "singular_values", "σ of three runs"));
        assertLegendInside("three runs, loss", TracePlot.chart(three, "loss", "loss"));
    }

    @Test
    void reproductionAndConjectureFiguresKeepTheirLegendInsideTheImage() throws Exception {
        double[] steps = new double[50];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = Math.pow(10, i / 10.0);
        }
        XYChart razin = Charts.chart("Razin & Cohen, depth 3, det W(0) < 0", "GD step (log)", "value (log)");
        razin.getStyler().setXAxisLogarithmic(true);
        razin.getStyler().setYAxisLogarithmic(true);
        for (String col : new String[] {"loss", "abs_w11", "frobenius", "nuclear", "schatten_half", "effective_rank"}) {
            double[] v = new double[steps.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1 + col.length() * Math.exp(-i / 10.0);
            }
            Charts.line(razin, col, steps, v);
        }
        assertLegendInside("a reproduction's figure", razin);
        double[] alpha = {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12};
        XYChart conj = Charts.chart("Small-init limit vs GLRL and the minimum nuclear norm", "α = ‖U₀‖_F (log)", "relative distance (log)");
        conj.getStyler().setXAxisLogarithmic(true);
        conj.getStyler().setYAxisLogarithmic(true);
        Charts.line(conj, "‖X − X_glrl‖/‖X_glrl‖", alpha, new double[] {0.53, 0.5, 0.21, 0.05, 0.005, 5e-4});
        Charts.line(conj, "‖X − X_min‖/‖X_min‖", alpha, new double[] {0.3, 0.31, 0.32, 0.33, 0.33, 0.33});
        Charts.line(conj, "|‖X‖_* − min|/min", alpha, new double[] {0.1, 0.11, 0.12, 0.12, 0.12, 0.12});
        Charts.reference(conj, "the certified minimum's own accuracy (a long reference name)", 1e-12, 1e-2, 1e-8);
        assertLegendInside("the conjecture's chart", conj);
    }
}

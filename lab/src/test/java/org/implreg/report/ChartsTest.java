package org.implreg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/** Issue 28: figures fit for a paper: human labels, 10^k log axes, sizes, resolution and formats. */
class ChartsTest {
    /** Labels drawn on one axis after rendering (XChart's tick calculator, read by reflection). */
    @SuppressWarnings("unchecked")
    static List<String> tickLabels(Chart<?, ?> chart, boolean y) throws Exception {
        java.lang.reflect.Field f = Chart.class.getDeclaredField("axisPair");
        f.setAccessible(true);
        Object pair = f.get(chart);
        java.lang.reflect.Method get = pair.getClass().getDeclaredMethod(y ? "getYAxis" : "getXAxis");
        get.setAccessible(true);
        Object axis = get.invoke(pair);
        Object calc = axis.getClass().getMethod("getAxisTickCalculator").invoke(axis);
        java.lang.reflect.Method labels = Class.forName("org.knowm.xchart.internal.chartpart.AxisTickCalculator").getMethod("getTickLabels");
        return new ArrayList<>((List<String>) labels.invoke(calc));
    }

    /** The powers k of the 10ᵏ labels within [lo, hi]; fails on any other non-empty label. */
    static List<Integer> decadesShown(List<String> labels, double lo, double hi) {
        List<Integer> ks = new ArrayList<>();
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        for (String l : labels) {
            if (l == null || l.isEmpty()) {
                continue;
            }
            assertThat(l).as("a log tick label").matches("10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+");
            int k = 0;
            for (char ch : l.substring(l.charAt(2) == '⁻' ? 3 : 2).toCharArray()) {
                k = 10 * k + sup.indexOf(ch);
            }
            k = l.charAt(2) == '⁻' ? -k : k;
            if (k >= lo && k <= hi) {
                ks.add(k);
            }
        }
        return ks;
    }

    @Test
    void powersOfTenInSuperscript() {
        assertThat(Charts.power(-4)).isEqualTo("10⁻⁴");
        assertThat(Charts.power(0)).isEqualTo("10⁰");
        assertThat(Charts.power(12)).isEqualTo("10¹²");
        assertThat(new Charts.DecadeLabels(0.5).apply(-3.0)).isEqualTo("10⁻³");
        assertThat(new Charts.DecadeLabels(0.5).apply(-3.5)).isEmpty();
        assertThat(new Charts.DecadeLabels(0.5).apply(0.5)).isEqualTo(" "); // the axis end: not empty, so XChart draws ticks
    }

    /** A log axis holds at least two decades, padded beyond data that do not end on one. */
    @Test
    void logAxisRangesHoldTwoDecades() {
        double tol = 1e-12;
        assertThat(Charts.axisRange(new double[] {-3.4, -3.2}, null, null)).containsExactly(new double[] {-4, -3},
            org.assertj.core.data.Offset.offset(tol));
        assertThat(Charts.axisRange(new double[] {-3.4, -2.8}, null, null)).containsExactly(new double[] {-4, -2.8 + 0.03 * 1.2},
            org.assertj.core.data.Offset.offset(tol));
        assertThat(Charts.axisRange(new double[] {-3.2, -2.6}, null, null)).containsExactly(new double[] {-3.2 - 0.03 * 1.2, -2},
            org.assertj.core.data.Offset.offset(tol));
        assertThat(Charts.axisRange(new double[] {-3, -3}, null, null)).containsExactly(new double[] {-4, -2},
            org.assertj.core.data.Offset.offset(tol));
        assertThat(Charts.axisRange(new double[] {-7.2, 0.9}, null, null)).containsExactly(new double[] {-7.2 - 0.03 * 8.1, 0.9 + 0.03 * 8.1},
            org.assertj.core.data.Offset.offset(tol));
        assertThat(Charts.axisRange(new double[] {-7.2, 0.9}, 1e-9, 10.0)).containsExactly(new double[] {-9, 1},
            org.assertj.core.data.Offset.offset(tol));
    }

    /** Log axes show 10ᵏ, never 1E-4, and at least two labelled decades, also over less than a decade of data. */
    @Test
    void logAxesAreLabelledInPowersOfTenWithAtLeastTwoTicks() throws Exception {
        double[][] spans = {{2e-4, 5e-4}, {0.8, 1.6}, {1e-30, 1}, {3e-3, 3e-3}, {1e-9, 2e-7}};
        for (double[] span : spans) {
            XYChart c = Charts.chart("t", "x", "y");
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmic(true);
            double[] x = new double[40];
            double[] y = new double[40];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.pow(10, -6 + 12.0 * i / 39);
                y[i] = span[0] * Math.pow(span[1] / span[0], i / 39.0);
            }
            Charts.line(c, "s", x, y);
            SweepReport.png(c);
            for (boolean onY : new boolean[] {false, true}) {
                double lo = onY ? c.getStyler().getYAxisMin() : c.getStyler().getXAxisMin();
                double hi = onY ? c.getStyler().getYAxisMax() : c.getStyler().getXAxisMax();
                List<String> labels = tickLabels(c, onY);
                assertThat(labels).as("no E notation").noneMatch(l -> l != null && l.contains("E"));
                assertThat(decadesShown(labels, lo, hi)).as((onY ? "y" : "x") + " over " + span[0] + " … " + span[1] + ": " + labels)
                    .hasSizeGreaterThanOrEqualTo(2);
                assertThat(lo).as("the axis starts at or below the data").isLessThanOrEqualTo(Math.log10(onY ? span[0] : 1e-6) + 1e-12);
                assertThat(hi).as("the axis ends at or above the data").isGreaterThanOrEqualTo(Math.log10(onY ? span[1] : 1e6) - 1e-12);
            }
        }
    }

    /** Rendering twice draws the same figure (the log axes are turned once). */
    @Test
    void renderingIsRepeatable() {
        XYChart c = Charts.chart("t", "flow_time", "rel_error");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        Charts.line(c, "abs_w11", new double[] {1, 10, 100}, new double[] {1e-3, 1e-5, 1e-7});
        byte[] first = SweepReport.png(c);
        assertThat(SweepReport.png(c)).isEqualTo(first);
        assertThat(c.getXAxisTitle()).isEqualTo("flow time t");
        assertThat(c.getYAxisTitle()).isEqualTo("relative error ‖X − X*‖_F/‖X*‖_F");
        assertThat(c.getSeriesMap()).containsOnlyKeys("|W₁₁|"); // a raw key named a series: its label instead
    }

    @Test
    void sizeResolutionAndFormatsAreTheFigureFormats() throws Exception {
        XYChart c = Charts.chart("t", "x", "y");
        Charts.line(c, "s", new double[] {1, 2, 3}, new double[] {1, 4, 9});
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(new FigureFormat("png", 400, 300, 144).render(c)));
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(600);
        String svg = new String(new FigureFormat("svg", 500, 350, 72).render(c), StandardCharsets.UTF_8);
        assertThat(svg).contains("<svg").contains("width=\"500").contains("height=\"350");
        assertThat(new String(new FigureFormat("pdf", 500, 350, 72).render(c), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(FigureFormat.of(Path.of("f.PDF"), "--out", null, null, null, null)).isEqualTo(new FigureFormat("pdf", 760, 520, 72));
        assertThat(FigureFormat.of(Path.of("f.png"), "--out", "png", 1000, 600, 300)).isEqualTo(new FigureFormat("png", 1000, 600, 300));
        assertThatThrownBy(() -> FigureFormat.of(Path.of("f.png"), "--out", "svg", null, null, null)).isInstanceOf(InvalidInputException.class)
            .hasMessage("--out f.png: expected a .svg file");
        assertThatThrownBy(() -> FigureFormat.of(Path.of("f.svg"), "--out", null, null, null, 300)).hasMessageStartingWith("--dpi: only a PNG");
        assertThatThrownBy(() -> FigureFormat.of(Path.of("f.png"), "--out", null, 199, null, null)).hasMessage(
            "--width: expected 200 to 20000 points, got 199");
        assertThatThrownBy(() -> FigureFormat.of(Path.of("f.png"), "--out", null, null, null, 20)).hasMessage("--dpi: expected 36 to 1200, got 20");
        assertThatThrownBy(() -> FigureFormat.of(Path.of("f.png"), "--out", null, 20000, 20000, 1200)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("memory budget");
    }

    /** A legend row too wide for the image becomes a column below the plot; the image grows to hold it. */
    @Test
    void aLegendTooWideForOneRowBecomesAColumnAndTheImageGrows() throws Exception {
        XYChart c = Charts.chart("t", "x", "y");
        for (int i = 0; i < 12; i++) {
            Charts.line(c, "a series with a long name number " + i, new double[] {1, 2}, new double[] {i, i + 1});
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(SweepReport.png(c)));
        assertThat(c.getStyler().getLegendLayout()).isEqualTo(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        assertThat(img.getHeight()).isGreaterThan(Charts.HEIGHT);
        assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
        XYChart few = Charts.chart("t", "x", "y");
        Charts.line(few, "one", new double[] {1, 2}, new double[] {1, 2});
        Charts.line(few, "two", new double[] {1, 2}, new double[] {2, 1});
        img = ImageIO.read(new ByteArrayInputStream(SweepReport.png(few)));
        assertThat(few.getStyler().getLegendLayout()).isEqualTo(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    }
}

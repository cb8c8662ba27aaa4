package org.implreg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.io.TraceFile;
import org.implreg.metrics.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class TracePlotTest {
    static TraceRecorder.Row row(long k, double t, double loss, double... sv) {
        return new TraceRecorder.Row(k, t, loss, Math.sqrt(loss), Double.NaN, 0, 1, sv, 1);
    }

    static TraceFile.Trace trace(String name, double step) {
        return TracePlot.trace(name, Map.of("method", "gd", "d", 4, "init_scale", 1e-4, "step", step),
            List.of(row(0, 0, 1, 1e-8, 1e-9), row(1, step, 0.5, 1e-7, 1e-9), row(10, 10 * step, 0.1, 0.5, 0.0)));
    }

    @Test
    void singularValuesAreOneLineEachAgainstFlowTimeOnLogAxes() {
        XYChart c = TracePlot.chart(List.of(trace("a", 0.01)), "singular_values", "t");
        assertThat(c.getSeriesMap().keySet()).containsExactly("σ1", "σ2");
        assertThat(c.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(c.getStyler().isYAxisLogarithmic()).isTrue();
        // t = 0 and σ = 0 cannot be shown on log axes: left out
        assertThat(c.getSeriesMap().get("σ1").getXData()).hasSize(2);
        assertThat(c.getSeriesMap().get("σ2").getXData()).hasSize(1);
        assertThat(c.getXAxisTitle()).isEqualTo("flow time t");
    }

    @Test
    void legendsNameTheSettingsInWhichTracesDiffer() {
        assertThat(TracePlot.legends(List.of(trace("a", 0.01), trace("b", 0.02)))).containsExactly("gd step=0.01", "gd step=0.02");
        assertThat(TracePlot.legends(List.of(trace("a", 0.01)))).containsExactly("gd d=4 init_scale=1e-4 step=0.01");
        assertThat(List.of(TracePlot.compact(1e-4), TracePlot.compact(2.5e-3), TracePlot.compact(-1.23456e-7), TracePlot.compact(12345678.0),
            TracePlot.compact(0.1 + 0.2), TracePlot.compact(40.0))).containsExactly("1e-4", "0.0025", "-1.235e-7", "1.235e7", "0.3", "40");
        assertThat(TracePlot.legends(List.of(trace("a", 0.01), trace("b", 0.01)))).containsExactly("gd (a)", "gd (b)");
        TraceFile.Trace gd = TracePlot.trace("g", Map.of("method", "gd", "label", "GD", "step", 0.001), List.of(row(1, 1, 1, 1.0)));
        TraceFile.Trace flow = TracePlot.trace("f", Map.of("method", "flow", "label", "flow", "options", "{max_time=10}"),
            List.of(row(1, 1, 1, 1.0)));
        assertThat(TracePlot.legends(List.of(gd, flow))).containsExactly("GD", "flow");
        XYChart c = TracePlot.chart(List.of(trace("a", 0.01), trace("b", 0.02)), "loss", "loss");
        assertThat(c.getSeriesMap().keySet()).containsExactly("gd step=0.01", "gd step=0.02");
    }

    @Test
    void withoutFlowTimeTheAxisIsTheIteration() {
        TraceFile.Trace t = TracePlot.trace("x", Map.of("method", "xgd"), List.of(row(0, Double.NaN, 1, 1.0), row(5, Double.NaN, 0.5, 2.0)));
        XYChart c = TracePlot.chart(List.of(t), "effective_rank", "r");
        assertThat(c.getXAxisTitle()).isEqualTo("iteration k");
        assertThat(c.getStyler().isYAxisLogarithmic()).isFalse();
    }

    @Test
    void refusesUnknownKeysAndFormats() {
        assertThatThrownBy(() -> TracePlot.requireKey("los")).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--y: unknown key 'los'");
        assertThat(TracePlot.format(Path.of("a/F.SVG"), "--out")).isEqualTo("svg");
        assertThatThrownBy(() -> TracePlot.format(Path.of("f.jpg"), "--out")).hasMessage("--out f.jpg: expected a .png, .svg or .pdf file");
        assertThat(TracePlot.format(Path.of("f.pdf"), "--out")).isEqualTo("pdf");
    }

    /** Issue 27: a long series is drawn from at most 4 points per log-x bin, its first, last, lowest and highest kept. */
    @Test
    void longSeriesAreDownsampledKeepingFirstLastAndExtremes() {
        List<TraceRecorder.Row> rows = new java.util.ArrayList<>();
        for (int k = 1; k <= 200_000; k++) {
            rows.add(row(k, 1e-3 * k, k == 123_457 ? 1e-9 : k == 77 ? 1e9 : 1.0 + (k % 13)));
        }
        XYChart c = TracePlot.chart(List.of(TracePlot.trace("t", Map.of("method", "gd"), rows)), "loss", "loss");
        double[] x = c.getSeriesMap().values().iterator().next().getXData();
        double[] y = c.getSeriesMap().values().iterator().next().getYData();
        assertThat(x.length).isBetween(TracePlot.MAX_BINS, 4 * TracePlot.MAX_BINS);
        assertThat(x[0]).isEqualTo(1e-3);
        assertThat(x[x.length - 1]).isEqualTo(200.0);
        assertThat(y).contains(1e-9, 1e9, 13.0);
        for (int i = 1; i < x.length; i++) {
            assertThat(x[i]).isGreaterThan(x[i - 1]); // in file order
        }
        // up to the limit, every point
        XYChart small = TracePlot.chart(List.of(TracePlot.trace("t", Map.of("method", "gd"), rows.subList(0, TracePlot.MAX_RAW_POINTS))),
            "loss", "loss");
        assertThat(small.getSeriesMap().values().iterator().next().getXData()).hasSize(TracePlot.MAX_RAW_POINTS);
    }

    /** Issue 27: at most the top 20 singular values of a trace are drawn, and the figure says so. */
    @Test
    void singularValuesBeyondTheTopTwentyAreLeftOutAndSaidSo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        double[] sv = new double[50];
        java.util.Arrays.fill(sv, 1.0);
        Path f = tmp.resolve("t.jsonl");
        java.nio.file.Files.write(f, TraceFile.bytes(Map.of("method", "gd"), List.of(row(1, 1, 1, sv), row(2, 2, 1, sv))));
        TracePlot.Figure fig = TracePlot.plot(List.of(f), "singular_values", "s", "auto");
        // σ1 … σ8 each in the legend; σ9 … σ20 drawn thin and grey under one legend entry that says the cap
        assertThat(fig.chart().getSeriesMap()).hasSize(TracePlot.MAX_SINGULAR_VALUES + 1).containsKey("σ9 … σ20 (top 20 of 50)");
        assertThat(fig.chart().getSeriesMap().values().stream().filter(org.knowm.xchart.XYSeries::isShowInLegend).count())
            .isEqualTo(TracePlot.LEGEND_SIGMAS + 1);
        assertThat(fig.notes()).containsExactly(f + ": drew the top 20 of 50 singular values (at most 20 per trace)");
        assertThat(TracePlot.plot(List.of(f), "loss", "s", "auto").notes()).isEmpty();
    }

    /** Issue 28: several traces of σ_i: a colour per trace, a line style per σ_i, each explained once in the legend. */
    @Test
    void severalTracesGetAColourEachAndALineStylePerSigma() {
        XYChart c = TracePlot.chart(List.of(trace("a", 0.01), trace("b", 0.02)), "singular_values", "σ");
        Map<String, org.knowm.xchart.XYSeries> m = c.getSeriesMap();
        assertThat(m.get("gd step=0.01 σ1").getLineColor()).isEqualTo(m.get("gd step=0.01 σ2").getLineColor())
            .isNotEqualTo(m.get("gd step=0.02 σ1").getLineColor());
        assertThat(m.get("gd step=0.01 σ1").getLineStyle()).isEqualTo(m.get("gd step=0.02 σ1").getLineStyle())
            .isNotEqualTo(m.get("gd step=0.01 σ2").getLineStyle());
        assertThat(m.values().stream().filter(org.knowm.xchart.XYSeries::isShowInLegend).map(org.knowm.xchart.XYSeries::getName))
            .containsExactly("gd step=0.01", "gd step=0.02", "σ1", "σ2");
    }

    /** Issue 28: σ_i(X*) of the problem (given, or named by the traces' run line) drawn dashed, zeros left out. */
    @Test
    void referenceLinesAreTheSingularValuesOfTheProblemsTruth(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path p = tmp.resolve("p.npz");
        double[] xStar = {3, 0, 0, 0, 1, 0, 0, 0, 0}; // diag(3, 1, 0)
        org.implreg.io.ProblemFiles.write(new org.implreg.problem.Problem(new org.implreg.problem.CompletionOperator(3, new int[] {0},
            new int[] {0}), new double[] {3}, xStar, Map.of()), p, false);
        Path f = tmp.resolve("t.jsonl");
        java.nio.file.Files.write(f, TraceFile.bytes(Map.of("method", "gd", "problem", p.toString()), List.of(row(1, 1, 1, 0.1, 0.01),
            row(2, 2, 0.5, 2.9, 0.9))));
        for (TracePlot.Figure fig : List.of(TracePlot.plot(List.of(f), "singular_values", null, "auto", p, false),
            TracePlot.plot(List.of(f), "singular_values", null, "auto", null, true))) {
            Map<String, org.knowm.xchart.XYSeries> m = fig.chart().getSeriesMap();
            assertThat(m.get("σᵢ(X*)").getYData()).containsExactly(3.0, 3.0);
            assertThat(m.get("σᵢ(X*) 2").getYData()).containsExactly(1.0, 1.0);
            assertThat(m).hasSize(4); // σ1, σ2 and the two nonzero σ_i(X*)
            assertThat(m.get("σᵢ(X*)").getLineStyle()).isEqualTo(Charts.REFERENCE);
        }
        assertThat(TracePlot.plot(List.of(f), "singular_values", null, "auto").chart().getSeriesMap()).hasSize(2);
        java.nio.file.Files.delete(p);
        TracePlot.Figure gone = TracePlot.plot(List.of(f), "singular_values", null, "auto", null, true);
        assertThat(gone.notes()).containsExactly("the traces' problem " + p + " is not found: no σ_i(X*) drawn (give --problem)");
    }
}

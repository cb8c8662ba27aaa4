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
        assertThat(TracePlot.legends(List.of(trace("a", 0.01)))).containsExactly("gd d=4 init_scale=1.0E-4 step=0.01");
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
        assertThatThrownBy(() -> TracePlot.format(Path.of("f.jpg"), "--out")).hasMessage("--out f.jpg: expected a .png or .svg file");
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
        assertThat(fig.chart().getSeriesMap()).hasSize(TracePlot.MAX_SINGULAR_VALUES).containsKey("σ20 (top 20 of 50)");
        assertThat(fig.notes()).containsExactly(f + ": drew the top 20 of 50 singular values (at most 20 per trace)");
        assertThat(TracePlot.plot(List.of(f), "loss", "s", "auto").notes()).isEmpty();
    }
}

package org.implreg.reproduce.toy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.io.Provenance;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Verdict;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.knowm.xchart.XYChart;

/**
 * A test-only reproduction in its own package, registered by one line of lab's test resources
 * ({@code META-INF/services/org.implreg.reproduce.Reproduction}) and nothing else: the registry, {@code reproduce
 * --help}, the home page and the page test pick it up. What a newcomer adding a paper writes, at its smallest.
 * Its "paper" claims that gradient descent on f(x) = ½(x − 1)² from x₀ = 0 with step η ∈ (0, 2) converges to 1:
 * the iterates are x_k = 1 − (1 − η)^k, so after k steps the error is |1 − η|^k.
 */
public final class ToyReproduction implements Reproduction {
    /** Its name on the command line. */
    public static final String NAME = "toy";
    /** Step size η of the toy's gradient descent. */
    static final double STEP = 0.5;
    /** Steps taken. */
    static final int STEPS = 20;
    /** The claim agrees when the final error |x_K − 1| is at most this (|1 − η|^K = 9.5e-7 here). */
    static final double AGREES_BELOW = 1e-6;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test-only toy reproduction (gradient descent on a parabola)";
    }

    /** The toy's step and number of steps. */
    public record Settings(double step, int steps) {}

    /** summary.json's files. */
    public record Files(String index, List<String> figures) {}

    /** The toy's summary.json, key by key. */
    public record ToySummary(String reproduction, String paper, String mode, Settings settings, double finalError,
                             List<Finding> verdicts, Files files) implements Summary {}

    @Override
    public ToySummary run(Context ctx) {
        long start = System.nanoTime();
        Provenance.Info session = Page.session(ctx, Map.of("reproduction", NAME, "full", ctx.full()));
        double[] k = new double[STEPS + 1];
        double[] err = new double[STEPS + 1];
        double x = 0;
        for (int i = 0; i <= STEPS; i++) {
            k[i] = i;
            err[i] = Math.abs(x - 1);
            x -= STEP * (x - 1);
        }
        double fin = err[STEPS];
        XYChart c = Charts.chart("Toy: |x_k − 1|", "step k", "error");
        Charts.line(c, "gradient descent", k, err);
        SweepReport.save(c, ctx.dir().resolve("figures").resolve("error"));
        Finding f = Finding.claim("toy", "gradient descent converges to the minimizer", Verdict.of(fin <= AGREES_BELOW, fin < 1),
                String.format(Locale.ROOT, "|x_%d − 1| = %.3g", STEPS, fin))
            .by(Finding.Owner.of("The toy's authors", "claim"), String.format(Locale.ROOT, "the error after %d steps is %.3g", STEPS, fin));
        ToySummary summary = new ToySummary(NAME, "a toy", ctx.full() ? "full" : "quick", new Settings(STEP, STEPS), fin, List.of(f),
            new Files("index.html", List.of("figures/error.png")));
        String intro = "<p>A toy reproduction. Numbers: <a href=\"summary.json\">summary.json</a>.</p>\n";
        return Page.write(ctx, summary, session, List.of(), start, "Reproduction: toy",
            List.of(intro, Html.figures("Error", List.of("error"), Map.of("error", "|x_k − 1| against k"))), null);
    }
}

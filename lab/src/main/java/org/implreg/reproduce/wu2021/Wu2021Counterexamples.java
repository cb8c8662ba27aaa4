package org.implreg.reproduce.wu2021;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.convex.TinyCompletion;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.linalg.Linalg;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;

/**
 * Issue 31, item 3: Gunasekar et al.'s conjecture under mirror descent. On li2021's certified counterexamples (3×3 PSD
 * completion instances of the Figure-4 grid whose small-init gradient-flow limit stays ≥ 5% above the minimum trace as
 * α → 0) and on a seeded sample of the grid, the α → 0 limit of {@code md} (X₀ = α·I) against the exact minimum
 * ({@link TinyCompletion}, certified) and against the gradient flow (from the same X₀: U₀ = √α·I, and from li2021's
 * Gaussian U₀ with ‖U₀‖_F = α). Δ = (‖X‖_* − min)/min, distances ‖X − X_min‖_F/‖X_min‖_F.
 */
final class Wu2021Counterexamples {
    private Wu2021Counterexamples() {}

    /** li2021's certified counterexamples: the quick run's (seed 1) and the full run's, docs/REPRODUCTIONS.md's li2021 (c). */
    static final int[] LI2021_COUNTEREXAMPLES = {34585, 116595};
    /** The α's of the counterexamples. */
    static final double[] ALPHAS = {1e-2, 1e-4, 1e-6, 1e-8};
    /** The α of the grid sample (small initialization). */
    static final double GRID_ALPHA = 1e-6;
    /** MD's step in implreg's units on the 3×3 problems (∇Φ moves by 2·STEP·𝒜*(r)); the problems' entries are ≤ 1. */
    static final double MD_STEP = 0.25;
    /** MD's iteration cap; it stops earlier at {@link #TOL}. */
    static final long MD_MAX_ITER = 400_000;
    /** The relative training error at which MD and the flow stop (the data fitted). */
    static final double TOL = 1e-10;
    /**
     * A limit's nuclear norm "is" the minimum when Δ = (‖X‖_* − min)/min is at most this (li2021's {@code Conjecture.SAME}). Judged on Δ,
     * the conjecture's quantity, not on the distance to X_min: near the minimum on the PSD cone's curved boundary the distance
     * falls like √Δ, and MD's distance closes only like 1/log(1/α).
     */
    static final double SAME = 1e-3;

    /** One solver's limit on an instance: Δ, distance to the minimum, training error. */
    record Limit(double delta, double distanceToMin, double trainError) {
        static Limit of(double[] x, double[] y, CompletionOperator op, TinyCompletion.Result exact) {
            double nuc = SolutionMetrics.of(x, 3, null).nuclearNorm();
            double[] r = new double[y.length];
            op.apply(x, r);
            for (int i = 0; i < r.length; i++) {
                r[i] -= y[i];
            }
            return new Limit((nuc - exact.minTrace()) / exact.minTrace(), Linalg.distance(x, exact.x()) / Math.max(Linalg.norm(exact.x()),
                Double.MIN_NORMAL), Linalg.norm(r) / Math.max(Linalg.norm(y), Double.MIN_NORMAL));
        }
    }

    /** One instance at one α: MD, the flow from U₀ = √α·I, the flow from li2021's Gaussian U₀ (‖U₀‖_F = α). */
    record AtAlpha(double alpha, Limit md, Limit flowIdentity, Limit flowGaussian) {}

    /** A row: the instance, its certified minimum, per α the limits. */
    record InstanceRow(int id, String mask, double[] observed, double minNuclearNorm, boolean certified, List<AtAlpha> perAlpha) {}

    /** A grid sample row (null-free): the feasible instances' limits at {@link #GRID_ALPHA}. */
    record GridRow(int id, String mask, boolean wholeDiagonal, double minNuclearNorm, boolean certified, Limit md, Limit flowIdentity) {}

    /** The rows of a grid chunk. */
    record GridChunk(List<GridRow> rows) {}

    /** The instance {@code id} at each of {@code alphas}. */
    static InstanceRow instance(int id, double[] alphas, long seed) {
        PsdCompletionGrid.Observations obs = PsdCompletionGrid.observations(id);
        int[][] mk = obs.entries();
        TinyCompletion.Result exact = TinyCompletion.solve(mk[0], mk[1], obs.numerators(), PsdCompletionGrid.DENOMINATOR);
        CompletionOperator op = new CompletionOperator(3, mk[0], mk[1]);
        Problem p = new Problem(op, obs.y(), null, Map.of("grid_instance", id));
        List<AtAlpha> rows = new ArrayList<>();
        for (double a : alphas) {
            double[] gauss = Initializers.gaussian(3, 3, a, Rng.stream(seed, "li2021-counterexample-" + id));
            rows.add(new AtAlpha(a, Limit.of(md(p, a), obs.y(), op, exact), Limit.of(flow(op, obs.y(), Wu2021Problems.identityFactor(3, a)),
                obs.y(), op, exact), Limit.of(flow(op, obs.y(), gauss), obs.y(), op, exact)));
        }
        return new InstanceRow(id, PsdCompletionGrid.maskText(obs.mask()), obs.y(), exact.minTrace(), exact.certificate().holds(1e-9), rows);
    }

    /** Grid instance {@code id} at {@link #GRID_ALPHA}; null when it has no PSD completion. */
    static GridRow gridRow(int id) {
        PsdCompletionGrid.Observations obs = PsdCompletionGrid.observations(id);
        int[][] mk = obs.entries();
        TinyCompletion.Result exact = TinyCompletion.solve(mk[0], mk[1], obs.numerators(), PsdCompletionGrid.DENOMINATOR);
        if (!exact.feasible()) {
            return null;
        }
        CompletionOperator op = new CompletionOperator(3, mk[0], mk[1]);
        Problem p = new Problem(op, obs.y(), null, Map.of("grid_instance", id));
        return new GridRow(id, PsdCompletionGrid.maskText(obs.mask()), PsdCompletionGrid.observesWholeDiagonal(obs.mask()), exact.minTrace(),
            exact.certificate().holds(1e-9), Limit.of(md(p, GRID_ALPHA), obs.y(), op, exact),
            Limit.of(flow(op, obs.y(), Wu2021Problems.identityFactor(3, GRID_ALPHA)), obs.y(), op, exact));
    }

    /** {@code md} from X₀ = α·I to training error {@link #TOL}: its limit X. */
    static double[] md(Problem p, double alpha) {
        SolveSettings s = SolveSettings.builder("md").option("alpha", Double.toString(alpha)).step(MD_STEP).maxIterations(MD_MAX_ITER)
            .tol(TOL).build();
        SolveReport r = Wu2021Runs.solve(p, s, IterationListener.NONE);
        return r.result().x();
    }

    /** The gradient flow from {@code u0} to training error {@link #TOL} (rtol 1e-10, li2021's (c)): its limit X. */
    static double[] flow(CompletionOperator op, double[] y, double[] u0) {
        FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withTol(TOL).withRtol(1e-10))
            .optimize(new FactorizedObjective(op, y, 3), u0);
        return fr.result().x();
    }

    /** {@code perMask} seeded instance ids per mask of the grid. */
    static List<Integer> sample(int perMask, long seed) {
        List<Integer> ids = new ArrayList<>();
        var rng = Rng.stream(seed, "wu2021-grid-sample");
        for (int k = 0; k < PsdCompletionGrid.MASKS; k++) {
            java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
            while (chosen.size() < perMask) {
                chosen.add(rng.nextInt(PsdCompletionGrid.PER_MASK));
            }
            for (int c : chosen) {
                ids.add(k * PsdCompletionGrid.PER_MASK + c);
            }
        }
        return ids;
    }
}

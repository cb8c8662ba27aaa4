package org.implreg.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.convex.TinyCompletion;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;

/**
 * The exhaustive 3×3 PSD completion grid of Gunasekar et al. (2017), Figure 4: every mask of m = 4
 * observed entries of a symmetric 3×3 matrix (15 masks: 4 of the 6 entries X_pq, p ≤ q), each observed
 * value taking each of 10 uniformly spaced values in [−1, 1], i.e. (2i − 9)/9 for i = 0..9: 15·10⁴
 * instances. Instance id = mask·10⁴ + Σ_t i_t·10^t (value index i_t of observation t).
 *
 * <p>{@link #solve} decides feasibility and the minimum nuclear norm exactly ({@link TinyCompletion},
 * with its certificate), then integrates the gradient flow U̇ = −∇f(U), U ∈ ℝ^{3×3}, from a Gaussian U₀
 * with ‖U₀‖_F = α for each α, and reports Δ = (‖X_flow‖_* − ‖X_min‖_*)/‖X_min‖_*. U₀ depends only on
 * (seed, instance id, α), so results do not depend on the order or the threads they run on.
 */
public final class PsdCompletionGrid {
    /** Instances per mask. */
    public static final int PER_MASK = 10_000;
    /** Number of masks. */
    public static final int MASKS = 15;
    /** All instances. */
    public static final int SIZE = MASKS * PER_MASK;
    /** The denominator of the observed values (2i − 9)/9. */
    public static final long DENOMINATOR = 9;

    private static final int[][] ENTRIES = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};

    private PsdCompletionGrid() {}

    /**
     * Flow settings of the grid.
     *
     * @param alphas         the initial scales ‖U₀‖_F
     * @param tol            training-error tolerance of the flow
     * @param rtol           the integrator's relative tolerance
     * @param maxEvaluations gradient evaluations allowed per flow
     * @param seed           seed of the initializations
     */
    public record Options(List<Double> alphas, double tol, double rtol, long maxEvaluations, long seed) {
        public Options {
            alphas = List.copyOf(alphas);
            org.implreg.InvalidInputException.require(!alphas.isEmpty(), "at least one α is needed");
        }

        /** The paper's α ∈ {1e-5, 1e-3, 1}; flow to training error 1e-6 at rtol 1e-5, ≤ 10⁵ evaluations. */
        public static Options paper(long seed) {
            return new Options(List.of(1e-5, 1e-3, 1.0), 1e-6, 1e-5, 100_000, seed);
        }

        /** The options as key/values, for provenance and resume keys. */
        public Map<String, Object> describe() {
            return Map.of("alphas", alphas, "tol", tol, "rtol", rtol, "max_evaluations", maxEvaluations, "seed", seed);
        }
    }

    /**
     * One flow of an instance.
     *
     * @param retried whether the flow was rerun at rtol·10⁻³ because the first integration did not converge
     */
    public record FlowOutcome(double alpha, double nuclearNorm, double delta, double trainError, String stopReason, long evaluations,
                              boolean retried) {}

    private static FlowResult flow(Problem p, double[] u0, Options o, double rtol) {
        return new GradientFlow(GradientFlow.Options.defaults().withTol(o.tol()).withRtol(rtol).withMaxEvaluations(o.maxEvaluations()))
            .optimize(new FactorizedObjective(p, 3), u0);
    }

    /**
     * One instance.
     *
     * @param id          instance id
     * @param mask        mask index 0..14
     * @param rows        observed rows
     * @param cols        observed columns
     * @param valueIndex  value indices i_t (value (2i_t − 9)/9)
     * @param exact       the exact solution
     * @param certified   the exact solution's certificate holds to 1e-9 (feasible instances)
     * @param flows       one outcome per α (empty when infeasible)
     */
    public record Instance(int id, int mask, int[] rows, int[] cols, int[] valueIndex, TinyCompletion.Result exact,
                           boolean certified, List<FlowOutcome> flows) {}

    /** Observed entries of mask {@code k}: {rows, cols}. */
    public static int[][] mask(int k) {
        int t = 0;
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                if (t++ == k) {
                    int[] rows = new int[4];
                    int[] cols = new int[4];
                    int o = 0;
                    for (int e = 0; e < 6; e++) {
                        if (e != a && e != b) {
                            rows[o] = ENTRIES[e][0];
                            cols[o] = ENTRIES[e][1];
                            o++;
                        }
                    }
                    return new int[][] {rows, cols};
                }
            }
        }
        throw new IllegalArgumentException("mask index must be in 0..14, got " + k);
    }

    /**
     * Whether mask {@code k} observes X₁₁, X₂₂ and X₃₃: then tr X = ‖X‖_* is fixed by the data for every PSD
     * completion, so every solution has Δ = 0 and the mask says nothing about which one a method picks.
     */
    public static boolean observesWholeDiagonal(int k) {
        int[][] m = mask(k);
        int d = 0;
        for (int t = 0; t < 4; t++) {
            d += m[0][t] == m[1][t] ? 1 : 0;
        }
        return d == 3;
    }

    /** Text of a mask, e.g. "11,22,12,13" (1-based entries). */
    public static String maskText(int k) {
        int[][] m = mask(k);
        List<String> parts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            parts.add("" + (m[0][t] + 1) + (m[1][t] + 1));
        }
        return String.join(",", parts);
    }

    /**
     * The observations of instance {@code id}: mask k = id / PER_MASK, and from the decimal digits v_t of
     * id mod PER_MASK the observed values (2v_t − 9)/9 ∈ {−1, −7/9, …, 1}.
     *
     * @param mask       the mask's index k
     * @param entries    the observed (row, column) pairs: entries[0] rows, entries[1] columns
     * @param digits     v_t ∈ 0..9, one an observed entry
     * @param numerators 2v_t − 9 (over {@link #DENOMINATOR})
     * @param y          the observed values numerators/DENOMINATOR
     */
    public record Observations(int mask, int[][] entries, int[] digits, long[] numerators, double[] y) {}

    /** The observations of instance {@code id} (see {@link Observations}). */
    public static Observations observations(int id) {
        org.implreg.InvalidInputException.require(id >= 0 && id < SIZE, "instance id must be in 0.." + (SIZE - 1) + ", got " + id);
        int k = id / PER_MASK;
        int rest = id % PER_MASK;
        int[] vi = new int[4];
        long[] num = new long[4];
        double[] y = new double[4];
        for (int t = 0; t < 4; t++) {
            vi[t] = rest % 10;
            rest /= 10;
            num[t] = 2L * vi[t] - 9;
            y[t] = num[t] / (double) DENOMINATOR;
        }
        return new Observations(k, mask(k), vi, num, y);
    }

    /** Solves instance {@code id}: exact minimum, then one flow per α. */
    public static Instance solve(int id, Options o) {
        Observations obs = observations(id);
        int k = obs.mask();
        int[][] m = obs.entries();
        int[] vi = obs.digits();
        long[] num = obs.numerators();
        double[] y = obs.y();
        TinyCompletion.Result exact = TinyCompletion.solve(m[0], m[1], num, DENOMINATOR);
        List<FlowOutcome> flows = new ArrayList<>();
        boolean certified = exact.feasible() && exact.certificate().holds(1e-9);
        if (exact.feasible()) {
            Problem p = new Problem(new CompletionOperator(3, m[0], m[1]), y, null, Map.of());
            for (double alpha : o.alphas()) {
                double[] u0 = Initializers.gaussian(3, 3, alpha, Rng.stream(o.seed(), "grid-" + id + "-" + alpha));
                FlowResult fr = flow(p, u0, o, o.rtol());
                long evals = fr.result().gradientEvaluations();
                boolean retried = false;
                if (fr.result().stopReason() != org.implreg.run.StopReason.CONVERGED) {
                    // a loose rtol lets the explicit phase drift (relative error control) on a few instances: retry tighter
                    fr = flow(p, u0, o, o.rtol() * 1e-3);
                    evals += fr.result().gradientEvaluations();
                    retried = true;
                }
                double nuc = SolutionMetrics.of(fr.result().x(), 3, null).nuclearNorm();
                flows.add(new FlowOutcome(alpha, nuc, (nuc - exact.minTrace()) / exact.minTrace(), fr.result().trainError(),
                    fr.result().stopReason().name(), evals, retried));
            }
        }
        return new Instance(id, k, m[0], m[1], vi, exact, certified, flows);
    }
}

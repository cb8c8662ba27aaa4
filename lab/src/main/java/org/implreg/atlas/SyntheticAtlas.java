package org.implreg.atlas;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.atlas.AtlasRecord.Outcome;
import org.implreg.atlas.AtlasRecord.SolverOutcome;
import org.implreg.problem.Rng;
import org.implreg.theory.StatisticalDimension;

/**
 * Records drawn from a stated law instead of solved: no solver runs. What the aggregation, the figures and the page
 * are tested on, and the CI-size stand-in for the runner (its numbers mean nothing). Solver k (in the grid's order)
 * recovers X* with probability 1/(1 + exp(−(m − c_k(r))/w)), c_0(r) = dof(n, r) for the certified minimum and
 * c_k(r) = (1 + {@link #SHIFT}·(k − 2))·dof(n, r) for the others (the first left of the minimum's, the second on it,
 * the rest to its right), and
 * w = {@link #WIDTH_OVER_SQRT_D}·√D; the last solver, when there are at least three, does not converge in a fraction
 * {@link #NOT_CONVERGED} of its runs. The certified minimum is solver 0 ({@code nucmin}); every instance is
 * certified. All draws come from {@code Rng.stream(seed, "synthetic-atlas r m trial")}.
 */
public final class SyntheticAtlas {
    private SyntheticAtlas() {}

    /** Each later solver's centre is this fraction of the degrees of freedom further right. */
    public static final double SHIFT = 0.15;
    /** The logistic width as a multiple of √D. */
    public static final double WIDTH_OVER_SQRT_D = 0.25;
    /** The share of the last solver's runs that do not converge (three solvers or more). */
    public static final double NOT_CONVERGED = 0.1;
    /** Relative error of a synthetic recovery. */
    static final double RECOVERED_ERROR = 1e-6;
    /** Relative error of a synthetic failure. */
    static final double FAILED_ERROR = 0.3;

    /** The centre c_k(r) of solver {@code k}'s law. */
    public static double centre(AtlasGrid grid, int k, int rank) {
        return (k == 0 ? 1 : 1 + SHIFT * (k - 2)) * StatisticalDimension.degreesOfFreedom(grid.n(), rank);
    }

    /** Every instance of {@code grid}, drawn from the law. */
    public static List<AtlasRecord> records(AtlasGrid grid, long seed) {
        double w = WIDTH_OVER_SQRT_D * Math.sqrt(grid.ambientDimension());
        int k = grid.solvers().size();
        List<AtlasRecord> out = new ArrayList<>();
        for (int rank : grid.ranks()) {
            for (int m : grid.ms()) {
                for (int t = 0; t < grid.trials(); t++) {
                    RandomGenerator rng = Rng.stream(seed, "synthetic-atlas " + rank + " " + m + " " + t);
                    double min = rank * (1 + 0.1 * rng.nextDouble());
                    List<SolverOutcome> solvers = new ArrayList<>();
                    for (int s = 0; s < k; s++) {
                        double p = 1 / (1 + Math.exp(-(m - centre(grid, s, rank)) / w));
                        double u = rng.nextDouble();
                        boolean stuck = s == k - 1 && k >= 3 && rng.nextDouble() < NOT_CONVERGED;
                        Outcome o = stuck ? Outcome.NOT_CONVERGED : u < p ? Outcome.RECOVERED : Outcome.FAILED;
                        double err = o == Outcome.RECOVERED ? RECOVERED_ERROR : FAILED_ERROR;
                        double gap = s == 0 ? 0 : 0.05 * rng.nextDouble();
                        solvers.add(new SolverOutcome(grid.solvers().get(s), s == 0 ? "nucmin" : "synthetic", err, min * (1 + gap), gap,
                            rank + rng.nextDouble(), o, stuck ? "MAX_ITER" : "CONVERGED", 0));
                    }
                    long instanceSeed = Rng.stream(seed, "synthetic-atlas seed " + rank + " " + m + " " + t).nextLong() & Long.MAX_VALUE;
                    out.add(new AtlasRecord("synthetic-" + rank + "-" + m + "-" + t, rank, m, t, instanceSeed, min, true, solvers, "synthetic", 0));
                }
            }
        }
        return out;
    }
}

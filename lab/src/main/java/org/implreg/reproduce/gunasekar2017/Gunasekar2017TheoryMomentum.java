package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminResult;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.MomentumDescent;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.implreg.theory.ClaimProblems;
import org.implreg.theory.SingleMeasurement;

/**
 * Claim 5b (§6): on a curved manifold (X = UUᵀ) momentum and Nesterov acceleration "shoot off" it, so
 * unlike on least squares they need not end at the same (minimum nuclear norm) solution as GD.
 *
 * <p>A Gaussian sensing problem (n = momN, m = momM, rank-2 X* of trace n/2), U₀ Gaussian with
 * ‖U₀‖_F = momAlpha, d = n; per step η and momentum β (heavy ball and Nesterov) the stop reason,
 * iterations, training error and nuclear gap ‖UUᵀ‖_* / min − 1 to the certified minimum, each run stopping at
 * training error {@link Gunasekar2017Theory#MOMENTUM_TOL}; plain GD at the heavy ball's effective step
 * η/(1 − β_max) as the control (inertia, or only a longer step?).
 */
final class Gunasekar2017TheoryMomentum {
    private Gunasekar2017TheoryMomentum() {}

    /**
     * One run of momentum descent on U (summary.json's {@code momentum.rows[i]}).
     *
     * @param step       η
     * @param momentum   β (0: plain GD)
     * @param nesterov   Nesterov's look-ahead gradient rather than the heavy ball's
     * @param stop       why it stopped
     * @param iterations steps taken
     * @param trainError the final training error
     * @param nuclearGap ‖UUᵀ‖_* / min ‖X‖_* − 1 against the certified minimum (NaN, written null, for a non-finite U)
     */
    record Run(double step, double momentum, boolean nesterov, StopReason stop, long iterations, double trainError, double nuclearGap) {}

    /**
     * Plain GD at the heavy ball's effective step η/(1 − β_max) (summary.json's {@code momentum.gd_effective_step[i]}).
     *
     * @param nuclearGap as {@link Run#nuclearGap}, NaN (written null) unless it converged
     */
    record EffectiveRun(double step, double effectiveStep, StopReason stop, long iterations, double nuclearGap) {}

    /**
     * The claim's numbers (summary.json's {@code momentum}; the row stored in rows.jsonl).
     *
     * @param minNuclearNorm   the certified minimum nuclear norm
     * @param certificateWorst the worst relative residual of the interior point's certificate
     * @param rows             per η, β and (β &gt; 0) heavy ball then Nesterov, in that order
     * @param gdEffectiveStep  per η, plain GD at η/(1 − β_max)
     */
    record Result(double minNuclearNorm, double certificateWorst, List<Run> rows, List<EffectiveRun> gdEffectiveStep) {}

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Result compute(Gunasekar2017Theory.Settings st, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-momentum");
        int n = st.momN();
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, st.momM(), rng);
        double[] xs = ClaimProblems.psd(n, 2, rng);
        xs = Gunasekar2017Theory.scaled(xs, n / SingleMeasurement.trace(xs, n) / 2);
        double[] y = new double[st.momM()];
        op.apply(xs, y);
        NucminResult nuc = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults()).optimize(op, y, IterationListener.NONE);
        double nucMin = SingleMeasurement.trace(nuc.x(), n);
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        double[] u0 = Gunasekar2017Theory.scaled(g, st.momAlpha() / Linalg.norm(g));
        List<Run> rows = new ArrayList<>();
        for (double step : st.momSteps()) {
            for (double beta : st.momBetas()) {
                for (boolean nest : beta == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                    MomentumDescent.Options o = MomentumDescent.Options.of(step, beta, nest).withMaxIterations(st.momMaxIter()).withTol(Gunasekar2017Theory.MOMENTUM_TOL);
                    OptimizationResult r = new MomentumDescent(o).optimize(new FactorizedObjective(op, y, n), u0, IterationListener.NONE);
                    rows.add(new Run(step, beta, nest, r.stopReason(), r.iterations(), r.trainError(),
                        Linalg.allFinite(r.x()) ? SingleMeasurement.trace(r.x(), n) / nucMin - 1 : Double.NaN));
                }
            }
        }
        // plain GD at the heavy ball's effective step η/(1 − β_max): is the extra gap inertia or just a longer step?
        double betaMax = java.util.Arrays.stream(st.momBetas()).max().orElse(0);
        List<EffectiveRun> effective = new ArrayList<>();
        for (double step : st.momSteps()) {
            double eff = step / (1 - betaMax);
            MomentumDescent.Options o = MomentumDescent.Options.of(eff, 0, false).withMaxIterations(st.momMaxIter()).withTol(Gunasekar2017Theory.MOMENTUM_TOL);
            OptimizationResult r = new MomentumDescent(o).optimize(new FactorizedObjective(op, y, n), u0, IterationListener.NONE);
            effective.add(new EffectiveRun(step, eff, r.stopReason(), r.iterations(),
                Linalg.allFinite(r.x()) && r.stopReason() == StopReason.CONVERGED ? SingleMeasurement.trace(r.x(), n) / nucMin - 1 : Double.NaN));
        }
        return new Result(nucMin, nuc.certificate().worst(), rows, effective);
    }
}

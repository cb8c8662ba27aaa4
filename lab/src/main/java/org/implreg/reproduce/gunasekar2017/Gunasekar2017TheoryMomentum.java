package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Map<String, Object> compute(Gunasekar2017Theory.Settings st, long seed) {
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
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double step : st.momSteps()) {
            for (double beta : st.momBetas()) {
                for (boolean nest : beta == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                    MomentumDescent.Options o = MomentumDescent.Options.of(step, beta, nest).withMaxIterations(st.momMaxIter()).withTol(Gunasekar2017Theory.MOMENTUM_TOL);
                    OptimizationResult r = new MomentumDescent(o).optimize(new FactorizedObjective(op, y, n), u0, IterationListener.NONE);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", step);
                    row.put("momentum", beta);
                    row.put("nesterov", nest);
                    row.put("stop", r.stopReason().name());
                    row.put("iterations", r.iterations());
                    row.put("train_error", r.trainError());
                    row.put("nuclear_gap", Linalg.allFinite(r.x()) ? SingleMeasurement.trace(r.x(), n) / nucMin - 1 : Double.NaN);
                    rows.add(row);
                }
            }
        }
        // plain GD at the heavy ball's effective step η/(1 − β_max): is the extra gap inertia or just a longer step?
        double betaMax = java.util.Arrays.stream(st.momBetas()).max().orElse(0);
        List<Map<String, Object>> effective = new ArrayList<>();
        for (double step : st.momSteps()) {
            double eff = step / (1 - betaMax);
            MomentumDescent.Options o = MomentumDescent.Options.of(eff, 0, false).withMaxIterations(st.momMaxIter()).withTol(Gunasekar2017Theory.MOMENTUM_TOL);
            OptimizationResult r = new MomentumDescent(o).optimize(new FactorizedObjective(op, y, n), u0, IterationListener.NONE);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", step);
            row.put("effective_step", eff);
            row.put("stop", r.stopReason().name());
            row.put("iterations", r.iterations());
            row.put("nuclear_gap", Linalg.allFinite(r.x()) && "CONVERGED".equals(r.stopReason().name())
                ? SingleMeasurement.trace(r.x(), n) / nucMin - 1 : Double.NaN);
            effective.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("min_nuclear_norm", nucMin);
        out.put("certificate_worst", nuc.certificate().worst());
        out.put("rows", rows);
        out.put("gd_effective_step", effective);
        return out;
    }
}

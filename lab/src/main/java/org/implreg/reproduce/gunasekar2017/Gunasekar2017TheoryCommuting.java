package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminResult;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.theory.ClaimProblems;
import org.implreg.theory.ControlledDescent;
import org.implreg.theory.SingleMeasurement;

/**
 * Claim 3 (§3, Theorem 1 and after): for commuting A_i, any control that reaches a zero-error optimum from
 * X₀ = αI → 0 reaches the minimum nuclear norm solution, so the gradient flow, GD, GD on the ℓ_p loss
 * (p = {@link Gunasekar2017Theory#L_P}) and SGD (one measurement per step) all should.
 *
 * <p>commM commuting A_i (n = commN), y from a rank-2 PSD X of trace 1; the certified minimum nuclear norm
 * by the interior point; per α and variant the nuclear gap ‖X‖_* / min − 1 and the relative residual.
 */
final class Gunasekar2017TheoryCommuting {
    private Gunasekar2017TheoryCommuting() {}

    /**
     * One variant's run from one α (summary.json's {@code commuting.variants.<variant>[i]}).
     *
     * @param alpha      X₀ = αI
     * @param nuclearGap ‖X‖_* / min ‖X‖_* − 1, against the certified minimum
     * @param residual   the final relative residual ‖𝒜(X) − y‖ / ‖y‖
     */
    record Run(double alpha, double nuclearGap, double residual) {}

    /**
     * The claim's numbers (summary.json's {@code commuting}; the row stored in rows.jsonl).
     *
     * @param minNuclearNorm   the certified minimum nuclear norm
     * @param certificateWorst the worst relative residual of the interior point's certificate
     * @param variants         per variant ({@link #VARIANTS}, in that order) its runs in the order of α
     */
    record Result(double minNuclearNorm, double certificateWorst, Map<String, List<Run>> variants) {}

    /** The variants: the gradient flow, small-step GD, GD on the ℓ_p loss, SGD (one measurement per step). */
    static final List<String> VARIANTS = List.of("flow", "gd", "lp_loss", "sgd");

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Result compute(Gunasekar2017Theory.Settings st, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-commuting");
        int n = st.commN();
        List<double[]> a = ClaimProblems.commuting(n, st.commM(), rng);
        double[] xs = ClaimProblems.psd(n, 2, rng);
        double tr = SingleMeasurement.trace(xs, n);
        double[] y = ClaimProblems.measure(a, Gunasekar2017Theory.scaled(xs, 1 / tr));
        DenseSymmetricOperator op = ClaimProblems.operator(a, n);
        NucminResult nuc = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults()).optimize(op, y, IterationListener.NONE);
        double nucMin = SingleMeasurement.trace(nuc.x(), n);
        Map<String, List<Run>> variants = new LinkedHashMap<>();
        for (String v : VARIANTS) {
            variants.put(v, new ArrayList<>());
        }
        for (double alpha : st.commAlphas()) {
            double[] u0 = new double[n * n];
            for (int i = 0; i < n; i++) {
                u0[i + i * n] = Math.sqrt(alpha);
            }
            FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-8)).optimize(new FactorizedObjective(op, y, n), u0);
            variants.get("flow").add(run(alpha, fr.result().x(), fr.result().trainError(), nucMin, n));
            long cap = st.commMaxIter();
            ControlledDescent.Result gd = ControlledDescent.run(op, y, u0, ControlledDescent.Loss.EUCLIDEAN, 2, op.m(), null, st.commStep(), 1e-8,
                cap);
            variants.get("gd").add(run(alpha, gd.x(), gd.relativeResidual(), nucMin, n));
            ControlledDescent.Result lp = ControlledDescent.run(op, y, u0, ControlledDescent.Loss.LP, Gunasekar2017Theory.L_P, op.m(), null, st.commStep(), 1e-6,
                cap);
            variants.get("lp_loss").add(run(alpha, lp.x(), lp.relativeResidual(), nucMin, n));
            ControlledDescent.Result sgd = ControlledDescent.run(op, y, u0, ControlledDescent.Loss.EUCLIDEAN, 2, 1,
                Rng.stream(seed, "theory-sgd-" + alpha), st.commStep() / 2, 1e-6, cap);
            variants.get("sgd").add(run(alpha, sgd.x(), sgd.relativeResidual(), nucMin, n));
        }
        return new Result(nucMin, nuc.certificate().worst(), variants);
    }

    static Run run(double alpha, double[] x, double residual, double nucMin, int n) {
        return new Run(alpha, SingleMeasurement.trace(x, n) / nucMin - 1, residual);
    }
}

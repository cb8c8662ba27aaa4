package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.linalg.Linalg;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Rng;
import org.implreg.theory.ClaimProblems;
import org.implreg.theory.SingleMeasurement;

/**
 * Claim 2 (§3, m = 1): with one measurement ⟨A, X⟩ = y, the gradient flow from X₀ stays on the curve
 * X(s) = exp(sA) X₀ exp(sA), its limit is X(s*) with ⟨A, X(s*)⟩ = y, and as X₀ = α X_init → 0 that limit
 * is spanned by the top eigenvector(s) of A (of −A for y &lt; 0).
 *
 * <p>For each α and y = ±1: s*, the nuclear gap tr X(s*)/min‖X‖_* − 1, the fraction of X(s*) outside the
 * top eigenspace and its angle to it (X_init a random full-rank PSD matrix of trace 1). The flow itself
 * (Dormand–Prince 8(5,3), rtol 1e-13) from U₀ = √α F, F Fᵀ = X_init: its largest relative distance from the
 * curve over the iterates, and the distance of its limit from X(s*).
 */
final class Gunasekar2017TheorySingleMeasurement {
    private Gunasekar2017TheorySingleMeasurement() {}

    /**
     * The curve's point for one α and sign of y (summary.json's {@code m1.positive_y[i]}, {@code m1.negative_y[i]}).
     *
     * @param alpha                X₀ = α X_init
     * @param s                    s* with ⟨A, X(s*)⟩ = y
     * @param nuclearGap           tr X(s*) / min ‖X‖_* − 1
     * @param outsideTopEigenspace the fraction of X(s*) outside the top (for y &lt; 0: bottom) eigenspace of A
     * @param angle                the angle of X(s*) to that eigenspace
     */
    record CurvePoint(double alpha, double s, double nuclearGap, double outsideTopEigenspace, double angle) {}

    /**
     * The flow from one α (summary.json's {@code m1.flow[i]}).
     *
     * @param maxCurveDeviation the largest ‖X_t − X(s_t)‖_F / ‖X_t‖_F over the iterates, s_t with ⟨A, X(s_t)⟩ = ⟨A, X_t⟩
     * @param limitDistance     ‖X_∞ − X(s*)‖_F / ‖X(s*)‖_F
     * @param trainError        the flow's final training error
     */
    record FlowRun(double alpha, double maxCurveDeviation, double limitDistance, double trainError) {}

    /** The claim's numbers (summary.json's {@code m1}; the row stored in rows.jsonl): A's eigenvalues, the curve per sign of y, the flow. */
    record Result(double[] eigenvalues, List<CurvePoint> positiveY, List<CurvePoint> negativeY, List<FlowRun> flow) {}

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Result compute(Gunasekar2017Theory.Settings st, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-m1");
        int n = st.m1N();
        double[] a = ClaimProblems.symmetric(n, rng);
        double[] xi = ClaimProblems.psd(n, n, rng);
        double tr = SingleMeasurement.trace(xi, n);
        for (int i = 0; i < xi.length; i++) {
            xi[i] /= tr;
        }
        double[] eigenvalues = new SingleMeasurement(a, xi, n).eigenvalues();
        List<List<CurvePoint>> bySign = new ArrayList<>();
        for (double y : new double[] {1, -1}) {
            List<CurvePoint> rows = new ArrayList<>();
            for (double alpha : st.m1Alphas()) {
                double[] x0 = Gunasekar2017Theory.scaled(xi, alpha);
                SingleMeasurement c = new SingleMeasurement(a, x0, n);
                double s = c.solve(y);
                double[] lim = c.point(s);
                rows.add(new CurvePoint(alpha, s, SingleMeasurement.trace(lim, n) / c.minimumNuclearNorm(y) - 1, c.outsideFraction(lim, y),
                    c.angle(lim, y)));
            }
            bySign.add(rows);
        }
        // the flow itself: its iterates on the curve, its limit at the curve's point
        DenseSymmetricOperator op = ClaimProblems.operator(List.of(a), n);
        double[] f = orthonormalFactor(xi, n);
        List<FlowRun> flows = new ArrayList<>();
        for (double alpha : st.m1FlowAlphas()) {
            double[] u0 = Gunasekar2017Theory.scaled(f, Math.sqrt(alpha));
            SingleMeasurement c = new SingleMeasurement(a, Gunasekar2017Theory.scaled(xi, alpha), n);
            double[] worst = {0};
            GradientFlow flow = new GradientFlow(GradientFlow.Options.defaults().withIntegrator(GradientFlow.Integrator.DP853).withRtol(1e-13)
                .withTol(1e-10));
            FlowResult fr = flow.optimize(new FactorizedObjective(op, new double[] {1}, n), u0, stt -> {
                double[] x = new double[n * n];
                Linalg.gram(stt.point(), n, n, x);
                double s = c.solve(Linalg.dot(a, x));
                worst[0] = Math.max(worst[0], Linalg.distance(x, c.point(s)) / Linalg.norm(x));
            });
            double[] lim = c.limit(1);
            flows.add(new FlowRun(alpha, worst[0], Linalg.distance(fr.result().x(), lim) / Linalg.norm(lim), fr.result().trainError()));
        }
        return new Result(eigenvalues, bySign.get(0), bySign.get(1), flows);
    }

    /** F with F Fᵀ = X for PSD X (V diag(√λ)). */
    static double[] orthonormalFactor(double[] x, int n) {
        var e = org.implreg.linalg.SymmetricEigen.decompose(x, n, true);
        double[] v = e.vectors();
        double[] l = e.values();
        double[] f = new double[n * n];
        for (int j = 0; j < n; j++) {
            double s = Math.sqrt(Math.max(0, l[j]));
            for (int i = 0; i < n; i++) {
                f[i + j * n] = v[i + j * n] * s;
            }
        }
        return f;
    }
}

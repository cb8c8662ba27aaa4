package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Rng;
import org.implreg.run.StopReason;
import org.implreg.theory.ClaimProblems;
import org.implreg.theory.LeastSquaresPaths;

/**
 * Claim 1 (§1 and §3, warm-up; the slides' "coordinate descent: L1 norm, gradient descent: L2 norm"): on
 * an underdetermined least-squares problem min ‖𝒜(X) − y‖² started at X₀ = 0, every method whose steps are
 * combinations of gradients stays in the range of 𝒜* and so ends at the minimum Frobenius norm solution
 * 𝒜⁺(y); coordinate descent and preconditioned gradient descent need not.
 *
 * <p>X-space: m = warmM symmetric A_i (n = warmN), y from a rank-1 PSD X; GD at step 1/‖𝒜‖², heavy ball
 * and Nesterov (β = 0.9), conjugate gradients and cyclic coordinate descent, each reported by its distance
 * ‖X − 𝒜⁺y‖_F/‖𝒜⁺y‖_F, relative residual and iterations. Vector problem (the introduction's): a Gaussian
 * m×N matrix A and b; GD, cyclic and greedy coordinate descent and diagonally preconditioned GD
 * (p_j log-uniform in [0.1, 10]), each by its distances to the minimum ℓ2 and minimum ℓ1 solutions and
 * the ratios ‖x‖₂/min ‖x‖₂, ‖x‖₁/min ‖x‖₁; preconditioned GD also against the minimum weighted-norm
 * solution in closed form.
 */
final class Gunasekar2017TheoryWarmUp {
    private Gunasekar2017TheoryWarmUp() {}

    /**
     * One least-squares run in X-space (summary.json's {@code warm_up.x_space.<method>}).
     *
     * @param distanceToMinNorm ‖X − 𝒜⁺y‖_F / ‖𝒜⁺y‖_F
     * @param residual          ‖𝒜(X) − y‖ / ‖y‖
     * @param iterations        steps taken
     * @param stop              why it stopped
     */
    record LsRun(double distanceToMinNorm, double residual, long iterations, StopReason stop) {}

    /**
     * One run on the introduction's vector problem (summary.json's {@code warm_up.vector.<method>}, keys in this
     * order as earlier versions stored them).
     *
     * @param residual        ‖Ax − b‖ / ‖b‖
     * @param iterations      steps taken
     * @param stop            why it stopped
     * @param distanceToMinL2 ‖x − x_ℓ2‖₂ / ‖x_ℓ2‖₂ to the minimum ℓ2 solution
     * @param distanceToMinL1 ‖x − x_ℓ1‖₂ / ‖x_ℓ1‖₂ to the minimum ℓ1 solution
     * @param l2Ratio         ‖x‖₂ / ‖x_ℓ2‖₂
     * @param l1Ratio         ‖x‖₁ / ‖x_ℓ1‖₁
     */
    record VectorRun(double residual, long iterations, StopReason stop, double distanceToMinL2, double distanceToMinL1, double l2Ratio,
                     double l1Ratio) {}

    /** The X-space methods, each from X₀ = 0. */
    record XSpace(LsRun gd, LsRun heavyBall, LsRun nesterov, LsRun conjugateGradient, LsRun coordinateDescent) {}

    /** The vector problem's methods, each from x₀ = 0. */
    record Vector(VectorRun gd, VectorRun coordinateDescentCyclic, VectorRun coordinateDescentGreedy, VectorRun preconditionedGd) {
        /** The runs by their summary.json key, in order (the figure's series). */
        Map<String, VectorRun> byKey() {
            Map<String, VectorRun> m = new LinkedHashMap<>();
            m.put("gd", gd);
            m.put("coordinate_descent_cyclic", coordinateDescentCyclic);
            m.put("coordinate_descent_greedy", coordinateDescentGreedy);
            m.put("preconditioned_gd", preconditionedGd);
            return m;
        }
    }

    /**
     * The claim's numbers (summary.json's {@code warm_up}; the row stored in rows.jsonl).
     *
     * @param frobeniusMin                     ‖𝒜⁺y‖_F
     * @param preconditionerRange              the range [0.1, 10] of the diagonal preconditioner p_j
     * @param preconditionedClosedFormDistance ‖x_p − x_ℓ2‖₂ / ‖x_ℓ2‖₂, x_p the minimum Σ x_j²/p_j solution in closed form
     * @param minL2L2norm                      ‖x_ℓ2‖₂ (and so on: ‖x_ℓ2‖₁, ‖x_ℓ1‖₁, ‖x_ℓ1‖₂)
     */
    record Result(XSpace xSpace, double frobeniusMin, double[] preconditionerRange, double preconditionedClosedFormDistance, Vector vector,
                  double minL2L2norm, double minL2L1norm, double minL1L1norm, double minL1L2norm) {}

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Result compute(Gunasekar2017Theory.Settings st, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-warm-up");
        int n = st.warmN();
        List<double[]> a = new ArrayList<>();
        for (int i = 0; i < st.warmM(); i++) {
            a.add(ClaimProblems.symmetric(n, rng));
        }
        double[] y = ClaimProblems.measure(a, ClaimProblems.psd(n, 1, rng));
        LeastSquaresPaths ls = new LeastSquaresPaths(ClaimProblems.rows(a, n), st.warmM(), n * n, y);
        double[] closed = ls.minimumL2();
        double step = 1.0 / ls.normSquared();
        XSpace x = new XSpace(
            lsRun(ls.gradientDescent(step, 1e-15, 1_000_000), closed),
            lsRun(ls.heavyBall(step, 0.9, false, 1e-15, 1_000_000), closed),
            lsRun(ls.heavyBall(step, 0.9, true, 1e-15, 1_000_000), closed),
            lsRun(ls.conjugateGradient(1e-15, 10_000), closed),
            lsRun(ls.coordinateDescent(false, 1.0, 1e-15, 1_000_000), closed));
        double frobeniusMin = Linalg.norm(closed);
        // the vector problem of the introduction
        int m = st.vecM();
        int cols = st.vecN();
        double[] mat = new double[m * cols];
        for (int i = 0; i < mat.length; i++) {
            mat[i] = rng.nextGaussian();
        }
        double[] b = new double[m];
        for (int i = 0; i < m; i++) {
            b[i] = rng.nextGaussian();
        }
        LeastSquaresPaths v = new LeastSquaresPaths(mat, m, cols, b);
        double[] l2 = v.minimumL2();
        double[] l1 = v.minimumL1();
        double[] p = new double[cols];
        for (int j = 0; j < cols; j++) {
            p[j] = Math.exp(2 * (rng.nextDouble() - 0.5) * Math.log(10));
        }
        double vstep = 1.0 / v.normSquared();
        VectorRun gd = vectorRun(v.gradientDescent(vstep, 1e-14, 2_000_000), l2, l1);
        VectorRun cyclic = vectorRun(v.coordinateDescent(false, 1.0, 1e-14, 2_000_000), l2, l1);
        VectorRun greedy = vectorRun(v.coordinateDescent(true, 0.02, 1e-12, 20_000_000), l2, l1);
        VectorRun pre = vectorRun(v.preconditioned(p, vstep / 10, 1e-14, 20_000_000), l2, l1);
        double[] weighted = v.minimumWeighted(p);
        return new Result(x, frobeniusMin, new double[] {0.1, 10}, Linalg.distance(weighted, l2) / Linalg.norm(l2),
            new Vector(gd, cyclic, greedy, pre), Linalg.norm(l2), LeastSquaresPaths.l1(l2), LeastSquaresPaths.l1(l1), Linalg.norm(l1));
    }

    static LsRun lsRun(LeastSquaresPaths.Result r, double[] closed) {
        return new LsRun(Linalg.distance(r.x(), closed) / Linalg.norm(closed), r.relativeResidual(), r.iterations(), r.stop());
    }

    static VectorRun vectorRun(LeastSquaresPaths.Result r, double[] l2, double[] l1) {
        return new VectorRun(r.relativeResidual(), r.iterations(), r.stop(), Linalg.distance(r.x(), l2) / Linalg.norm(l2),
            Linalg.distance(r.x(), l1) / Linalg.norm(l1), Linalg.norm(r.x()) / Linalg.norm(l2),
            LeastSquaresPaths.l1(r.x()) / LeastSquaresPaths.l1(l1));
    }
}

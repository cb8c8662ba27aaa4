package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Rng;
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

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Map<String, Object> compute(Gunasekar2017Theory.Settings st, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
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
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("gd", lsRow(ls.gradientDescent(step, 1e-15, 1_000_000), closed, null));
        x.put("heavy_ball", lsRow(ls.heavyBall(step, 0.9, false, 1e-15, 1_000_000), closed, null));
        x.put("nesterov", lsRow(ls.heavyBall(step, 0.9, true, 1e-15, 1_000_000), closed, null));
        x.put("conjugate_gradient", lsRow(ls.conjugateGradient(1e-15, 10_000), closed, null));
        x.put("coordinate_descent", lsRow(ls.coordinateDescent(false, 1.0, 1e-15, 1_000_000), closed, null));
        out.put("x_space", x);
        out.put("frobenius_min", Linalg.norm(closed));
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
        Map<String, Object> vec = new LinkedHashMap<>();
        vec.put("gd", vecRow(v.gradientDescent(vstep, 1e-14, 2_000_000), l2, l1));
        vec.put("coordinate_descent_cyclic", vecRow(v.coordinateDescent(false, 1.0, 1e-14, 2_000_000), l2, l1));
        vec.put("coordinate_descent_greedy", vecRow(v.coordinateDescent(true, 0.02, 1e-12, 20_000_000), l2, l1));
        Map<String, Object> pre = vecRow(v.preconditioned(p, vstep / 10, 1e-14, 20_000_000), l2, l1);
        double[] weighted = v.minimumWeighted(p);
        out.put("preconditioner_range", new double[] {0.1, 10});
        vec.put("preconditioned_gd", pre);
        out.put("preconditioned_closed_form_distance", Linalg.distance(weighted, l2) / Linalg.norm(l2));
        out.put("vector", vec);
        out.put("min_l2_l2norm", Linalg.norm(l2));
        out.put("min_l2_l1norm", LeastSquaresPaths.l1(l2));
        out.put("min_l1_l1norm", LeastSquaresPaths.l1(l1));
        out.put("min_l1_l2norm", Linalg.norm(l1));
        return out;
    }

    static Map<String, Object> lsRow(LeastSquaresPaths.Result r, double[] closed, double[] unused) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distance_to_min_norm", Linalg.distance(r.x(), closed) / Linalg.norm(closed));
        m.put("residual", r.relativeResidual());
        m.put("iterations", r.iterations());
        m.put("stop", r.stop().name());
        return m;
    }

    static Map<String, Object> vecRow(LeastSquaresPaths.Result r, double[] l2, double[] l1) {
        Map<String, Object> m = lsRow(r, l2, null);
        m.put("distance_to_min_l2", m.remove("distance_to_min_norm"));
        m.put("distance_to_min_l1", Linalg.distance(r.x(), l1) / Linalg.norm(l1));
        m.put("l2_ratio", Linalg.norm(r.x()) / Linalg.norm(l2));
        m.put("l1_ratio", LeastSquaresPaths.l1(r.x()) / LeastSquaresPaths.l1(l1));
        return m;
    }
}

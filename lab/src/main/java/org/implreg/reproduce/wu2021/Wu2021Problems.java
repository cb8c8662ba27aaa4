package org.implreg.reproduce.wu2021;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.Packed;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;

/**
 * The problems of Wu &amp; Rebeschini's public code ({@code fawuuu/irmsmd}, {@code gen_data}), built on implreg's operators,
 * and the conversion of the paper's steps into implreg's loss normalisation.
 *
 * <p><b>The paper's units.</b> The public code measures y_i = ⟨A_i^p, X*⟩ with A_i^p = (G_i + G_iᵀ)/2, G_i i.i.d. N(0, 1)
 * (sensing), or A_i^p = (e_p e_qᵀ + e_q e_pᵀ)/2 for an entry (p ≤ q) of the upper triangle drawn without replacement
 * (completion), and both of its algorithms use the gradient g = (1/m) Σ r_i A_i^p, r = 𝒜^p(X) − y:
 * GD on X = UUᵀ is U ← U − 2(η/4) g U, MD is ∇Φ(X) ← ∇Φ(X) − η g.
 *
 * <p><b>implreg's units.</b> Its operator is 𝒜 = s·𝒜^p with s = 1/√m for Gaussian sensing
 * ({@link MeasurementOperators#gaussian}: A_i = (G_i + G_iᵀ)/(2√m)) and for the diagonal family below, and s = 1 for completion
 * ({@code CompletionOperator}: the same A_i as the paper's); y = 𝒜(X*) = s·y^p, so r = s·r^p and
 * 𝒜*(r) = s² Σ r_i^p A_i^p = c·g with c = s²m ({@link #gradientScale}: 1 for Gaussian sensing, m for completion).
 * {@code FactorizedObjective} is f(U) = ‖𝒜(UUᵀ) − y‖² with ∇f = 4𝒜*(r)U = 4c·g·U, so implreg's {@code gd} with step
 * s_gd takes U ← U − 4c·s_gd·g·U: the paper's GD step η/4 is s_gd = η/(8c) ({@link #gdStep}). The same problem, the same
 * iterates: {@code Wu2021ProblemsTest} checks one step of each against the public code's formulas written out.
 */
final class Wu2021Problems {
    private Wu2021Problems() {}

    /** Which measurements. */
    enum Kind {
        /** Gaussian sensing (Figure 1). */
        SENSING,
        /** Entry completion of the upper triangle (Figure 2). */
        COMPLETION,
        /** Commuting (diagonal) Gaussian sensing: A_i = diag(g_i)/√m, (d). */
        DIAGONAL
    }

    /**
     * The paper's X* = UUᵀ/‖UUᵀ‖_*, U ∈ ℝ^{n×r} Gaussian (n×n column-major, PSD, trace 1); for {@link Kind#DIAGONAL} the
     * diagonal matrix diag(u₁², …, u_r², 0, …)/Σu_j² (measurements of a diagonal family see only the diagonal).
     */
    static double[] planted(Kind kind, int n, int r, RandomGenerator rng) {
        double[] x = new double[n * n];
        if (kind == Kind.DIAGONAL) {
            double[] u = Rng.gaussian(rng, r);
            for (int j = 0; j < r; j++) {
                x[j + j * n] = u[j] * u[j];
            }
        } else {
            Linalg.gram(Rng.gaussian(rng, n * r), n, r, x);
        }
        double tr = 0;
        for (int j = 0; j < n; j++) {
            tr += x[j + j * n];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= tr;
        }
        return x;
    }

    /**
     * A problem of the paper's kind: X* = {@link #planted}, m measurements of {@code kind}, all from
     * {@code Rng.stream(seed, "wu2021-" + kind + "-" + m)}.
     */
    static Problem problem(Kind kind, int n, int r, int m, long seed) {
        RandomGenerator rng = Rng.stream(seed, "wu2021-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + m);
        double[] xs = planted(kind, n, r, rng);
        MeasurementOperator op = switch (kind) {
            case SENSING -> MeasurementOperators.gaussian(n, m, rng);
            case COMPLETION -> MeasurementOperators.uniformCompletion(n, m, rng);
            case DIAGONAL -> diagonal(n, m, rng);
        };
        double[] y = new double[m];
        op.apply(xs, y);
        return new Problem(op, y, xs, Map.of("family", "wu2021-" + kind.name().toLowerCase(java.util.Locale.ROOT), "n", n, "rank", r,
            "m", m, "seed", seed));
    }

    /** The diagonal family: A_i = diag(g_i)/√m, g_i ∈ ℝⁿ i.i.d. N(0, 1) (the paper's scale s = 1/√m, as Gaussian sensing). */
    static DenseSymmetricOperator diagonal(int n, int m, RandomGenerator rng) {
        int len = Packed.length(n);
        double[] p = new double[len * m];
        double s = 1 / Math.sqrt(m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                p[i * len + Packed.index(j, j)] = s * rng.nextGaussian();
            }
        }
        return DenseSymmetricOperator.fromPacked(n, m, p, "diagonal");
    }

    /** s with implreg's 𝒜 = s·𝒜^p (class comment): 1/√m for Gaussian and diagonal sensing, 1 for completion. */
    static double operatorScale(Kind kind, int m) {
        return kind == Kind.COMPLETION ? 1 : 1 / Math.sqrt(m);
    }

    /** c = s²m with implreg's 𝒜*(r) = c·g, g the paper's (1/m)Σ r_i^p A_i^p. */
    static double gradientScale(Kind kind, int m) {
        double s = operatorScale(kind, m);
        return s * s * m;
    }

    /** implreg's {@code gd} step for the paper's GD at η/4 (the public code's {@code gd(step = eta/4)}): η/(8c). */
    static double gdStep(double eta, Kind kind, int m) {
        return eta / (8 * gradientScale(kind, m));
    }

    /** U₀ = √α·I (n×n): the public code's GD initialisation, X₀ = α·I. */
    static double[] identityFactor(int n, double alpha) {
        return org.implreg.optimizer.Initializers.scaledIdentity(n, Math.sqrt(alpha));
    }
}

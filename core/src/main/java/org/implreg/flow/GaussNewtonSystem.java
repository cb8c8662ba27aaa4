package org.implreg.flow;

import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;

/**
 * The linear systems of the stiff integrators: with B: V ↦ (⟨A_i U, V⟩)_i = ½𝒜(UVᵀ + VUᵀ) (m × nd) taken
 * at a point U_J, the Gauss–Newton part of the flow's Jacobian is J = −8BᵀB (∇²f(U)[V] = 4𝒜*(r)V +
 * 8BᵀBV, whose first term vanishes as r → 0), and every implicit stage solves (I − cJ)x = b, i.e.
 * (I + 8c·BᵀB)x = b, by Woodbury:
 * <pre>
 *   (I + sBᵀB)⁻¹ b = b − Bᵀ (I/s + G)⁻¹ B b,     G = BBᵀ = Q Λ Qᵀ (m×m),  s = 8c,
 * </pre>
 * with one eigendecomposition of G per Jacobian, after which a solve for any c costs B, Bᵀ and two m×m
 * products: a step-size or order change needs no refactorization. Shapes: U and b are n×d column-major
 * (nd entries); nothing passed in is modified except {@code out}.
 */
final class GaussNewtonSystem {
    private final FactorizedObjective f;
    private final GradientFlow.Tracker tracker;
    private final int m;
    private final int nd;
    private final double[] work;
    private final double[] bb;
    private final double[] z;
    private double[] eigenvalues;
    private double[] eigenvectors;
    private double[] builtAt;

    GaussNewtonSystem(FactorizedObjective f, GradientFlow.Tracker tracker) {
        this.f = f;
        this.tracker = tracker;
        this.m = f.m();
        this.nd = f.n() * f.d();
        this.work = new double[f.operator().workspaceSize(f.d())];
        this.bb = new double[m];
        this.z = new double[m];
    }

    /** out = B V = ½𝒜(U Vᵀ + V Uᵀ) (m). */
    static void applyB(FactorizedObjective f, double[] u, double[] v, double[] out, double[] work) {
        f.operator().applySymmetricProduct(u, v, f.d(), out, work);
        for (int i = 0; i < out.length; i++) {
            out[i] *= 0.5;
        }
    }

    /**
     * F(U) = −∇f(U) into {@code out} (nd) and the residual r = 𝒜(UUᵀ) − y into {@code r} (m); returns f(U) = ‖r‖²,
     * counted as one evaluation. Where f(U) is not finite, {@code out} holds whatever the gradient gives.
     */
    double derivative(double[] u, double[] r, double[] out) {
        tracker.evaluations++;
        double loss = f.residual(u, r);
        f.gradient(u, r, out);
        for (int i = 0; i < nd; i++) {
            out[i] = -out[i];
        }
        return loss;
    }

    /** Builds J at U (one m×m Gram matrix and its eigendecomposition). */
    void build(double[] u) {
        double[] g = new double[m * m];
        f.operator().gaussNewtonGram(u, f.d(), g);
        SymmetricEigen e = SymmetricEigen.decompose(g, m, true);
        eigenvalues = e.values();
        eigenvectors = e.vectors();
        builtAt = u.clone();
        tracker.jacobianBuilds++;
    }

    /** Whether J has been built, and where. */
    boolean builtAt(double[] u) {
        return builtAt != null && java.util.Arrays.equals(builtAt, u);
    }

    /** Whether J exists and was built within {@code drift}·‖U‖_F of U. */
    boolean near(double[] u, double drift) {
        return builtAt != null && Linalg.distance(u, builtAt) <= drift * Linalg.norm(u);
    }

    /** out = (I − cJ)⁻¹ rhs = (I + 8c·BᵀB)⁻¹ rhs, B at the Jacobian's point; c &gt; 0. */
    void solve(double c, double[] rhs, double[] out) {
        double s = 8.0 * c;
        applyB(f, builtAt, rhs, bb, work);
        // z = Qᵀ (B rhs), scaled by 1/(1/s + λ), back by Q
        Linalg.BLAS.dgemv("T", m, m, 1.0, eigenvectors, m, bb, 1, 0.0, z, 1);
        for (int i = 0; i < m; i++) {
            z[i] /= 1.0 / s + Math.max(eigenvalues[i], 0.0);
        }
        Linalg.BLAS.dgemv("N", m, m, 1.0, eigenvectors, m, z, 1, 0.0, bb, 1);
        f.operator().adjointTimes(bb, builtAt, f.d(), out, work);
        for (int i = 0; i < nd; i++) {
            out[i] = rhs[i] - out[i];
        }
        tracker.linearSolves++;
    }
}

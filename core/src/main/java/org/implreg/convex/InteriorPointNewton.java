package org.implreg.convex;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.netlib.util.intW;

/**
 * The Newton system of {@link InteriorPointNucmin}: the Nesterov–Todd scaling of an iterate, the Schur
 * complement it gives, and one Mehrotra predictor-corrector step, all on the scaled, reduced system of
 * {@link InteriorPointScaling} (operator 𝒜, right-hand side ỹ, n×n matrices, r measurements).
 *
 * <p>NT scaling: X = L Lᵀ, Z = R Rᵀ (Cholesky), Rᵀ L = U Σ Vᵀ (SVD), G = L V Σ^{-1/2},
 * G⁻¹ = Σ^{1/2} Vᵀ L⁻¹, W = G Gᵀ, so that W Z W = X and G⁻¹ X G⁻ᵀ = Gᵀ Z G = D = Σ. With the residuals
 * r_P = ỹ − 𝒜(X) and R_d = I − Z − 𝒜*(v), the direction solves
 * M Δv = r_P + 𝒜(W R_d W) − 𝒜(R_c), ΔZ = R_d − 𝒜*(Δv), ΔX = R_c − W ΔZ W, with the Schur complement
 * M_ij = ⟨A_i, W A_j W⟩ factored by Cholesky (a ridge of 1e-14·max M_ii, ×100 up to three times, when
 * rounding breaks it). The predictor takes R_c = −X; with its step lengths α_P, α_D (to the boundary
 * of the cone, capped at 1), μ = tr(D²)/n and μ_aff = ⟨X + α_P ΔX, Z + α_D ΔZ⟩/n, the centring
 * parameter is σ = min(1, (μ_aff/μ)^max(1, 3 min(α_P, α_D)²)). The corrector takes R_c = G T Gᵀ with
 * T_ij = R_ij/(d_i + d_j), R = 2σμI − 2D² − (ΔX̃ΔZ̃ + ΔZ̃ΔX̃), ΔX̃ = G⁻¹ΔX G⁻ᵀ, ΔZ̃ = GᵀΔZ G; its steps
 * are γ times those to the boundary (capped at 1), γ = 0.9 + 0.09 min(α_P, α_D) of the predictor.
 */
final class InteriorPointNewton {
    private final InteriorPointScaling red;
    private final int n;
    private final int r;
    private final double[] full;
    private final double[] fullM;
    private final double[] mat;
    private final double[] l;
    private final double[] rz;
    private final double[] t1;
    private final double[] t2;
    private final double[] u;
    private final double[] vt;
    private final double[] sig;
    private final double[] g;
    private final double[] ginv;
    private final double[] w;
    private final double[] base;
    private final double[] rhs;
    private final double[] dv;
    private final double[] dz;
    private final double[] dx;
    private final double[] rc;
    private final double[] dxt;
    private final double[] dzt;
    private final double[] tmp;
    private final double[] arc;

    InteriorPointNewton(InteriorPointScaling red, int n) {
        this.red = red;
        this.n = n;
        this.r = red.r;
        int nn = n * n;
        this.full = new double[red.m];
        this.fullM = new double[red.m * red.m];
        this.mat = new double[r * r];
        this.l = new double[nn];
        this.rz = new double[nn];
        this.t1 = new double[nn];
        this.t2 = new double[nn];
        this.u = new double[nn];
        this.vt = new double[nn];
        this.sig = new double[n];
        this.g = new double[nn];
        this.ginv = new double[nn];
        this.w = new double[nn];
        this.base = new double[r];
        this.rhs = new double[r];
        this.dv = new double[r];
        this.dz = new double[nn];
        this.dx = new double[nn];
        this.rc = new double[nn];
        this.dxt = new double[nn];
        this.dzt = new double[nn];
        this.tmp = new double[nn];
        this.arc = new double[r];
    }

    /**
     * The NT scaling of (X, Z) and the factored Schur complement for it.
     *
     * @return null, or why the scaling or the factorization failed at working precision
     */
    String scale(double[] x, double[] z) {
        if (!Dense.cholesky(x, n, l) || !Dense.cholesky(z, n, rz)) {
            return "X or Z lost definiteness at working precision";
        }
        Dense.mulTN(rz, l, n, t1);
        if (!Dense.svd(t1, n, u, sig, vt)) {
            return "SVD of the NT scaling failed";
        }
        for (int i = 0; i < n; i++) {
            if (!(sig[i] > 0)) {
                return "NT scaling became singular";
            }
        }
        Dense.mulNT(l, vt, n, g);
        for (int j = 0; j < n; j++) {
            double f = 1.0 / Math.sqrt(sig[j]);
            for (int i = 0; i < n; i++) {
                g[i + j * n] *= f;
            }
        }
        if (!Dense.invertLower(l, n)) {
            return "Cholesky factor of X is singular";
        }
        Dense.mul(vt, l, n, ginv);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                ginv[i + j * n] *= Math.sqrt(sig[i]);
            }
        }
        Dense.mulNT(g, g, n, w);
        Dense.symmetrize(w, n);
        red.schur(g, fullM, mat);
        if (!factorSchur(mat)) {
            return "Schur complement is not positive definite at working precision";
        }
        return null;
    }

    /**
     * One predictor-corrector step from (X, Z, v), scaled by the last {@link #scale}: X, Z and v are
     * updated in place.
     *
     * @param rp the primal residual ỹ − 𝒜(X) (r)
     * @param rd the dual residual I − Z − 𝒜*(v) (n×n)
     * @param ax 𝒜(X) (r)
     * @return min(α_P, α_D), the smaller of the two step lengths taken
     */
    double step(double[] x, double[] z, double[] v, double[] rp, double[] rd, double[] ax) {
        int nn = n * n;
        // base = rp + 𝒜(W Rd W)
        Dense.congruence(w, "N", rd, n, tmp, t2);
        red.apply(t2, full, base);
        for (int i = 0; i < r; i++) {
            base[i] += rp[i];
        }
        // predictor: Rc = −X
        for (int i = 0; i < nn; i++) {
            rc[i] = -x[i];
        }
        for (int i = 0; i < r; i++) {
            rhs[i] = base[i] + ax[i];
        }
        direction(rd);
        Dense.congruence(ginv, "N", dx, n, tmp, dxt);
        Dense.congruence(g, "T", dz, n, tmp, dzt);
        double ap = Math.min(1, maxStep(sig, dxt));
        double ad = Math.min(1, maxStep(sig, dzt));
        double mu = 0;
        for (double s : sig) {
            mu += s * s;
        }
        mu /= n;
        double muAff = 0;
        for (int i = 0; i < nn; i++) {
            muAff += (x[i] + ap * dx[i]) * (z[i] + ad * dz[i]);
        }
        muAff /= n;
        double expon = Math.max(1, 3 * Math.min(ap, ad) * Math.min(ap, ad));
        double sigma = Math.min(1, Math.pow(Math.max(0, muAff) / mu, expon));
        // corrector: R = 2σμI − 2D² − (ΔX̃ΔZ̃ + ΔZ̃ΔX̃), T_ij = R_ij/(d_i + d_j), Rc = G T Gᵀ
        Dense.mul(dxt, dzt, n, tmp);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double rij = -(tmp[i + j * n] + tmp[j + i * n]);
                if (i == j) {
                    rij += 2 * sigma * mu - 2 * sig[i] * sig[i];
                }
                t1[i + j * n] = rij / (sig[i] + sig[j]);
            }
        }
        Dense.congruence(g, "N", t1, n, tmp, rc);
        red.apply(rc, full, arc);
        for (int i = 0; i < r; i++) {
            rhs[i] = base[i] - arc[i];
        }
        direction(rd);
        Dense.congruence(ginv, "N", dx, n, tmp, dxt);
        Dense.congruence(g, "T", dz, n, tmp, dzt);
        double gamma = 0.9 + 0.09 * Math.min(ap, ad);
        ap = Math.min(1, gamma * maxStep(sig, dxt));
        ad = Math.min(1, gamma * maxStep(sig, dzt));
        for (int i = 0; i < nn; i++) {
            x[i] += ap * dx[i];
            z[i] += ad * dz[i];
        }
        Dense.symmetrize(x, n);
        Dense.symmetrize(z, n);
        for (int i = 0; i < r; i++) {
            v[i] += ad * dv[i];
        }
        return Math.min(ap, ad);
    }

    /** Solves M Δv = rhs, then ΔZ = Rd − 𝒜*(Δv), ΔX = Rc − W ΔZ W. */
    private void direction(double[] rd) {
        System.arraycopy(rhs, 0, dv, 0, r);
        intW info = new intW(0);
        Linalg.LAPACK.dpotrs("L", r, 1, mat, r, dv, r, info);
        red.adjoint(dv, dz);
        for (int i = 0; i < dz.length; i++) {
            dz[i] = rd[i] - dz[i];
        }
        Dense.symmetrize(dz, n);
        Dense.congruence(w, "N", dz, n, tmp, t2);
        for (int i = 0; i < dx.length; i++) {
            dx[i] = rc[i] - t2[i];
        }
        Dense.symmetrize(dx, n);
    }

    /** Cholesky of the Schur complement in place, with a tiny ridge when rounding breaks it. */
    private boolean factorSchur(double[] mat) {
        double[] copy = mat.clone();
        double maxDiag = 0;
        for (int i = 0; i < r; i++) {
            maxDiag = Math.max(maxDiag, mat[i + i * r]);
        }
        double ridge = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            System.arraycopy(copy, 0, mat, 0, r * r);
            for (int i = 0; i < r; i++) {
                mat[i + i * r] += ridge;
            }
            intW info = new intW(0);
            Linalg.LAPACK.dpotrf("L", r, mat, r, info);
            if (info.val == 0) {
                return true;
            }
            ridge = ridge == 0 ? 1e-14 * maxDiag : ridge * 100;
        }
        return false;
    }

    /** Largest α with D + α·ΔT ⪰ 0, i.e. −1/λ_min(D^{-1/2} ΔT D^{-1/2}) (∞ when ΔT ⪰ 0). */
    private double maxStep(double[] d, double[] dt) {
        double[] h = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                h[i + j * n] = dt[i + j * n] / Math.sqrt(d[i] * d[j]);
            }
        }
        double lmin = SymmetricEigen.eigenvalues(h, n)[n - 1];
        return lmin >= 0 ? Double.POSITIVE_INFINITY : -1.0 / lmin;
    }
}

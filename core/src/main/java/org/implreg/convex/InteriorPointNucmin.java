package org.implreg.convex;

import java.util.Arrays;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.netlib.util.intW;

/**
 * Minimum nuclear norm over the PSD cone by a primal-dual interior-point method:
 * min tr(X) s.t. 𝒜(X) = y, X ⪰ 0, with dual max yᵀv s.t. Z = I − 𝒜*(v) ⪰ 0.
 *
 * <p>Algorithm: infeasible-start path following with the Nesterov–Todd direction and Mehrotra's
 * predictor-corrector (as in SDPT3). With the NT scaling W = G Gᵀ (W Z W = X,
 * G⁻¹ X G⁻ᵀ = Gᵀ Z G = D diagonal) the Newton system reduces to the m×m Schur complement
 * M_ij = ⟨A_i, W A_j W⟩ (see {@link MeasurementOperator#schurComplement}), solved by Cholesky.
 * Cost per iteration: one Schur complement (O(m n³ + m² n²) for dense A_i, O(m²) for entries)
 * plus O(m³ + n³).
 *
 * <p>Before iterating, rows are scaled to ‖A_i‖_F = 1 and X to max|y_i| = 1; linearly dependent
 * measurements are detected from the Gram matrix ⟨A_i, A_j⟩: consistent ones are reduced to an
 * orthonormal basis of the row space, inconsistent ones (y ∉ range 𝒜) are reported INFEASIBLE.
 * A problem with no PSD solution is detected when the dual objective grows without bound along a
 * Farkas direction: v with yᵀv = 1 and 𝒜*(v) ⪯ ε I, ε ≤ {@link Options#infeasibilityTol()}.
 *
 * <p>The run stops when the {@link NucminCertificate} of the current (X, v), computed in the
 * caller's units, holds at {@link Options#tol()}, for the iterate or its purification onto the face
 * that X's spectrum shows ({@link Purification#refine}). A run that stalls or hits its iteration cap
 * short of that (degenerate problems, where complementarity stays near √μ) gets one more try: Newton
 * on the KKT system of the best face seen ({@link Purification#kktNewton}). Listeners see, per iteration: loss = tr X,
 * trainError = relative primal residual, gradientNorm = relative dual residual,
 * relativeChange = relative gap, step = min(α_P, α_D), point = the scaled X.
 */
public final class InteriorPointNucmin {

    /**
     * @param tol              relative tolerance of the certificate (residuals and gap)
     * @param maxIterations    iteration cap
     * @param infeasibilityTol threshold ε of the Farkas test, in the normalized problem
     */
    public record Options(double tol, int maxIterations, double infeasibilityTol) {
        public Options {
            InvalidInputException.require(tol > 0 && tol < 1, "nucmin: tol must be in (0, 1), got " + tol);
            InvalidInputException.require(maxIterations >= 1, "nucmin: max iterations must be ≥ 1, got " + maxIterations);
            InvalidInputException.require(infeasibilityTol > 0 && infeasibilityTol < 1,
                "nucmin: infeasibility tolerance must be in (0, 1), got " + infeasibilityTol);
        }

        /** tol 1e-8, 200 iterations, infeasibility threshold 1e-9. */
        public static Options defaults() {
            return new Options(1e-8, 200, 1e-9);
        }

        public Options withTol(double t) {
            return new Options(t, maxIterations, infeasibilityTol);
        }

        public Options withMaxIterations(int k) {
            return new Options(tol, k, infeasibilityTol);
        }
    }

    private final Options options;

    public InteriorPointNucmin(Options options) {
        this.options = options;
    }

    /** Solves the problem's SDP (its X* is not used). */
    public NucminResult optimize(Problem problem, IterationListener listener) {
        return optimize(problem.operator(), problem.y(), listener);
    }

    /**
     * Solves min tr(X) s.t. 𝒜(X) = y, X ⪰ 0. Neither argument is modified.
     *
     * @param op       the operator
     * @param y        measurements (m)
     * @param listener observer of iterations (may be {@link IterationListener#NONE}), between its init and finish
     */
    public NucminResult optimize(MeasurementOperator op, double[] y, IterationListener listener) {
        return RunLifecycle.observe(listener, new RunLifecycle.Start(options.maxIterations()), () -> solveSdp(op, y, listener),
            r -> new ConvergenceChecker.Stop(r.stopReason(), r.criterion()));
    }

    private NucminResult solveSdp(MeasurementOperator op, double[] y, IterationListener listener) {
        long t0 = System.nanoTime();
        int n = op.n();
        int m = op.m();
        InvalidInputException.require(y.length == m, "nucmin: y has " + y.length + " entries, the operator " + m);
        InvalidInputException.require(Linalg.allFinite(y), "nucmin: y has non-finite entries");
        if (Linalg.norm(y) == 0) {
            double[] x = new double[n * n];
            double[] v = new double[m];
            return new NucminResult(x, v, n, NucminCertificate.of(op, y, x, v), StopReason.CONVERGED,
                "y = 0: X = 0 is optimal", 0, seconds(t0), Double.NaN);
        }
        Reduced red = Reduced.of(op, y);
        if (red.farkas != null) {
            return infeasible(op, y, red.farkas, red.farkasReason, 0, t0);
        }
        return new Run(op, y, red, listener, t0).solve();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static NucminResult infeasible(MeasurementOperator op, double[] y, double[] v, String why, long iters,
                                           long t0) {
        int n = op.n();
        double d = Linalg.dot(y, v);
        double[] vf = v.clone();
        for (int i = 0; i < vf.length; i++) {
            vf[i] /= d;
        }
        double[] s = new double[n * n];
        op.adjoint(vf, s);
        double measure = Math.max(0, SymmetricEigen.eigenvalues(s, n)[0]);
        return new NucminResult(null, vf, n, null, StopReason.INFEASIBLE, why, iters, seconds(t0), measure);
    }

    /**
     * The normalized, reduced constraint system: rows scaled to unit norm (ν), optionally mapped to
     * an orthonormal basis Q (m×r) of the row space, right-hand side ỹ = Qᵀ(y/ν)/s.
     */
    private static final class Reduced {
        final MeasurementOperator op;
        final int m;
        final int r;
        final double[] nu;
        final double[] basis; // m×r or null
        final double[] yt;
        final double scale;
        double[] farkas;
        String farkasReason;

        private Reduced(MeasurementOperator op, int r, double[] nu, double[] basis, double[] yt, double scale) {
            this.op = op;
            this.m = op.m();
            this.r = r;
            this.nu = nu;
            this.basis = basis;
            this.yt = yt;
            this.scale = scale;
        }

        static Reduced of(MeasurementOperator op, double[] y) {
            int m = op.m();
            int n = op.n();
            double[] eye = new double[n * n];
            for (int i = 0; i < n; i++) {
                eye[i + i * n] = 1.0;
            }
            double[] k = new double[m * m];
            op.schurComplement(eye, k);
            double[] nu = new double[m];
            for (int i = 0; i < m; i++) {
                double d = Math.sqrt(Math.max(0, k[i + i * m]));
                if (d == 0 && y[i] != 0) {
                    double[] v = new double[m];
                    v[i] = 1.0;
                    Reduced red = new Reduced(op, 0, nu, null, null, 1);
                    red.farkas = v;
                    red.farkasReason = "measurement " + i + " has A_i = 0 but y_i = " + y[i];
                    return red;
                }
                nu[i] = d == 0 ? 1.0 : d;
            }
            double[] yn = new double[m];
            for (int i = 0; i < m; i++) {
                yn[i] = y[i] / nu[i];
                for (int j = 0; j < m; j++) {
                    k[i + j * m] /= nu[i] * nu[j];
                }
            }
            double[] chol = new double[m * m];
            boolean fullRank = Dense.cholesky(k, m, chol);
            if (fullRank) {
                double minDiag = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    minDiag = Math.min(minDiag, chol[i + i * m]);
                }
                fullRank = minDiag * minDiag > RANK_TOL;
            }
            double[] basis = null;
            double[] yt = yn;
            int r = m;
            if (!fullRank) {
                SymmetricEigen e = SymmetricEigen.decompose(k, m, true);
                double[] lam = e.values();
                double[] q = e.vectors();
                r = 0;
                while (r < m && lam[r] > RANK_TOL * Math.max(lam[0], 1.0)) {
                    r++;
                }
                double[] farkas = new double[m];
                double resid = 0;
                for (int c = r; c < m; c++) {
                    double coef = 0;
                    for (int i = 0; i < m; i++) {
                        coef += q[i + c * m] * yn[i];
                    }
                    resid += coef * coef;
                    for (int i = 0; i < m; i++) {
                        farkas[i] += coef * q[i + c * m] / nu[i];
                    }
                }
                if (Math.sqrt(resid) > CONSISTENCY_TOL * Linalg.norm(yn)) {
                    Reduced red = new Reduced(op, r, nu, null, null, 1);
                    red.farkas = farkas;
                    red.farkasReason = String.format(
                        "the measurements are inconsistent: 𝒜 has rank %d < m = %d and y is not in its range "
                            + "(relative distance %.3g)", r, m, Math.sqrt(resid) / Linalg.norm(yn));
                    return red;
                }
                basis = Arrays.copyOf(q, m * r);
                yt = new double[r];
                Linalg.BLAS.dgemv("T", m, r, 1.0, basis, m, yn, 1, 0.0, yt, 1);
            }
            double s = 0;
            for (double v : yt) {
                s = Math.max(s, Math.abs(v));
            }
            for (int i = 0; i < yt.length; i++) {
                yt[i] /= s;
            }
            return new Reduced(op, r, nu, basis, yt, s);
        }

        /** out (r) = reduced 𝒜(X). */
        void apply(double[] x, double[] full, double[] out) {
            op.apply(x, full);
            for (int i = 0; i < m; i++) {
                full[i] /= nu[i];
            }
            if (basis == null) {
                System.arraycopy(full, 0, out, 0, m);
            } else {
                Linalg.BLAS.dgemv("T", m, r, 1.0, basis, m, full, 1, 0.0, out, 1);
            }
        }

        /** The original-scale dual vector (m) of a reduced one (r). */
        double[] original(double[] w) {
            double[] z = new double[m];
            if (basis == null) {
                System.arraycopy(w, 0, z, 0, m);
            } else {
                Linalg.BLAS.dgemv("N", m, r, 1.0, basis, m, w, 1, 0.0, z, 1);
            }
            for (int i = 0; i < m; i++) {
                z[i] /= nu[i];
            }
            return z;
        }

        /** out (n×n) = reduced 𝒜*(w). */
        void adjoint(double[] w, double[] out) {
            op.adjoint(original(w), out);
        }

        /** out (r×r) = reduced Schur complement for W = G Gᵀ; {@code full} is m×m scratch. */
        void schur(double[] g, double[] full, double[] out) {
            op.schurComplement(g, full);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    full[i + j * m] /= nu[i] * nu[j];
                }
            }
            if (basis == null) {
                System.arraycopy(full, 0, out, 0, m * m);
            } else {
                double[] t = new double[m * r];
                Linalg.BLAS.dgemm("N", "N", m, r, m, 1.0, full, m, basis, m, 0.0, t, m);
                Linalg.BLAS.dgemm("T", "N", r, r, m, 1.0, basis, m, t, m, 0.0, out, r);
            }
        }
    }

    /** Relative eigenvalue threshold of the Gram matrix below which measurements count as dependent. */
    static final double RANK_TOL = 1e-11;
    /** Relative distance of y from the range of 𝒜 above which dependent measurements are inconsistent. */
    static final double CONSISTENCY_TOL = 1e-9;

    /** One run's state. */
    private final class Run {
        final MeasurementOperator op;
        final double[] y;
        final Reduced red;
        final IterationListener listener;
        final long t0;
        final int n;
        final int r;
        final double[] x;
        final double[] z;
        final double[] v;

        Run(MeasurementOperator op, double[] y, Reduced red, IterationListener listener, long t0) {
            this.op = op;
            this.y = y;
            this.red = red;
            this.listener = listener;
            this.t0 = t0;
            this.n = op.n();
            this.r = red.r;
            this.x = new double[n * n];
            this.z = new double[n * n];
            this.v = new double[r];
            double start = Math.max(10, Math.sqrt(n));
            for (int i = 0; i < n; i++) {
                x[i + i * n] = start;
                z[i + i * n] = start;
            }
        }

        NucminResult solve() {
            int nn = n * n;
            double[] full = new double[red.m];
            double[] fullM = new double[red.m * red.m];
            double[] mat = new double[r * r];
            double[] ax = new double[r];
            double[] rp = new double[r];
            double[] atv = new double[nn];
            double[] rd = new double[nn];
            double[] l = new double[nn];
            double[] rz = new double[nn];
            double[] t1 = new double[nn];
            double[] t2 = new double[nn];
            double[] u = new double[nn];
            double[] vt = new double[nn];
            double[] sig = new double[n];
            double[] g = new double[nn];
            double[] ginv = new double[nn];
            double[] w = new double[nn];
            double[] base = new double[r];
            double[] rhs = new double[r];
            double[] dv = new double[r];
            double[] dz = new double[nn];
            double[] dx = new double[nn];
            double[] rc = new double[nn];
            double[] dxt = new double[nn];
            double[] dzt = new double[nn];
            double[] tmp = new double[nn];
            double[] arc = new double[r];
            double yNorm = Linalg.norm(red.yt);
            double step = Double.NaN;
            int smallSteps = 0;
                for (int k = 0; ; k++) {
                red.apply(x, full, ax);
                for (int i = 0; i < r; i++) {
                    rp[i] = red.yt[i] - ax[i];
                }
                red.adjoint(v, atv);
                for (int i = 0; i < nn; i++) {
                    rd[i] = -z[i] - atv[i];
                }
                for (int i = 0; i < n; i++) {
                    rd[i + i * n] += 1.0;
                }
                double pobj = Dense.trace(x, n);
                double dobj = Linalg.dot(red.yt, v);
                double relP = Linalg.norm(rp) / (1 + yNorm);
                double relD = Linalg.norm(rd) / (1 + Math.sqrt(n));
                double relGap = Math.abs(pobj - dobj) / (1 + Math.abs(pobj) + Math.abs(dobj));
                listener.onIteration(new IterationState(k, pobj * red.scale, relP, relD, step, relGap, x));
                if (!Double.isFinite(pobj) || !Double.isFinite(dobj) || !Linalg.allFinite(rp)) {
                    return finish(StopReason.NON_FINITE, "non-finite iterate", k);
                }
                double tol = options.tol();
                if (relP <= tol && relD <= tol && relGap <= tol) {
                    NucminResult done = tryFinish(tol, k);
                    if (done != null) {
                        return done;
                    }
                }
                if (dobj > 0 && relP > tol) {
                    double lmax = SymmetricEigen.eigenvalues(atv, n)[0];
                    if (Math.max(0, lmax) / dobj <= options.infeasibilityTol()) {
                        return infeasible(op, y, red.original(v),
                            String.format("no PSD X satisfies 𝒜(X) = y: Farkas direction found (dual objective %.3g "
                                + "with 𝒜*(v) ⪯ I)", dobj), k, t0);
                    }
                }
                if (k >= options.maxIterations()) {
                    return finish(StopReason.MAX_ITER, "iterations = " + k, k);
                }
                // NT scaling: X = L Lᵀ, Z = R Rᵀ, Rᵀ L = U Σ Vᵀ, G = L V Σ^{-1/2}, G⁻¹ = Σ^{1/2} Vᵀ L⁻¹.
                if (!Dense.cholesky(x, n, l) || !Dense.cholesky(z, n, rz)) {
                    return finish(StopReason.STALLED, "X or Z lost definiteness at working precision", k);
                }
                Dense.mulTN(rz, l, n, t1);
                if (!Dense.svd(t1, n, u, sig, vt)) {
                    return finish(StopReason.STALLED, "SVD of the NT scaling failed", k);
                }
                for (int i = 0; i < n; i++) {
                    if (!(sig[i] > 0)) {
                        return finish(StopReason.STALLED, "NT scaling became singular", k);
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
                    return finish(StopReason.STALLED, "Cholesky factor of X is singular", k);
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
                    return finish(StopReason.STALLED, "Schur complement is not positive definite at working precision", k);
                }
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
                direction(mat, rhs, rd, rc, w, dv, dz, dx, tmp, t2);
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
                direction(mat, rhs, rd, rc, w, dv, dz, dx, tmp, t2);
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
                step = Math.min(ap, ad);
                smallSteps = step < 1e-8 ? smallSteps + 1 : 0;
                if (smallSteps >= 3) {
                    return finish(StopReason.STALLED, "steps below 1e-8 three times in a row", k + 1);
                }
            }
        }

        /** Solves M Δv = rhs, then ΔZ = Rd − 𝒜*(Δv), ΔX = Rc − W ΔZ W. */
        private void direction(double[] mat, double[] rhs, double[] rd, double[] rc, double[] w, double[] dv,
                               double[] dz, double[] dx, double[] tmp, double[] t2) {
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

        private double[] originalX() {
            double[] xo = x.clone();
            for (int i = 0; i < xo.length; i++) {
                xo[i] *= red.scale;
            }
            return xo;
        }

        private NucminCertificate certificate() {
            return NucminCertificate.of(op, y, originalX(), red.original(v));
        }

        /**
         * The better of the iterate and its purification (see {@link Purification}), as a
         * CONVERGED result when its certificate holds at {@code tol}, else null.
         */
        private NucminResult tryFinish(double tol, long k) {
            Best b = best(false);
            return b.cert.holds(tol) ? converged(b, tol, k) : null;
        }

        private NucminResult converged(Best b, double tol, long k) {
            String how = b.purifiedRank < 0 ? ""
                : " (purified to rank " + b.purifiedRank + (b.newton ? ", KKT Newton" : "") + ")";
            return new NucminResult(b.x, b.v, n, b.cert, StopReason.CONVERGED, "certificate holds at tol " + tol + how,
                k, seconds(t0), Double.NaN);
        }

        /** The purified pair with the smallest certificate seen so far, where a run that ends short of tol starts Newton. */
        private Purification.Pair bestFace;
        private double bestFaceWorst = Double.POSITIVE_INFINITY;

        private record Best(double[] x, double[] v, NucminCertificate cert, int purifiedRank, boolean newton) {
        }

        private Best best(boolean newton) {
            double[] xo = originalX();
            double[] vo = red.original(v);
            NucminCertificate c = NucminCertificate.of(op, y, xo, vo);
            Best best = new Best(xo, vo, c, -1, false);
            Purification.Pair p = Purification.refine(op, y, xo, vo);
            if (p != null) {
                // the purified X with the dual moved part of the way (t = 1, ½, ¼, …, 0) from v to the
                // refined v': a full step can leave the dual cone when the slack is nearly degenerate
                double[] vt = new double[vo.length];
                double faceWorst = Double.POSITIVE_INFINITY;
                for (int i = 0; i <= 6; i++) {
                    double t = i == 6 ? 0 : Math.pow(0.5, i);
                    for (int j = 0; j < vt.length; j++) {
                        vt[j] = vo[j] + t * (p.v()[j] - vo[j]);
                    }
                    NucminCertificate cp = NucminCertificate.of(op, y, p.x(), vt);
                    faceWorst = Math.min(faceWorst, cp.worst());
                    if (cp.worst() < best.cert.worst() && cp.minEigenvalueX() >= -options.tol() * Math.abs(cp.primalObjective())) {
                        best = new Best(p.x(), vt.clone(), cp, p.rank(), false);
                    }
                }
                if (faceWorst < bestFaceWorst) {
                    bestFace = p;
                    bestFaceWorst = faceWorst;
                }
            }
            if (newton && bestFace != null && !best.cert.holds(options.tol())) {
                // the run ended short of tol, e.g. on a degenerate problem where complementarity stays above it:
                // Newton on the KKT system of the best face seen (only then: it costs SVDs of order nk + m)
                Purification.Pair kkt = Purification.kktNewton(op, y, bestFace);
                if (kkt != null) {
                    NucminCertificate ck = NucminCertificate.of(op, y, kkt.x(), kkt.v());
                    if (ck.worst() < best.cert.worst()) {
                        best = new Best(kkt.x(), kkt.v(), ck, kkt.rank(), true);
                    }
                }
            }
            return best;
        }

        private NucminResult finish(StopReason reason, String why, long k) {
            boolean ended = reason == StopReason.STALLED || reason == StopReason.MAX_ITER;
            Best b = best(ended);
            if (ended && b.cert.holds(options.tol())) {
                return converged(b, options.tol(), k);
            }
            return new NucminResult(b.x, b.v, n, b.cert, reason, why, k, seconds(t0), Double.NaN);
        }
    }
}

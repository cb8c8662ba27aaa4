package org.implreg.theory;

import java.util.Arrays;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.StopReason;

/**
 * Where first-order methods end on an underdetermined least-squares problem F(x) = ½‖Mx − b‖² (M m×N,
 * m &lt; N, full row rank), all started at x = 0 (Gunasekar et al. 2017, §1, §3 "warm up" and §6): methods
 * whose steps are linear combinations of gradients Mᵀ(Mx − b) (GD, heavy ball, Nesterov, conjugate
 * gradients) stay in range(Mᵀ) and end at the minimum ℓ2 norm solution x₂ = Mᵀ(MMᵀ)⁻¹b; preconditioned GD
 * (x ← x − ηPMᵀ(Mx − b), P ≻ 0) ends at the minimum ‖x‖_{P⁻¹} solution PMᵀ(MPMᵀ)⁻¹b; coordinate descent
 * leaves range(Mᵀ) and ends elsewhere. The minimum ℓ1 solution is found exactly by enumerating the
 * supports of size m (an optimal vertex of the linear program has at most m non-zeros).
 *
 * <p>The warm-up of the paper is the case M = (vec A_i)ᵢ, N = n², x = vec X: GD on X from X = 0 ends at
 * the minimum Frobenius norm solution 𝒜*((𝒜𝒜*)⁻¹y).
 *
 * <p>Matrices are column-major. Every iterative method runs in the {@link IterativeDriver}: it stops when
 * ‖Mx − b‖/‖b‖ ≤ tol (CONVERGED), when the relative change of x is ≤ {@link #STATIONARY_TOL}, or at the
 * iteration cap.
 */
public final class LeastSquaresPaths {
    /** Relative change of the iterate below which a run is stationary. */
    public static final double STATIONARY_TOL = 1e-16;

    private final double[] mat;
    private final int m;
    private final int cols;
    private final double[] b;

    /**
     * @param mat  M, m×N column-major (not copied; not modified)
     * @param m    rows
     * @param cols N
     * @param b    right-hand side (m)
     */
    public LeastSquaresPaths(double[] mat, int m, int cols, double[] b) {
        InvalidInputException.require(mat.length == m * cols && b.length == m && m >= 1 && cols >= m,
            "least squares needs M m×N with m ≤ N and b of length m");
        this.mat = mat;
        this.m = m;
        this.cols = cols;
        this.b = b;
    }

    /** How a run ended: the last iterate, its relative residual, steps and stop. */
    public record Result(double[] x, double relativeResidual, long iterations, StopReason stop) {}

    /** M x (m). */
    public double[] apply(double[] x) {
        double[] out = new double[m];
        for (int j = 0; j < cols; j++) {
            double xj = x[j];
            if (xj != 0) {
                for (int i = 0; i < m; i++) {
                    out[i] += mat[i + j * m] * xj;
                }
            }
        }
        return out;
    }

    /** Mᵀ r (N). */
    public double[] adjoint(double[] r) {
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += mat[i + j * m] * r[i];
            }
            out[j] = s;
        }
        return out;
    }

    private double[] residual(double[] x) {
        double[] r = apply(x);
        for (int i = 0; i < m; i++) {
            r[i] -= b[i];
        }
        return r;
    }

    /** ‖M‖₂² = λ_max(MᵀM), by 300 power iterations from a deterministic start (for stable steps 1/‖M‖₂²). */
    public double normSquared() {
        double[] x = new double[cols];
        for (int j = 0; j < cols; j++) {
            x[j] = 1.0 + 0.1 * Math.sin(1.0 + j);
        }
        double lambda = 0;
        for (int it = 0; it < 300; it++) {
            double nx = Linalg.norm(x);
            for (int j = 0; j < cols; j++) {
                x[j] /= nx;
            }
            double[] z = adjoint(apply(x));
            lambda = Linalg.dot(x, z);
            x = z;
        }
        return lambda;
    }

    /** The minimum ℓ2 norm solution Mᵀ(MMᵀ)⁻¹b. */
    public double[] minimumL2() {
        return minimumWeighted(null);
    }

    /**
     * The minimum ‖x‖_{P⁻¹} solution P Mᵀ (M P Mᵀ)⁻¹ b for P = diag(p) ≻ 0 (null: P = I), the limit of
     * preconditioned GD from 0.
     */
    public double[] minimumWeighted(double[] p) {
        double[] g = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += mat[i + j * m] * (p == null ? 1 : p[j]) * mat[k + j * m];
                }
                g[i + k * m] = s;
            }
        }
        double[] z = solve(g, b.clone(), m);
        double[] x = adjoint(z);
        if (p != null) {
            for (int j = 0; j < cols; j++) {
                x[j] *= p[j];
            }
        }
        return x;
    }

    /**
     * The minimum ℓ1 norm solution, exactly: the least ‖x‖₁ over the solutions supported on m columns
     * (every choice of m of the N columns whose square system is solvable). N choose m must be at most
     * 10⁶.
     */
    public double[] minimumL1() {
        double count = 1;
        for (int i = 0; i < m; i++) {
            count = count * (cols - i) / (i + 1);
        }
        InvalidInputException.require(count <= 1e6, "minimum ℓ1 by enumeration needs N choose m ≤ 10⁶, got " + count);
        int[] s = new int[m];
        for (int i = 0; i < m; i++) {
            s[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        double[] bestX = null;
        while (true) {
            double[] a = new double[m * m];
            for (int k = 0; k < m; k++) {
                System.arraycopy(mat, s[k] * m, a, k * m, m);
            }
            double[] z = solveOrNull(a, b.clone(), m);
            if (z != null) {
                double l1 = 0;
                for (double v : z) {
                    l1 += Math.abs(v);
                }
                if (l1 < best) {
                    best = l1;
                    bestX = new double[cols];
                    for (int k = 0; k < m; k++) {
                        bestX[s[k]] = z[k];
                    }
                }
            }
            int i = m - 1;
            while (i >= 0 && s[i] == cols - m + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            s[i]++;
            for (int k = i + 1; k < m; k++) {
                s[k] = s[k - 1] + 1;
            }
        }
        return bestX;
    }

    /** Gradient descent x ← x − ηMᵀ(Mx − b) from 0 (stable for η &lt; 2/‖M‖²). */
    public Result gradientDescent(double step, double tol, long maxIterations) {
        return heavyBall(step, 0, false, tol, maxIterations);
    }

    /**
     * Heavy ball v ← βv − η∇F(x), x ← x + v, or Nesterov v ← βv − η∇F(x + βv), x ← x + v, from x = v = 0.
     * With β = 0 both are gradient descent.
     */
    public Result heavyBall(double step, double beta, boolean nesterov, double tol, long maxIterations) {
        double[] x = new double[cols];
        double[] v = new double[cols];
        double[] look = new double[cols];
        return run(x, tol, maxIterations, (k, it) -> {
            double[] at = x;
            if (nesterov && beta != 0) {
                for (int j = 0; j < cols; j++) {
                    look[j] = x[j] + beta * v[j];
                }
                at = look;
            }
            double[] g = adjoint(residual(at));
            double xn = Linalg.norm(x);
            for (int j = 0; j < cols; j++) {
                v[j] = beta * v[j] - step * g[j];
                x[j] += v[j];
            }
            return iterate(x, xn, Linalg.norm(v), Linalg.norm(g), step, it);
        });
    }

    /** Preconditioned GD x ← x − η P Mᵀ(Mx − b), P = diag(p) ≻ 0, from 0. */
    public Result preconditioned(double[] p, double step, double tol, long maxIterations) {
        double[] x = new double[cols];
        return run(x, tol, maxIterations, (k, it) -> {
            double[] g = adjoint(residual(x));
            double xn = Linalg.norm(x);
            double dn = 0;
            for (int j = 0; j < cols; j++) {
                double dj = step * p[j] * g[j];
                x[j] -= dj;
                dn += dj * dj;
            }
            return iterate(x, xn, Math.sqrt(dn), Linalg.norm(g), step, it);
        });
    }

    /**
     * Conjugate gradients on the normal equations MᵀMx = Mᵀb from 0 (CGLS): every direction is a
     * combination of gradients, so x stays in range(Mᵀ).
     */
    public Result conjugateGradient(double tol, long maxIterations) {
        double[] x = new double[cols];
        double[] r = b.clone();
        double[] s = adjoint(r);
        double[] p = s.clone();
        double[] gamma = {Linalg.normSq(s)};
        return run(x, tol, maxIterations, (k, it) -> {
            double[] q = apply(p);
            double qq = Linalg.normSq(q);
            double a = qq > 0 ? gamma[0] / qq : 0;
            double xn = Linalg.norm(x);
            for (int j = 0; j < cols; j++) {
                x[j] += a * p[j];
            }
            for (int i = 0; i < m; i++) {
                r[i] -= a * q[i];
            }
            double[] s2 = adjoint(r);
            double g2 = Linalg.normSq(s2);
            double beta = gamma[0] > 0 ? g2 / gamma[0] : 0;
            gamma[0] = g2;
            for (int j = 0; j < cols; j++) {
                p[j] = s2[j] + beta * p[j];
            }
            return iterate(x, xn, Math.abs(a) * Linalg.norm(p), Math.sqrt(g2), a, it);
        });
    }

    /**
     * Coordinate descent from 0. Cyclic (greedy = false): one step is a sweep over j = 1…N, each exact
     * minimization x_j ← x_j − M_jᵀr/‖M_j‖² times {@code damping}. Greedy (Gauss–Southwell): one step
     * moves the coordinate with the largest |M_jᵀr|/‖M_j‖ by {@code damping} times its exact step; with a
     * small damping this is the infinitesimal greedy coordinate descent (forward stagewise) that the
     * slides' "coordinate descent: ℓ1 norm" alludes to.
     */
    public Result coordinateDescent(boolean greedy, double damping, double tol, long maxIterations) {
        double[] x = new double[cols];
        double[] r = residual(x);
        double[] colSq = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += mat[i + j * m] * mat[i + j * m];
            }
            colSq[j] = s;
        }
        return run(x, tol, maxIterations, (k, it) -> {
            double xn = Linalg.norm(x);
            double moved = 0;
            int first = greedy ? best(r, colSq) : 0;
            int last = greedy ? first + 1 : cols;
            for (int j = first; j < last; j++) {
                double gj = 0;
                for (int i = 0; i < m; i++) {
                    gj += mat[i + j * m] * r[i];
                }
                double dj = colSq[j] > 0 ? damping * gj / colSq[j] : 0;
                x[j] -= dj;
                for (int i = 0; i < m; i++) {
                    r[i] -= dj * mat[i + j * m];
                }
                moved += dj * dj;
            }
            return iterate(x, xn, Math.sqrt(moved), Double.NaN, damping, it);
        });
    }

    private int best(double[] r, double[] colSq) {
        int arg = 0;
        double top = -1;
        for (int j = 0; j < cols; j++) {
            double gj = 0;
            for (int i = 0; i < m; i++) {
                gj += mat[i + j * m] * r[i];
            }
            double score = colSq[j] > 0 ? Math.abs(gj) / Math.sqrt(colSq[j]) : 0;
            if (score > top) {
                top = score;
                arg = j;
            }
        }
        return arg;
    }

    private IterativeDriver.Iterate iterate(double[] x, double prevNorm, double moved, double gradNorm, double step,
                                            IterativeDriver.Iterate it) {
        double[] r = residual(x);
        return new IterativeDriver.Iterate(0.5 * Linalg.normSq(r), gradNorm, step, prevNorm > 0 ? moved / prevNorm : Double.POSITIVE_INFINITY,
            x, Double.NaN);
    }

    private Result run(double[] x, double tol, long maxIterations, IterativeDriver.Step step) {
        double bn = Linalg.norm(b);
        double f0 = 0.5 * Linalg.normSq(residual(x));
        ConvergenceChecker checker = ConvergenceChecker.standard(tol, IterativeDriver.divergenceLimit(
            IterativeDriver.DEFAULT_DIVERGENCE_FACTOR, f0, 0.5 * bn * bn), STATIONARY_TOL, maxIterations);
        IterativeDriver.Outcome out = IterativeDriver.start().run(IterativeDriver.Iterate.initial(f0, x, Double.NaN),
            loss -> Math.sqrt(2 * loss) / bn, checker, IterationListener.NONE, step);
        return new Result(x.clone(), out.last().trainError(), out.iterations(), out.stopReason());
    }

    /** Solves the square system a z = rhs (a n×n column-major, overwritten) by Gaussian elimination with partial pivoting. */
    static double[] solve(double[] a, double[] rhs, int n) {
        double[] z = solveOrNull(a, rhs, n);
        if (z == null) {
            throw new ArithmeticException("singular system");
        }
        return z;
    }

    /** As {@link #solve}, or null when a pivot is below 1e-12 times the largest entry of a. */
    static double[] solveOrNull(double[] a, double[] rhs, int n) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(a[i + c * n]) > Math.abs(a[piv + c * n])) {
                    piv = i;
                }
            }
            if (!(Math.abs(a[piv + c * n]) > 1e-12 * scale)) {
                return null;
            }
            if (piv != c) {
                for (int j = 0; j < n; j++) {
                    double t = a[c + j * n];
                    a[c + j * n] = a[piv + j * n];
                    a[piv + j * n] = t;
                }
                double t = rhs[c];
                rhs[c] = rhs[piv];
                rhs[piv] = t;
            }
            for (int i = c + 1; i < n; i++) {
                double f = a[i + c * n] / a[c + c * n];
                if (f != 0) {
                    for (int j = c; j < n; j++) {
                        a[i + j * n] -= f * a[c + j * n];
                    }
                    rhs[i] -= f * rhs[c];
                }
            }
        }
        double[] z = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = rhs[i];
            for (int j = i + 1; j < n; j++) {
                s -= a[i + j * n] * z[j];
            }
            z[i] = s / a[i + i * n];
        }
        return z;
    }

    /** ‖x‖₁. */
    public static double l1(double[] x) {
        return Arrays.stream(x).map(Math::abs).sum();
    }
}

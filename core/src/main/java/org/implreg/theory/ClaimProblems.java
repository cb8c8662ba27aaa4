package org.implreg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.DenseSymmetricOperator;

/**
 * Small random instances for the analytical claims of Gunasekar et al. 2017: symmetric Gaussian
 * matrices, random orthogonal bases, commuting families A_i = Q diag(d_i) Qᵀ, operators from explicit
 * matrices. All matrices are n×n column-major.
 */
public final class ClaimProblems {
    private ClaimProblems() {}

    /** (G + Gᵀ)/2 with G standard Gaussian. */
    public static double[] symmetric(int n, RandomGenerator rng) {
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                a[i + j * n] = 0.5 * (g[i + j * n] + g[j + i * n]);
            }
        }
        return a;
    }

    /** A Haar-like random orthogonal Q: the eigenvectors of a symmetric Gaussian matrix. */
    public static double[] orthogonal(int n, RandomGenerator rng) {
        return SymmetricEigen.decompose(symmetric(n, rng), n, true).vectors();
    }

    /** m commuting symmetric matrices Q diag(d_i) Qᵀ, d_i standard Gaussian, one random Q. */
    public static List<double[]> commuting(int n, int m, RandomGenerator rng) {
        double[] q = orthogonal(n, rng);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                d[k] = rng.nextGaussian();
            }
            out.add(conjugateDiagonal(q, d, n));
        }
        return out;
    }

    /** Q diag(d) Qᵀ, symmetrized. */
    public static double[] conjugateDiagonal(double[] q, double[] d, int n) {
        double[] qd = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                qd[i + j * n] = q[i + j * n] * d[j];
            }
        }
        double[] a = new double[n * n];
        Linalg.gemm("N", "T", n, n, n, qd, q, a);
        Linalg.symmetrizeFromUpper(a, n);
        return a;
    }

    /** The operator with 𝒜(X)_i = ⟨A_i, X⟩ for the given symmetric matrices. */
    public static DenseSymmetricOperator operator(List<double[]> a, int n) {
        double[] stack = new double[a.size() * n * n];
        for (int i = 0; i < a.size(); i++) {
            System.arraycopy(a.get(i), 0, stack, i * n * n, n * n);
        }
        return DenseSymmetricOperator.fromDenseStack(a.size(), n, stack, "claim problem");
    }

    /** The m×n² matrix M whose row i is vec(A_i) (column-major), for least squares in X-space. */
    public static double[] rows(List<double[]> a, int n) {
        int m = a.size();
        double[] mat = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n * n; k++) {
                mat[i + k * m] = a.get(i)[k];
            }
        }
        return mat;
    }

    /** A random PSD matrix of rank r: W Wᵀ with W n×r standard Gaussian. */
    public static double[] psd(int n, int r, RandomGenerator rng) {
        double[] w = new double[n * r];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] x = new double[n * n];
        Linalg.gram(w, n, r, x);
        return x;
    }

    /** 𝒜(X) as y_i = ⟨A_i, X⟩. */
    public static double[] measure(List<double[]> a, double[] x) {
        double[] y = new double[a.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Linalg.dot(a.get(i), x);
        }
        return y;
    }
}

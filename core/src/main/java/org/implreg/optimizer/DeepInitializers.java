package org.implreg.optimizer;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Rng;

/**
 * Initial layers of a deep factorization with widths n_0, …, n_N (layer j is n_j × n_{j−1},
 * column-major); "I" of a rectangular layer is the matrix with ones on its main diagonal.
 */
public final class DeepInitializers {
    private DeepInitializers() {}

    /** Identical initialization (eq. 5 with W_0 = I): W_j(0) = αI for every j. */
    public static double[][] identical(int[] dims, double alpha) {
        InvalidInputException.require(Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0, got " + alpha);
        double[][] l = new double[dims.length - 1][];
        for (int j = 1; j < dims.length; j++) {
            l[j - 1] = eye(dims[j], dims[j - 1], alpha);
        }
        return l;
    }

    /** Perturbed initialization (eq. 9): W_1(0) = (α − β)I, W_j(0) = αI for j ≥ 2, with 0 &lt; β &lt; α. */
    public static double[][] perturbed(int[] dims, double alpha, double beta) {
        InvalidInputException.require(Double.isFinite(beta) && beta > 0 && beta < alpha,
            "perturbed initialization needs 0 < beta < alpha, got alpha = " + alpha + ", beta = " + beta);
        double[][] l = identical(dims, alpha);
        l[0] = eye(dims[1], dims[0], alpha - beta);
        return l;
    }

    /**
     * Gaussian layers with a given end-to-end scale: i.i.d. N(0, 1) entries from {@code rng}, each layer
     * normalized to ‖W_j‖_F = 1, then all multiplied by one factor c so that ‖W_N ⋯ W_1‖_F = scale
     * (every layer then has ‖W_j‖_F = c = (scale/‖Π normalized layers‖_F)^{1/N}).
     */
    public static double[][] gaussian(int[] dims, double scale, RandomGenerator rng) {
        InvalidInputException.require(Double.isFinite(scale) && scale > 0, "init scale must be finite and > 0, got " + scale);
        int depth = dims.length - 1;
        double[][] l = new double[depth][];
        for (int j = 1; j <= depth; j++) {
            double[] a = Rng.gaussian(rng, dims[j] * dims[j - 1]);
            double s = 1 / Linalg.norm(a);
            for (int i = 0; i < a.length; i++) {
                a[i] *= s;
            }
            l[j - 1] = a;
        }
        double[] p = l[0].clone();
        for (int j = 2; j <= depth; j++) {
            double[] q = new double[dims[j] * dims[0]];
            Linalg.gemm("N", "N", dims[j], dims[0], dims[j - 1], l[j - 1], p, q);
            p = q;
        }
        double norm = Linalg.norm(p);
        InvalidInputException.require(norm > 0, "the Gaussian layers' product is 0 (a width-0 bottleneck?)");
        double c = Math.pow(scale / norm, 1.0 / depth);
        for (double[] a : l) {
            for (int i = 0; i < a.length; i++) {
                a[i] *= c;
            }
        }
        return l;
    }

    private static double[] eye(int rows, int cols, double v) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            a[i + i * rows] = v;
        }
        return a;
    }
}

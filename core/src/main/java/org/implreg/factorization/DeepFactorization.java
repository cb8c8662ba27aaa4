package org.implreg.factorization;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;

/**
 * The deep factorization W = W_N ⋯ W_1 of Chou et al. (eqs. 3–6) and Arora et al. (2019) with a loss
 * L(W) of the end-to-end matrix ({@link EndToEndLoss}): layer j (1-based) is W_j ∈ ℝ^{n_j × n_{j−1}},
 * so W is n_N × n_0; layers are column-major {@code double[]}s, {@code layers[j − 1]} = W_j.
 *
 * <p>Gradient (eq. 4): ∇_{W_j} L = (W_N ⋯ W_{j+1})ᵀ ∇L(W) (W_{j−1} ⋯ W_1)ᵀ, computed like
 * back-propagation without redundant products: the prefixes P_j = W_j P_{j−1} (N − 1 products,
 * P_N = W), then B_N = ∇L(W), ∇_{W_j} = B_j P_{j−1}ᵀ and B_{j−1} = W_jᵀ B_j going down (2N − 1
 * products): 3N − 2 matrix products an evaluation, none repeated.
 *
 * <p>Not thread-safe: an instance owns its workspace; use one per run.
 */
public final class DeepFactorization {
    private final EndToEndLoss loss;
    private final int[] dims;
    private final int depth;
    private final double[][] prefix;
    private final double[][] back;
    private final double[] grad;

    /**
     * @param loss the end-to-end loss (fixes n_N = rows, n_0 = cols)
     * @param dims n_0, n_1, …, n_N (length N + 1, N ≥ 1); n_0 = loss.cols(), n_N = loss.rows()
     */
    public DeepFactorization(EndToEndLoss loss, int[] dims) {
        InvalidInputException.require(dims.length >= 2, "a deep factorization needs depth N ≥ 1 (dims n_0..n_N), got " + dims.length
            + " dims");
        for (int d : dims) {
            InvalidInputException.require(d >= 1, "layer widths must be ≥ 1, got " + java.util.Arrays.toString(dims));
        }
        InvalidInputException.require(dims[0] == loss.cols() && dims[dims.length - 1] == loss.rows(),
            "dims must start at n_0 = " + loss.cols() + " and end at n_N = " + loss.rows() + ", got " + java.util.Arrays.toString(dims));
        this.loss = loss;
        this.dims = dims.clone();
        this.depth = dims.length - 1;
        prefix = new double[depth][];
        back = new double[depth][];
        for (int j = 1; j <= depth; j++) {
            prefix[j - 1] = new double[dims[j] * dims[0]];
            back[j - 1] = new double[dims[j] * dims[0]];
        }
        grad = new double[loss.rows() * loss.cols()];
    }

    /** Square layers n × n of depth N (Chou et al.'s setting). */
    public static int[] squareDims(int n, int depth) {
        InvalidInputException.require(depth >= 1, "depth N must be ≥ 1, got " + depth);
        int[] d = new int[depth + 1];
        java.util.Arrays.fill(d, n);
        return d;
    }

    public EndToEndLoss loss() {
        return loss;
    }

    /** n_0, …, n_N (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** Depth N. */
    public int depth() {
        return depth;
    }

    /** Entries of layer j (1-based): n_j·n_{j−1}. */
    public int layerSize(int j) {
        return dims[j] * dims[j - 1];
    }

    /** W = W_N ⋯ W_1 into {@code out} (n_N × n_0, overwritten). */
    public void product(double[][] layers, double[] out) {
        check(layers);
        double[] p = prefixes(layers);
        System.arraycopy(p, 0, out, 0, out.length);
    }

    /**
     * Evaluates L at the layers: returns L(W), writes W into {@code w} (n_N × n_0) and ∇_{W_j} L into
     * {@code grads[j − 1]} (n_j × n_{j−1}); the layers are not modified.
     */
    public double evaluate(double[][] layers, double[] w, double[][] grads) {
        check(layers);
        double[] p = prefixes(layers);
        System.arraycopy(p, 0, w, 0, w.length);
        double value = loss.evaluate(w, grad);
        int n0 = dims[0];
        // B_N = ∇L(W); ∇W_j = B_j P_{j−1}ᵀ (P_0 = I); B_{j−1} = W_jᵀ B_j
        double[] b = grad;
        for (int j = depth; j >= 1; j--) {
            if (j == 1) {
                System.arraycopy(b, 0, grads[0], 0, b.length); // P_0 = I: ∇W_1 = B_1
            } else {
                Linalg.gemm("N", "T", dims[j], dims[j - 1], n0, b, prefix[j - 2], grads[j - 1]);
                double[] nb = back[j - 2];
                Linalg.gemm("T", "N", dims[j - 1], n0, dims[j], layers[j - 1], b, nb);
                b = nb;
            }
        }
        return value;
    }

    private double[] prefixes(double[][] layers) {
        System.arraycopy(layers[0], 0, prefix[0], 0, layers[0].length);
        for (int j = 2; j <= depth; j++) {
            Linalg.gemm("N", "N", dims[j], dims[0], dims[j - 1], layers[j - 1], prefix[j - 2], prefix[j - 1]);
        }
        return prefix[depth - 1];
    }

    private void check(double[][] layers) {
        InvalidInputException.require(layers.length == depth, "expected " + depth + " layers, got " + layers.length);
        for (int j = 1; j <= depth; j++) {
            InvalidInputException.require(layers[j - 1].length == layerSize(j),
                "layer " + j + " must be " + dims[j] + "×" + dims[j - 1] + ", got " + layers[j - 1].length + " entries");
        }
    }

    /** Multiply-adds of one {@link #evaluate}: the 3N − 2 products. */
    public double flopsPerEvaluation() {
        double s = 0;
        int n0 = dims[0];
        for (int j = 2; j <= depth; j++) {
            s += 2.0 * dims[j] * n0 * dims[j - 1]; // prefix
            s += 2.0 * dims[j] * dims[j - 1] * n0; // gradient
            s += 2.0 * dims[j - 1] * n0 * dims[j]; // back
        }
        return s;
    }
}

package org.implreg.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.run.IterationState;

/**
 * Records a deep factorization's trajectory every k steps (a {@link DeepGradientDescent.Listener}):
 * loss, training error, the reconstruction error ‖W − Ŵ‖_F/‖Ŵ‖_F (when Ŵ is given), the singular
 * values of W, the effective ranks ‖W‖_* / ‖W‖₂ (Chou et al.) and exp H(σ/‖σ‖₁) (Roy and Vetterli), and,
 * for square W with an orthonormal basis V (e.g. Ŵ's eigenvectors), the coordinates diag(VᵀWV): W's
 * eigenvalues whenever W = V D Vᵀ, as under identical or perturbed initialization.
 */
public final class DeepTrajectory implements DeepGradientDescent.Listener {

    /**
     * One recorded step.
     *
     * @param iteration           k
     * @param loss                L(W)
     * @param trainError          √(2L)/‖target‖
     * @param reconstructionError ‖W − Ŵ‖_F/‖Ŵ‖_F (NaN without Ŵ)
     * @param singularValues      σ(W), descending
     * @param effectiveRank       ‖W‖_* / ‖W‖₂
     * @param entropyRank         exp H(σ/‖σ‖₁)
     * @param basisDiagonal       diag(VᵀWV) in V's column order (null without V)
     */
    public record Point(long iteration, double loss, double trainError, double reconstructionError, double[] singularValues,
                        double effectiveRank, double entropyRank, double[] basisDiagonal) {}

    private final long every;
    private final int rows;
    private final int cols;
    private final double[] reference;
    private final double referenceNorm;
    private final double[] basis;
    private final List<Point> points = new ArrayList<>();
    private long last = -1;

    /**
     * @param every     record steps 0, k, 2k, … (and whatever {@link #record} is given)
     * @param rows      rows of W
     * @param cols      columns of W
     * @param reference Ŵ (rows × cols) for the reconstruction error, or null
     * @param basis     V (rows × rows, orthonormal columns) for diag(VᵀWV), or null (square W only)
     */
    public DeepTrajectory(long every, int rows, int cols, double[] reference, double[] basis) {
        InvalidInputException.require(every >= 1, "record interval must be ≥ 1, got " + every);
        InvalidInputException.require(reference == null || reference.length == rows * cols, "reference must be " + rows + "×" + cols);
        InvalidInputException.require(basis == null || (rows == cols && basis.length == rows * rows),
            "a basis needs a square W and an n×n V");
        this.every = every;
        this.rows = rows;
        this.cols = cols;
        this.reference = reference == null ? null : reference.clone();
        this.referenceNorm = reference == null ? Double.NaN : Linalg.norm(reference);
        this.basis = basis == null ? null : basis.clone();
    }

    @Override
    public void iterate(IterationState state, double[][] layers) {
        if (state.iteration() % every == 0) {
            record(state);
        }
    }

    /** Records the state (its point is W) unless this step is already recorded. */
    public void record(IterationState state) {
        if (state.iteration() == last) {
            return;
        }
        last = state.iteration();
        double[] w = state.point();
        double rec = reference == null ? Double.NaN : Linalg.distance(w, reference) / referenceNorm;
        double[] sv = Linalg.singularValues(w.clone(), rows, cols);
        double[] diag = null;
        if (basis != null) {
            int n = rows;
            double[] t = new double[n * n];
            Linalg.gemm("N", "N", n, n, n, w, basis, t); // W V
            diag = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += basis[r + i * n] * t[r + i * n];
                }
                diag[i] = s;
            }
        }
        points.add(new Point(state.iteration(), state.loss(), state.trainError(), rec, sv, SolutionMetrics.effectiveRank(sv),
            SolutionMetrics.entropyEffectiveRank(sv), diag));
    }

    /** The recorded points, in order. */
    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }
}

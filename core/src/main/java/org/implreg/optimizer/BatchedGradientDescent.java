package org.implreg.optimizer;

import java.util.ArrayList;
import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;

/**
 * B independent fixed-step gradient-descent runs on f(U) = ‖𝒜(U Uᵀ) − y‖² that share one dense
 * operator (different seeds or init scales of a sweep). Per iteration the operator is streamed
 * twice for all active runs together, as two {@code dgemm}s (m×N by N×B and N×m by m×B) instead
 * of 2B {@code dgemv}s, which turns a memory-bound loop into a compute-bound one.
 *
 * <p>Each run follows exactly the iteration of {@link GradientDescent} with the same options
 * (fixed step; line search is not batched) and stops on its own; finished runs leave the batch.
 * Runs may have different factor widths d (only the operator is shared). Results agree with
 * single runs up to floating-point summation order, and a run's result does not depend on the
 * other members of its batch beyond that (each column of the batched products is its own).
 *
 * <p>The runs advance in lockstep, so they do not run in {@link org.implreg.run.IterativeDriver}'s loop;
 * each iterate of each run goes through its protocol ({@link org.implreg.run.IterativeDriver#observe}:
 * non-finite loss, then loss above the run's own
 * {@link org.implreg.run.IterativeDriver#divergenceLimit}(divergenceFactor, f(U₀), ‖y‖²), then
 * training error, relative change and the cap), without a listener.
 */
public final class BatchedGradientDescent {
    private final GradientDescent.Options options;

    public BatchedGradientDescent(GradientDescent.Options options) {
        InvalidInputException.require(!options.lineSearch(), "batched gradient descent supports fixed steps only");
        this.options = options;
    }

    /** Runs one GD per initial factor (each n×d, not modified); results in input order. */
    public List<OptimizationResult> optimize(DenseSymmetricOperator op, double[] y, int d, List<double[]> u0s) {
        int[] dims = new int[u0s.size()];
        java.util.Arrays.fill(dims, d);
        return optimize(op, y, dims, u0s);
    }

    /** Runs one GD per initial factor, run b of width {@code dims[b]} (U₀ n×dims[b], not modified). */
    public List<OptimizationResult> optimize(DenseSymmetricOperator op, double[] y, int[] dims, List<double[]> u0s) {
        Batch b = new Batch(op, y, dims, u0s, options);
        while (b.step()) {
            // iterate until every run has stopped
        }
        return b.results();
    }

    /** The state of a batch; {@link #step()} performs one iteration of every active run. */
    public static final class Batch {
        private final DenseSymmetricOperator op;
        private final double[] y;
        private final int n;
        private final int[] dims;
        private final int m;
        private final int len;
        private final GradientDescent.Options o;
        private final double[][] u;
        private final double[] loss;
        private final double[] gradNorm;
        private final double[] relChange;
        private final long[] iterations;
        private final ConvergenceChecker.Stop[] stops;
        private final double scale;
        private final long start = System.nanoTime();
        private final double[] seconds;
        private final double[] xw;
        private final double[] r;
        private final double[] s;
        private final double[] work;
        private final double[] g;
        private int[] active;
        /** Per run: DIVERGED above its own limit, then the options' rules (non-finite comes before, in {@link #retire}). */
        private final ConvergenceChecker[] checkers;

        /** A batch of runs that all have width d. */
        public Batch(DenseSymmetricOperator op, double[] y, int d, List<double[]> u0s, GradientDescent.Options o) {
            this(op, y, filled(u0s.size(), d), u0s, o);
        }

        private static int[] filled(int b, int d) {
            int[] a = new int[b];
            java.util.Arrays.fill(a, d);
            return a;
        }

        /**
         * A batch of runs of widths {@code dims} (run b: U₀ n×dims[b], column-major, not modified).
         */
        public Batch(DenseSymmetricOperator op, double[] y, int[] dims, List<double[]> u0s, GradientDescent.Options o) {
            this.op = op;
            this.y = y;
            this.n = op.n();
            this.m = op.m();
            this.len = op.packedLength();
            InvalidInputException.require(dims.length == u0s.size(), "one width per run needed: " + dims.length + " widths, "
                + u0s.size() + " runs");
            this.dims = dims.clone();
            this.o = o;
            int b = u0s.size();
            this.u = new double[b][];
            for (int i = 0; i < b; i++) {
                int d = dims[i];
                InvalidInputException.require(d >= 1 && d <= n, "factor width d must be in 1..n = " + n + ", got " + d);
                InvalidInputException.require(u0s.get(i).length == n * d, "initial U " + i + " must be " + n + "×" + d);
                u[i] = u0s.get(i).clone();
            }
            this.loss = new double[b];
            this.gradNorm = new double[b];
            this.relChange = new double[b];
            this.iterations = new long[b];
            this.stops = new ConvergenceChecker.Stop[b];
            this.seconds = new double[b];
            java.util.Arrays.fill(gradNorm, Double.NaN);
            java.util.Arrays.fill(relChange, Double.NaN);
            double yn = Linalg.norm(y);
            this.scale = yn > 0 ? yn : 1.0;
            this.xw = new double[len * b];
            this.r = new double[m * b];
            this.s = new double[len * b];
            this.work = new double[n * n];
            this.g = new double[n * java.util.Arrays.stream(this.dims).max().orElse(1)];
            this.active = new int[b];
            for (int i = 0; i < b; i++) {
                active[i] = i;
            }
            ConvergenceChecker rules = ConvergenceChecker.any(
                ConvergenceChecker.trainError(o.tol()),
                o.stationaryTol() > 0 ? ConvergenceChecker.relativeChange(o.stationaryTol()) : st -> java.util.Optional.empty(),
                ConvergenceChecker.maxIterations(o.maxIterations()));
            residuals();
            this.checkers = new ConvergenceChecker[b];
            for (int i = 0; i < b; i++) {
                // divergence first (unlike ConvergenceChecker.standard), as this batch always did
                checkers[i] = ConvergenceChecker.any(
                    ConvergenceChecker.lossAbove(IterativeDriver.divergenceLimit(o.divergenceFactor(), loss[i], yn * yn)), rules);
            }
            retire();
        }

        /** r_b = 𝒜(U_b U_bᵀ) − y for the active runs (columns in active order), and their losses. */
        private void residuals() {
            int na = active.length;
            for (int c = 0; c < na; c++) {
                double[] ub = u[active[c]];
                Linalg.BLAS.dsyrk("U", "N", n, dims[active[c]], 1.0, ub, n, 0.0, work, n);
                int k = c * len;
                for (int j = 0; j < n; j++) {
                    int col = j * n;
                    for (int i = 0; i < j; i++) {
                        xw[k++] = 2.0 * work[col + i];
                    }
                    xw[k++] = work[col + j];
                }
            }
            op.applyBatch(xw, na, r);
            for (int c = 0; c < na; c++) {
                double sum = 0;
                int off = c * m;
                for (int i = 0; i < m; i++) {
                    double v = r[off + i] - y[i];
                    r[off + i] = v;
                    sum += v * v;
                }
                loss[active[c]] = sum;
            }
        }

        /**
         * Applies the run protocol of {@link IterativeDriver#observe} to every active run (non-finite loss,
         * then loss above the run's divergence limit, then the options' rules; no listener); drops stopped runs from the active set (keeping residual
         * columns aligned).
         */
        private void retire() {
            int na = active.length;
            int keep = 0;
            int[] next = new int[na];
            for (int c = 0; c < na; c++) {
                int b = active[c];
                IterationState st = new IterationState(iterations[b], loss[b], Math.sqrt(loss[b]) / scale, gradNorm[b],
                    iterations[b] == 0 ? Double.NaN : o.step(), relChange[b], u[b]);
                ConvergenceChecker.Stop stop = IterativeDriver.observe(st, IterativeDriver.FiniteCheck.LOSS, IterationListener.NONE,
                    checkers[b]).orElse(null);
                if (stop != null) {
                    stops[b] = stop;
                    seconds[b] = (System.nanoTime() - start) / 1e9;
                } else {
                    if (keep != c) {
                        System.arraycopy(r, c * m, r, keep * m, m);
                    }
                    next[keep++] = b;
                }
            }
            active = java.util.Arrays.copyOf(next, keep);
        }

        /** One iteration of every active run; false when none is left. */
        public boolean step() {
            int na = active.length;
            if (na == 0) {
                return false;
            }
            op.adjointBatch(r, na, s);
            double eta = o.step();
            for (int c = 0; c < na; c++) {
                int b = active[c];
                double[] ub = u[b];
                int k = c * len;
                for (int j = 0; j < n; j++) {
                    System.arraycopy(s, k, work, j * n, j + 1);
                    k += j + 1;
                }
                int d = dims[b];
                Linalg.BLAS.dsymm("L", "U", n, d, 4.0, work, n, ub, n, 0.0, g, n);
                double gn = Linalg.norm(g, n * d);
                double un = Linalg.norm(ub);
                for (int i = 0; i < ub.length; i++) {
                    ub[i] -= eta * g[i];
                }
                gradNorm[b] = gn;
                relChange[b] = un > 0 ? eta * gn / un : Double.POSITIVE_INFINITY;
                iterations[b]++;
            }
            residuals();
            retire();
            return active.length > 0;
        }

        /** Number of runs still iterating. */
        public int activeCount() {
            return active.length;
        }

        /** The results, in input order (call when {@link #step()} returned false). */
        public List<OptimizationResult> results() {
            List<OptimizationResult> out = new ArrayList<>(u.length);
            for (int b = 0; b < u.length; b++) {
                double[] x = new double[n * n];
                if (Linalg.allFinite(u[b])) {
                    Linalg.gram(u[b], n, dims[b], x);
                } else {
                    java.util.Arrays.fill(x, Double.NaN);
                }
                ConvergenceChecker.Stop st = stops[b] != null ? stops[b]
                    : new ConvergenceChecker.Stop(StopReason.MAX_ITER, "not finished");
                out.add(new OptimizationResult(x, u[b].clone(), n, dims[b], st.reason(), st.criterion(), iterations[b], iterations[b],
                    seconds[b], loss[b], Math.sqrt(loss[b]) / scale, gradNorm[b]));
            }
            return out;
        }
    }
}

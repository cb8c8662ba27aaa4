package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Rng;
import org.implreg.theory.ClaimProblems;
import org.implreg.theory.OrderedProduct;
import org.implreg.theory.SingleMeasurement;

/**
 * Claim 4b (§4, eq. 12): for smooth controls r_t, the non-commutative terms of the time-ordered exponential
 * are of lower order than the direct term 𝒜*(s), s = −∫r_t dt, as X₀ → 0: the ratio
 * ‖½ log(G Gᵀ) − 𝒜*(s)‖/‖𝒜*(s)‖ should shrink with α.
 *
 * <p>Two generic A_i (n = toeN), X₀ = αI: the ratio along the flow's own residual control, and its mean and
 * largest value over toeRandom random smooth controls, a drift c (‖𝒜*(c)‖₂ = 1) plus a transient
 * Σ_q ξ_q e^{−τ} sin(ω_q τ + φ_q) at the start (τ = t) or at the end (τ = T − t) of the horizon
 * T = ½ log(1/α); the first control also on a commuting pair, where the ratio is rounding.
 */
final class Gunasekar2017TheoryOrderedExponential {
    private Gunasekar2017TheoryOrderedExponential() {}

    /**
     * One α (summary.json's {@code ordered.rows[i]}): ratio = ‖½log(GGᵀ) − 𝒜*(s)‖_F / ‖𝒜*(s)‖_F.
     *
     * @param alpha                X₀ = αI
     * @param residualRatio        the ratio along the flow's own residual control
     * @param residualProductRatio the product's own ratio along that control ({@code OrderedProduct.Path#productRatio})
     * @param residualTime         the time the residual control ran
     * @param residualFinal        the final residual of that path
     * @param commutingRatio       the first random control (transient at the start) on a commuting pair: rounding
     * @param randomStartRatioMean the mean ratio over the random controls with the transient at the start
     * @param randomStartRatioMax  their largest ratio
     * @param randomEndRatioMean   the mean ratio over the random controls with the transient at the end
     * @param randomEndRatioMax    their largest ratio
     * @param randomHorizon        the random controls' horizon T = ½ log(1/α)
     */
    record Row(double alpha, double residualRatio, double residualProductRatio, double residualTime, double residualFinal,
               double commutingRatio, double randomStartRatioMean, double randomStartRatioMax, double randomEndRatioMean,
               double randomEndRatioMax, double randomHorizon) {}

    /** The claim's numbers (summary.json's {@code ordered}; the row stored in rows.jsonl): a row per α. */
    record Result(List<Row> rows) {}

    /** The claim's numbers at settings {@code st}, random streams from {@code seed}. */
    static Result compute(Gunasekar2017Theory.Settings st, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-ordered");
        int n = st.toeN();
        List<double[]> a = List.of(ClaimProblems.symmetric(n, rng), ClaimProblems.symmetric(n, rng));
        DenseSymmetricOperator op = ClaimProblems.operator(a, n);
        DenseSymmetricOperator comm = ClaimProblems.operator(ClaimProblems.commuting(n, 2, rng), n);
        double[] xs = ClaimProblems.psd(n, 1, rng);
        double[] y = ClaimProblems.measure(a, Gunasekar2017Theory.scaled(xs, 1 / SingleMeasurement.trace(xs, n)));
        // random controls: drift c (‖𝒜*(c)‖₂ = 1) plus a smooth transient Σ ξ_q e^{−τ} sin(ω_q τ + φ_q), τ = t (at the start) or
        // τ = T − t (at the end: the same shape for every horizon T)
        int k = st.toeRandom();
        double[][] drift = new double[k][];
        double[][][] amp = new double[k][3][];
        double[][] freq = new double[k][3];
        double[][] phase = new double[k][3];
        for (int j = 0; j < k; j++) {
            double[] c = {rng.nextGaussian(), rng.nextGaussian()};
            double[] ac = new double[n * n];
            op.adjoint(c, ac);
            double top = Math.abs(org.implreg.linalg.SymmetricEigen.eigenvalues(ac, n)[0]);
            drift[j] = new double[] {c[0] / top, c[1] / top};
            for (int q = 0; q < 3; q++) {
                amp[j][q] = new double[] {rng.nextGaussian() / top, rng.nextGaussian() / top};
                freq[j][q] = 0.5 + 2.5 * rng.nextDouble();
                phase[j][q] = 2 * Math.PI * rng.nextDouble();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (double alpha : st.toeAlphas()) {
            double[] x0 = new double[n * n];
            for (int i = 0; i < n; i++) {
                x0[i + i * n] = alpha;
            }
            OrderedProduct.Path p = OrderedProduct.residualControl(op, y, x0, st.toeEps(), 1e-8, 200);
            double residualRatio = p.nonCommutativeRatio(op);
            double residualProductRatio = p.productRatio(op);
            double horizon = 0.5 * Math.log(1 / alpha);
            double commutingRatio = Double.NaN;
            double[] mean = new double[2];
            double[] max = new double[2];
            for (boolean atEnd : new boolean[] {false, true}) {
                double sum = 0;
                double worst = 0;
                for (int j = 0; j < k; j++) {
                    final int jj = j;
                    java.util.function.DoubleFunction<double[]> ctl = t -> {
                        double[] r2 = {-drift[jj][0], -drift[jj][1]};
                        double tau = atEnd ? horizon - t : t;
                        for (int q = 0; q < 3; q++) {
                            double w = Math.exp(-tau) * Math.sin(freq[jj][q] * tau + phase[jj][q]);
                            r2[0] -= amp[jj][q][0] * w;
                            r2[1] -= amp[jj][q][1] * w;
                        }
                        return r2;
                    };
                    double ratio = OrderedProduct.givenControl(op, ctl, st.toeEps(), horizon).nonCommutativeRatio(op);
                    sum += ratio;
                    worst = Math.max(worst, ratio);
                    if (j == 0 && !atEnd) {
                        commutingRatio = OrderedProduct.givenControl(comm, ctl, st.toeEps(), horizon).nonCommutativeRatio(comm);
                    }
                }
                mean[atEnd ? 1 : 0] = sum / k;
                max[atEnd ? 1 : 0] = worst;
            }
            rows.add(new Row(alpha, residualRatio, residualProductRatio, p.time(), p.residual(), commutingRatio, mean[0], max[0],
                mean[1], max[1], horizon));
        }
        return new Result(rows);
    }
}

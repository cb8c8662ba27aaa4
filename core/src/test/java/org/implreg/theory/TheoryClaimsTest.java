package org.implreg.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.GradientFlow;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.MomentumDescent;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Rng;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/** The analytical claims of Gunasekar et al. 2017 (§3, §4, §6) on small instances (issue 22). */
class TheoryClaimsTest {
    /** Warm-up: GD on X against the closed form 𝒜*((𝒜𝒜*)⁻¹y). */
    static final double WARM_UP_TOL = 1e-10;
    /** m = 1: the flow's iterates against exp(sA)X₀exp(sA), relative Frobenius. */
    static final double CURVE_TOL = 1e-8;
    /** Rank test of the Lie closure. */
    static final double LIE_TOL = 1e-8;

    static LeastSquaresPaths warmUp(int n, int m, long seed) {
        RandomGenerator rng = Rng.stream(seed, "theory-test-warm-up");
        List<double[]> a = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            a.add(ClaimProblems.symmetric(n, rng));
        }
        double[] y = ClaimProblems.measure(a, ClaimProblems.psd(n, 1, rng));
        return new LeastSquaresPaths(ClaimProblems.rows(a, n), m, n * n, y);
    }

    @Test
    void gradientDescentOnXEndsAtTheMinimumFrobeniusSolution() {
        LeastSquaresPaths ls = warmUp(6, 10, 1);
        double[] closed = ls.minimumL2();
        LeastSquaresPaths.Result gd = ls.gradientDescent(0.02, 1e-15, 200_000);
        assertThat(Linalg.distance(gd.x(), closed) / Linalg.norm(closed)).isLessThan(WARM_UP_TOL);
        for (LeastSquaresPaths.Result r : List.of(ls.heavyBall(0.02, 0.9, false, 1e-15, 200_000), ls.heavyBall(0.02, 0.9, true, 1e-15, 200_000),
            ls.conjugateGradient(1e-15, 1000))) {
            assertThat(Linalg.distance(r.x(), closed) / Linalg.norm(closed)).isLessThan(WARM_UP_TOL);
        }
    }

    @Test
    void coordinateDescentAndPreconditioningEndElsewhere() {
        RandomGenerator rng = Rng.stream(2, "theory-test-cd");
        int m = 4;
        int cols = 10;
        double[] mat = new double[m * cols];
        for (int i = 0; i < mat.length; i++) {
            mat[i] = rng.nextGaussian();
        }
        double[] b = {1, -2, 0.5, 1.5};
        LeastSquaresPaths ls = new LeastSquaresPaths(mat, m, cols, b);
        double[] l2 = ls.minimumL2();
        double[] l1 = ls.minimumL1();
        assertThat(Linalg.distance(ls.apply(l1), b)).isLessThan(1e-10);
        assertThat(LeastSquaresPaths.l1(l1)).isLessThanOrEqualTo(LeastSquaresPaths.l1(l2) + 1e-12);
        LeastSquaresPaths.Result cd = ls.coordinateDescent(false, 1.0, 1e-13, 100_000);
        assertThat(cd.stop()).isEqualTo(StopReason.CONVERGED);
        assertThat(Linalg.distance(cd.x(), l2) / Linalg.norm(l2)).isGreaterThan(1e-3);
        double[] p = new double[cols];
        for (int j = 0; j < cols; j++) {
            p[j] = 0.2 + j;
        }
        LeastSquaresPaths.Result pre = ls.preconditioned(p, 0.005, 1e-14, 1_000_000);
        double[] weighted = ls.minimumWeighted(p);
        assertThat(Linalg.distance(pre.x(), weighted) / Linalg.norm(weighted)).isLessThan(1e-9);
        assertThat(Linalg.distance(weighted, l2) / Linalg.norm(l2)).isGreaterThan(1e-3);
    }

    @Test
    void singleMeasurementFlowStaysOnTheCurve() {
        int n = 5;
        RandomGenerator rng = Rng.stream(3, "theory-test-m1");
        double[] a = ClaimProblems.symmetric(n, rng);
        DenseSymmetricOperator op = ClaimProblems.operator(List.of(a), n);
        double[] u0 = new double[n * n];
        for (int i = 0; i < u0.length; i++) {
            u0[i] = 0.1 * rng.nextGaussian();
        }
        double[] x0 = new double[n * n];
        Linalg.gram(u0, n, n, x0);
        double y = 2.0;
        SingleMeasurement curve = new SingleMeasurement(a, x0, n);
        double[] worst = {0};
        int[] seen = {0};
        var flow = new GradientFlow(GradientFlow.Options.defaults().withIntegrator(GradientFlow.Integrator.DP853).withRtol(1e-13).withTol(1e-9));
        var res = flow.optimize(new FactorizedObjective(op, new double[] {y}, n), u0, st -> {
            double[] x = new double[n * n];
            Linalg.gram(st.point(), n, n, x);
            double s = curve.solve(Linalg.dot(a, x));
            worst[0] = Math.max(worst[0], Linalg.distance(x, curve.point(s)) / Linalg.norm(x));
            seen[0]++;
        });
        assertThat(seen[0]).isGreaterThan(10);
        assertThat(worst[0]).isLessThan(CURVE_TOL);
        double[] limit = curve.limit(y);
        assertThat(Linalg.distance(res.result().x(), limit) / Linalg.norm(limit)).isLessThan(1e-6);
    }

    @Test
    void singleMeasurementLimitApproachesTheTopEigenvectorAsAlphaShrinks() {
        int n = 5;
        RandomGenerator rng = Rng.stream(4, "theory-test-m1-alpha");
        double[] a = ClaimProblems.symmetric(n, rng);
        double[] xi = ClaimProblems.psd(n, n, rng);
        double prevGap = Double.POSITIVE_INFINITY;
        for (double alpha : new double[] {1e-2, 1e-4, 1e-8}) {
            double[] x0 = xi.clone();
            for (int i = 0; i < x0.length; i++) {
                x0[i] *= alpha;
            }
            for (double y : new double[] {1.0, -1.0}) {
                SingleMeasurement c = new SingleMeasurement(a, x0, n);
                double[] lim = c.limit(y);
                double nuc = SingleMeasurement.trace(lim, n);
                double gap = nuc / c.minimumNuclearNorm(y) - 1;
                assertThat(gap).isGreaterThanOrEqualTo(-1e-12);
                if (y > 0) {
                    assertThat(gap).isLessThan(prevGap);
                    prevGap = gap;
                }
            }
        }
        assertThat(prevGap).isLessThan(1e-2);
    }

    @Test
    void lieClosureOfCommutingGenericAndTracelessPairs() {
        RandomGenerator rng = Rng.stream(5, "theory-test-lie");
        for (int n : new int[] {3, 4, 5}) {
            List<double[]> comm = ClaimProblems.commuting(n, 2, rng);
            assertThat(LieClosure.dimension(comm, n, LIE_TOL).dimension()).isEqualTo(2);
            List<double[]> generic = List.of(ClaimProblems.symmetric(n, rng), ClaimProblems.symmetric(n, rng));
            LieClosure.Result g = LieClosure.dimension(generic, n, LIE_TOL);
            assertThat(g.dimension()).isEqualTo(n * n);
            assertThat(g.smallestAccepted()).isGreaterThan(1e3 * LIE_TOL);
            List<double[]> traceless = new ArrayList<>();
            for (double[] a : generic) {
                double[] t = a.clone();
                double tr = SingleMeasurement.trace(a, n) / n;
                for (int i = 0; i < n; i++) {
                    t[i + i * n] -= tr;
                }
                traceless.add(t);
            }
            assertThat(LieClosure.dimension(traceless, n, LIE_TOL).dimension()).isEqualTo(n * n - 1);
        }
    }

    @Test
    void orderedProductOfCommutingMatricesIsTheDirectTerm() {
        int n = 4;
        RandomGenerator rng = Rng.stream(6, "theory-test-toe");
        DenseSymmetricOperator comm = ClaimProblems.operator(ClaimProblems.commuting(n, 2, rng), n);
        OrderedProduct.Path p = OrderedProduct.givenControl(comm, t -> new double[] {-1 - Math.sin(3 * t), -0.5 + Math.cos(2 * t)}, 1e-2, 3);
        assertThat(p.nonCommutativeRatio(comm)).isLessThan(1e-10);
        DenseSymmetricOperator gen = ClaimProblems.operator(List.of(ClaimProblems.symmetric(n, rng), ClaimProblems.symmetric(n, rng)), n);
        OrderedProduct.Path q = OrderedProduct.givenControl(gen, t -> new double[] {-1 - Math.sin(3 * t), -0.5 + Math.cos(2 * t)}, 1e-2, 3);
        assertThat(q.nonCommutativeRatio(gen)).isGreaterThan(1e-4);
    }

    @Test
    void momentumZeroIsGradientDescentBitForBit() {
        int n = 6;
        RandomGenerator rng = Rng.stream(7, "theory-test-momentum");
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, 12, rng);
        double[] y = new double[12];
        op.apply(ClaimProblems.psd(n, 2, rng), y);
        double[] u0 = new double[n * n];
        for (int i = 0; i < u0.length; i++) {
            u0[i] = 1e-3 * rng.nextGaussian();
        }
        FactorizedObjective f = new FactorizedObjective(op, y, n);
        OptimizationResult gd = new GradientDescent(GradientDescent.Options.fixedStep(0.01).withMaxIterations(3000)).optimize(f, u0);
        for (boolean nesterov : new boolean[] {false, true}) {
            OptimizationResult mo = new MomentumDescent(MomentumDescent.Options.of(0.01, 0, nesterov).withMaxIterations(3000))
                .optimize(new FactorizedObjective(op, y, n), u0, null);
            assertThat(mo.iterations()).isEqualTo(gd.iterations());
            assertThat(mo.u()).isEqualTo(gd.u());
            assertThat(Double.doubleToRawLongBits(mo.loss())).isEqualTo(Double.doubleToRawLongBits(gd.loss()));
        }
        OptimizationResult hb = new MomentumDescent(MomentumDescent.Options.of(0.01, 0.5, false).withMaxIterations(3000))
            .optimize(new FactorizedObjective(op, y, n), u0, null);
        assertThat(hb.u()).isNotEqualTo(gd.u());
    }
}

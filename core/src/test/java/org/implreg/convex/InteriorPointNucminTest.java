package org.implreg.convex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.implreg.linalg.Linalg;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;

class InteriorPointNucminTest {
    /** Certificate tolerance requested in these tests. */
    static final double TOL = 1e-8;
    /** Exact recovery: ‖X − X*‖_F/‖X*‖_F. */
    static final double RECOVERY_TOL = 1e-6;

    private static NucminResult solve(Problem p) {
        return new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(TOL)).optimize(p, IterationListener.NONE);
    }

    private static Problem completion(int n, int[] rows, int[] cols, double[] y) {
        return new Problem(new CompletionOperator(n, rows, cols), y, null, Map.of());
    }

    @Test
    void recoversLowRankFromGaussianMeasurementsExactly() {
        // n = 20, r = 2, m = 3nr = 120 Gaussian measurements: the exact recovery regime.
        Problem p = ProblemGenerator.generate(new ProblemSpec(20, 2, 120, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 7);
        NucminResult r = solve(p);
        assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.certificate().holds(TOL)).isTrue();
        assertThat(Linalg.distance(r.x(), p.xStar()) / Linalg.norm(p.xStar())).isLessThan(RECOVERY_TOL);
    }

    /** The polished face: the rank-k solution to rounding (issue 19). */
    static final double POLISHED_RECOVERY_TOL = 1e-12;

    @Test
    void purificationPolishesTheFaceToTheExactSolutionEvenAtALooseTolerance() {
        // the same exact-recovery problem stopped at tol 1e-4 (the iterate is ~1e-4 accurate): the purified face,
        // polished by Gauss–Newton, is X* itself to rounding, however loose the tolerance that found it
        Problem p = ProblemGenerator.generate(new ProblemSpec(20, 2, 120, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 7);
        for (double tol : new double[] {1e-4, TOL}) {
            NucminResult r = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(tol))
                .optimize(p, IterationListener.NONE);
            assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
            assertThat(r.criterion()).as("tol %s", tol).endsWith("(purified to rank 2)");
            assertThat(Linalg.distance(r.x(), p.xStar()) / Linalg.norm(p.xStar())).as("tol %s", tol)
                .isLessThan(POLISHED_RECOVERY_TOL);
        }
    }

    @Test
    void aRunThatStallsOnADegenerateCompletionIsStillCertifiedByNewtonOnItsFace() {
        // 25 power-law entries of a 50×50 rank-2 matrix: the interior point at tol 1e-7 stalls with complementarity
        // ~1e-6 on OpenBLAS (X or Z loses definiteness); Newton on the KKT system of the rank-6 face it found ends
        // at a certificate of ~1e-15. Minimum 0.3419167002324748 (OpenBLAS 0.3.21 and 0.3.31; pure Java, which
        // certifies without Newton there, 0.34191670023247617)
        Problem p = ProblemGenerator.generate(new ProblemSpec(50, 2, 25, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.POWER_LAW, 0, 1), 1);
        NucminResult r = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(1e-7))
            .optimize(p, IterationListener.NONE);
        assertThat(r.stopReason()).as(r.criterion()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.criterion()).contains("purified to rank 6");
        assertThat(r.certificate().worst()).isLessThanOrEqualTo(1e-7);
        assertThat(r.certificate().primalObjective()).isCloseTo(0.3419167002324748, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void certificateHoldsOnCompletion() {
        for (var meas : new ProblemSpec.Measurement[] {ProblemSpec.Measurement.UNIFORM, ProblemSpec.Measurement.POWER_LAW}) {
            Problem p = ProblemGenerator.generate(new ProblemSpec(15, 2, 60, ProblemSpec.Planted.LOW_RANK, meas, 0, 1), 3);
            NucminResult r = solve(p);
            assertThat(r.stopReason()).as(meas.key()).isEqualTo(StopReason.CONVERGED);
            NucminCertificate c = r.certificate();
            assertThat(c.primalResidual()).isLessThanOrEqualTo(TOL);
            assertThat(c.dualInfeasibility()).isLessThanOrEqualTo(TOL);
            assertThat(c.complementarity()).isLessThanOrEqualTo(TOL);
            assertThat(c.dualityGap()).isLessThanOrEqualTo(TOL);
        }
    }

    @Test
    void diagonalMeasurementsHaveTheClosedForm() {
        // X_ii = a_i for all i: the only freedom is off-diagonal, min trace is Σ a_i at X = diag(a).
        double[] a = {0.5, 2.0, 1e-3, 3.0};
        int n = a.length;
        int[] idx = {0, 1, 2, 3};
        NucminResult r = solve(completion(n, idx, idx, a));
        assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.certificate().primalObjective()).isCloseTo(5.501, org.assertj.core.data.Offset.offset(1e-7));
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertThat(r.x()[i + j * n]).isCloseTo(i == j ? a[i] : 0.0, org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    @Test
    void reportsAnEntryPatternWithNoPsdCompletionAsInfeasible() {
        // X_11 = 1, X_22 = 1, X_12 = 2: every completion has a negative eigenvalue.
        NucminResult r = solve(completion(2, new int[] {0, 1, 0}, new int[] {0, 1, 1}, new double[] {1, 1, 2}));
        assertThat(r.stopReason()).isEqualTo(StopReason.INFEASIBLE);
        assertThat(r.x()).isNull();
        assertThat(r.infeasibilityMeasure()).isLessThanOrEqualTo(1e-8);
        // Farkas: yᵀv = 1
        assertThat(r.v()[0] + r.v()[1] + 2 * r.v()[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void reportsANegativeDiagonalAsInfeasible() {
        NucminResult r = solve(completion(3, new int[] {0, 1}, new int[] {0, 1}, new double[] {1, -0.5}));
        assertThat(r.stopReason()).isEqualTo(StopReason.INFEASIBLE);
    }

    @Test
    void inconsistentDuplicateMeasurementsAreInfeasibleConsistentOnesAreDropped() {
        NucminResult bad = solve(completion(3, new int[] {0, 0, 1}, new int[] {1, 1, 1}, new double[] {0.5, 0.7, 1}));
        assertThat(bad.stopReason()).isEqualTo(StopReason.INFEASIBLE);
        assertThat(bad.criterion()).contains("inconsistent");
        NucminResult ok = solve(completion(3, new int[] {0, 0, 1, 0}, new int[] {1, 1, 1, 0}, new double[] {0.5, 0.5, 1, 1}));
        assertThat(ok.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(ok.certificate().primalObjective()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-7));
    }
}

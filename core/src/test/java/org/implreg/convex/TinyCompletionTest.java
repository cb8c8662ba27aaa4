package org.implreg.convex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/**
 * The closed-form 3×3 PSD completion against an independent solver (implreg's interior point, which
 * decides feasibility by its own Farkas test) on instances of the Figure 4 grid, and its certificates
 * checked from (X, v) alone.
 */
class TinyCompletionTest {
    /** Certificate tolerance of the closed form (double rounding of rationals with denominator 9). */
    static final double CERT_TOL = 1e-9;
    /** Agreement of the two solvers' optimal values (interior point at tol 1e-9). */
    static final double VALUE_TOL = 1e-6;

    /** The 15 masks: 4 of the 6 upper-triangle entries (p ≤ q) of a 3×3 matrix. */
    static List<int[][]> masks() {
        List<int[][]> out = new ArrayList<>();
        for (int k = 0; k < org.implreg.grid.PsdCompletionGrid.MASKS; k++) {
            out.add(org.implreg.grid.PsdCompletionGrid.mask(k));
        }
        return out;
    }

    @Test
    void agreesWithTheInteriorPointOnSixHundredGridInstances() {
        RandomGenerator rng = Rng.stream(11, "tiny-completion-test");
        List<int[][]> masks = masks();
        assertThat(masks).hasSize(15);
        int feasible = 0;
        int infeasible = 0;
        int compared = 0;
        int stalled = 0;
        for (int inst = 0; inst < 600; inst++) {
            int[][] mask = masks.get(inst % 15);
            long[] num = new long[4];
            for (int t = 0; t < 4; t++) {
                num[t] = 2L * rng.nextInt(10) - 9; // linspace(-1, 1, 10) = (2i - 9)/9
            }
            TinyCompletion.Result r = TinyCompletion.solve(mask[0], mask[1], num, 9);
            CompletionOperator op = new CompletionOperator(3, mask[0], mask[1]);
            double[] y = new double[4];
            for (int t = 0; t < 4; t++) {
                y[t] = num[t] / 9.0;
            }
            if (r.feasible()) {
                feasible++;
                assertThat(r.certificate().holds(CERT_TOL)).as("inst %d: %s", inst, r.certificate()).isTrue();
                assertThat(r.certificate().primalObjective()).isCloseTo(r.minTrace(), org.assertj.core.data.Offset.offset(1e-12));
            } else {
                infeasible++;
                if (r.v() != null) {
                    double[] s = new double[9];
                    op.adjoint(r.v(), s);
                    double[] ev = SymmetricEigen.eigenvalues(s, 3);
                    double yv = 0;
                    for (int t = 0; t < 4; t++) {
                        yv += y[t] * r.v()[t];
                    }
                    assertThat(ev[2]).as("Farkas: A*(v) ⪰ 0, inst %d", inst).isGreaterThanOrEqualTo(-1e-12);
                    assertThat(yv).as("Farkas: yᵀv < 0, inst %d", inst).isNegative();
                }
            }
            if (r.boundary()) {
                continue; // no strictly feasible point: an interior-point method cannot decide these reliably
            }
            compared++;
            NucminResult ip = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(1e-9))
                .optimize(op, y, IterationListener.NONE);
            assertThat(ip.stopReason() == StopReason.INFEASIBLE).as("inst %d feasibility (closed form: %s)", inst, r.reason())
                .isEqualTo(!r.feasible());
            if (r.feasible() && ip.stopReason() == StopReason.CONVERGED) {
                assertThat(ip.certificate().primalObjective()).as("inst %d", inst)
                    .isCloseTo(r.minTrace(), org.assertj.core.data.Offset.offset(VALUE_TOL * Math.max(1, r.minTrace())));
            } else if (r.feasible()) {
                // the interior point stalled short of its tolerance: its proven lower bound must still hold
                stalled++;
                assertThat(r.minTrace()).as("inst %d", inst).isGreaterThanOrEqualTo(ip.certificate().lowerBound() - 1e-9)
                    .isLessThanOrEqualTo(ip.certificate().primalObjective() + 1e-3);
            }
        }
        // the interior point stalls near its tolerance on ~1 in 9 of these degenerate 3×3 instances (its
        // gap stays ~1e-5); there its lower bound brackets the closed form, which is certified anyway
        assertThat(stalled).isLessThan(compared / 4);
        assertThat(compared).isGreaterThanOrEqualTo(500);
        assertThat(feasible).isGreaterThan(50);
        assertThat(infeasible).isGreaterThan(50);
    }

    @Test
    void closedFormsOfTheFourCases() {
        // all diagonals and X_12: trace fixed; X_12² = X_11·X_22 is a boundary case
        TinyCompletion.Result a = TinyCompletion.solve(new int[] {0, 1, 2, 0}, new int[] {0, 1, 2, 1}, new long[] {1, 1, 4, 1}, 1);
        assertThat(a.feasible()).isTrue();
        assertThat(a.boundary()).isTrue();
        assertThat(a.minTrace()).isEqualTo(6.0);
        // X_11 = 1 with all off-diagonals (p, q, s) = (1, 2, 0): 1 + 1 + 4 + 2|0 − 2| = 10
        TinyCompletion.Result c = TinyCompletion.solve(new int[] {0, 0, 0, 1}, new int[] {0, 1, 2, 2}, new long[] {1, 1, 2, 0}, 1);
        assertThat(c.minTrace()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-12));
        // X_11 = 1, X_22 = 4, X_13 = 3, X_23 = 2 (X_33, X_12 free): 5 + max(9, 1) = 14
        TinyCompletion.Result b1 = TinyCompletion.solve(new int[] {0, 1, 0, 1}, new int[] {0, 1, 2, 2}, new long[] {1, 4, 3, 2}, 1);
        assertThat(b1.minTrace()).isCloseTo(14.0, org.assertj.core.data.Offset.offset(1e-12));
        // X_11 = 1, X_22 = 4, X_12 = 1, X_23 = 2 (X_33, X_13 free): 5 + 4/4 = 6
        TinyCompletion.Result b2 = TinyCompletion.solve(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 2}, new long[] {1, 4, 1, 2}, 1);
        assertThat(b2.minTrace()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-12));
        // X_12² > X_11·X_22: infeasible with a Farkas vector
        TinyCompletion.Result bad = TinyCompletion.solve(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 2}, new long[] {1, 1, 2, 0}, 1);
        assertThat(bad.feasible()).isFalse();
        assertThat(bad.reason()).contains("X_12²");
    }
}

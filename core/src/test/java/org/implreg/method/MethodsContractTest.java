package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.implreg.convex.Csdp;
import org.implreg.linalg.Linalg;
import org.implreg.run.IterationListener;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;

/**
 * Every registered method honours the solve contract on a small problem: a stop reason, a symmetric
 * n×n X with finite metrics, the effective parameters, the listener seeing iteration 0, and settings
 * it does not know rejected. A new method in {@link Methods} is covered without touching this test.
 */
class MethodsContractTest {
    static final double SYMMETRY_TOL = 1e-12;

    @Test
    void everyMethodHonoursTheSolveContract() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(6, 1, 18, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
        List<String> checked = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (m.name().equals("csdp") && Csdp.executable().isEmpty()) {
                continue; // the CSDP oracle test covers it where csdp is installed
            }
            double step = switch (m.name()) {
                case "gd" -> 1e-2;
                case "deep" -> 1e-2;
                case "toe" -> 0.1;
                default -> Double.NaN;
            };
            SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, step, 1).withMaxIterations(m.name().equals("flow") ? 200_000L : 20_000L)
                .withTol(1e-3);
            long[] first = {-1};
            SolveReport r = m.solve(p, s, st -> {
                if (first[0] < 0) {
                    first[0] = st.iteration();
                }
            });
            assertThat(r.method()).isEqualTo(m.name());
            assertThat(r.result().stopReason()).as(m.name()).isNotNull();
            double[] x = r.result().x();
            assertThat(x).as(m.name()).hasSize(36);
            assertThat(Linalg.allFinite(x)).as(m.name()).isTrue();
            assertThat(Linalg.asymmetry(x, 6)).as(m.name()).isLessThanOrEqualTo(SYMMETRY_TOL * Math.max(1, Linalg.norm(x)));
            assertThat(r.metrics().nuclearNorm()).as(m.name()).isFinite();
            assertThat(r.used()).as(m.name()).isNotEmpty();
            if (!m.name().equals("csdp")) { // an external process: no iterations to show
                assertThat(first[0]).as(m.name() + " listener").isIn(0L, 1L);
            }
            checked.add(m.name());
        }
        assertThat(checked).contains("gd", "xgd", "flow", "toe", "nucmin", "deep");
    }

    @Test
    void unknownOptionsAreRejectedByEveryMethodThatReadsOptions() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(4, 1, 8, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
        for (Method m : Methods.all().values()) {
            SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, 1e-2, 1).withOption("no_such_option", "1");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.solve(p, s, IterationListener.NONE)).as(m.name())
                .isInstanceOf(org.implreg.InvalidInputException.class);
        }
    }
}

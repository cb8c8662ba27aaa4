package org.implreg.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveReport;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quick preset's deep (depth 3) row says something: on well-sampled instances (m ≥ 0.87·D, far right of every
 * rank's transition, where the certified minimum recovers X*) deep GD from its preset initialization fits the data
 * within its budget and recovers X* at the atlas's success tolerance. With the former row (Gaussian layers,
 * ‖W(0)‖_F = 0.01, 10,000 steps, tol 1e-5) every one of these ran out of budget (not converged): the small components
 * left by the initialization decay only polynomially under depth-3 GD (see {@link AtlasSpecs}).
 */
class AtlasDeepPresetTest {
    private static final String DEEP = "deep N=3";

    @ParameterizedTest
    @CsvSource({"1, 48, 0", "2, 53, 0", "3, 53, 1"})
    void quickPresetDeepRowRecoversWellSampledInstances(int rank, int m, int trial) {
        AtlasSpec spec = AtlasSpecs.preset("quick");
        AtlasSpec.Solver row = spec.solvers().stream().filter(s -> s.label().equals(DEEP)).findFirst().orElseThrow();
        AtlasTask task = new AtlasTask(spec, rank, m, trial);
        Problem p = task.problem();
        SolveReport r = Methods.get(row.method(), ProblemKind.SYMMETRIC)
            .solve(p, row.settings(spec.instanceSeed(rank, m, trial), spec.maxIter()), IterationListener.NONE);

        assertThat(r.result().stopReason()).as("deep fits the data within its budget").isEqualTo(StopReason.CONVERGED);
        assertThat(r.metrics().relativeError()).as("‖X − X*‖_F/‖X*‖_F").isLessThanOrEqualTo(spec.successTol());
        assertThat(AtlasTask.outcome(r.metrics().relativeError(), spec.successTol(), r)).isEqualTo(AtlasRecord.Outcome.RECOVERED);
    }
}

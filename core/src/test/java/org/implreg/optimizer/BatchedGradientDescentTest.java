package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.implreg.TestProblems;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;
import org.implreg.run.OptimizationResult;

class BatchedGradientDescentTest {
    /** Batched and single runs differ only in summation order inside BLAS. */
    static final double AGREEMENT_TOL = 1e-9;

    @Test
    void batchedRunsMatchSingleRuns() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(10, 2), 2);
        GradientDescent.Options o = GradientDescent.Options.fixedStep(0.05).withMaxIterations(4000).withTol(1e-4);
        List<double[]> inits = new ArrayList<>();
        double[] scales = {1e-4, 1e-2, 1.0, 1e-3, 0.1};
        for (int i = 0; i < scales.length; i++) {
            inits.add(Initializers.gaussian(10, 6, scales[i], Rng.stream(i, "batch")));
        }
        List<OptimizationResult> batch = new BatchedGradientDescent(o).optimize((DenseSymmetricOperator) p.operator(), p.y(), 6, inits);
        for (int i = 0; i < inits.size(); i++) {
            OptimizationResult single = new GradientDescent(o).optimize(new FactorizedObjective(p, 6), inits.get(i));
            OptimizationResult b = batch.get(i);
            assertThat(b.stopReason()).isEqualTo(single.stopReason());
            assertThat(b.iterations()).isCloseTo(single.iterations(), org.assertj.core.data.Offset.offset(2L));
            assertThat(TestProblems.relDiff(b.x(), single.x())).as("run %d", i).isLessThan(AGREEMENT_TOL * 1e3);
        }
    }

    /** Runs of different widths d share one batch; each matches its single run. */
    @Test
    void runsOfDifferentWidthsShareABatch() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(10, 2), 3);
        GradientDescent.Options o = GradientDescent.Options.fixedStep(0.05).withMaxIterations(3000).withTol(1e-4);
        int[] dims = {1, 2, 10, 4, 10};
        List<double[]> inits = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            inits.add(Initializers.gaussian(10, dims[i], 1e-3, Rng.stream(i, "widths")));
        }
        List<OptimizationResult> batch = new BatchedGradientDescent(o).optimize((DenseSymmetricOperator) p.operator(), p.y(), dims, inits);
        for (int i = 0; i < dims.length; i++) {
            OptimizationResult single = new GradientDescent(o).optimize(new FactorizedObjective(p, dims[i]), inits.get(i));
            OptimizationResult b = batch.get(i);
            assertThat(b.d()).isEqualTo(dims[i]);
            assertThat(b.u()).hasSize(10 * dims[i]);
            assertThat(b.stopReason()).isEqualTo(single.stopReason());
            assertThat(TestProblems.relDiff(b.x(), single.x())).as("run %d (d = %d)", i, dims[i]).isLessThan(AGREEMENT_TOL * 1e3);
        }
    }
}

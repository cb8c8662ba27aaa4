package org.implreg.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.implreg.completion.CompletionGd;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.io.RatingsFile;
import org.implreg.optimizer.AsymmetricGradientDescent;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.problem.AsymmetricCompletion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One GD iteration on X = UVᵀ for MovieLens ua.base (943 × 1682, |Ω| = 90 570): residuals on Ω,
 * gradients 2RV and 2RᵀU by the sparse parallel kernels, the update (and the norms the stopping rules
 * need), as run by {@link AsymmetricGradientDescent}: the same iteration as
 * bench/numpy/movielens_gd.py. Each invocation runs {@value #STEPS} steps from the paper's
 * initialization; the score is per step. 6·|Ω|·d flops a step: 0.51 GFLOP at d = 943.
 * Run: see docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class MovieLensGdBenchmark {
    static final int STEPS = 10;

    @Param({"943", "100"})
    int d;

    @Param({"../shared/data/ml-100k/ua.base"})
    String ratings;

    AsymmetricFactorizedObjective f;
    double[] u0;
    double[] v0;
    AsymmetricGradientDescent gd;

    @Setup
    public void setup() {
        AsymmetricCompletion c = RatingsFile.read(Path.of(ratings), 943, 1682);
        f = new AsymmetricFactorizedObjective(c, d);
        double[][] uv = CompletionGd.initialFactors(943, 1682, new CompletionGd.Options(d, 5e-4, 1e-3, 1e-2, 10, 1, 1, 0, 1));
        u0 = uv[0];
        v0 = uv[1];
        gd = new AsymmetricGradientDescent(GradientDescent.Options.fixedStep(5e-4).withTol(0).withStationaryTol(0)
            .withMaxIterations(STEPS));
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double step() {
        return gd.optimize(f, u0, v0, IterationListener.NONE).loss();
    }
}

package org.implreg.bench;

import java.util.concurrent.TimeUnit;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.problem.Rng;
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
 * One GD iteration of a depth-N factorization W = W_N ⋯ W_1 (n×n layers) on ½‖W − Ŵ‖²_F: the
 * prefixes, the loss gradient, the back-propagated layer gradients (3N − 2 products) and the update,
 * as run by {@link DeepGradientDescent}; the same iteration as bench/numpy/deep_iteration.py. Each
 * invocation runs {@value #STEPS} steps; the score is per step. Run: see docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class DeepGdBenchmark {
    static final int STEPS = 20;

    @Param({"3"})
    int depth;

    @Param({"100"})
    int n;

    DeepFactorization f;
    double[][] init;
    DeepGradientDescent gd;

    @Setup
    public void setup() {
        double[] target = Rng.gaussian(Rng.stream(1, "bench-target"), n * n);
        int[] dims = DeepFactorization.squareDims(n, depth);
        f = new DeepFactorization(EndToEndLoss.full(target, n, n), dims);
        init = DeepInitializers.gaussian(dims, 1e-3, Rng.stream(1, "bench-init"));
        gd = new DeepGradientDescent(DeepGradientDescent.Options.fixed(1e-3, STEPS));
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double step() {
        return gd.optimize(f, init, null).loss();
    }
}

package org.implreg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.optimizer.BatchedGradientDescent;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One gradient-descent iteration on f(U) = ‖𝒜(UUᵀ) − y‖², symmetric Gaussian sensing,
 * n = 50, m = 300, d = 50 (the same iteration as bench/numpy/gd_iteration.py).
 *
 * <ul>
 *   <li>{@code single}: one run (residual via the fused 𝒜(UUᵀ), gradient 4𝒜*(r)U, update).</li>
 *   <li>{@code batched}: {@value #BATCH} independent runs sharing the operator; the score is per run
 *   and iteration (OperationsPerInvocation).</li>
 * </ul>
 * Run: see docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class GdIterationBenchmark {
    static final int BATCH = 16;

    @Param({"50"})
    int n;

    @Param({"300"})
    int m;

    @Param({"50"})
    int d;

    FactorizedObjective f;
    double[] u;
    double[] r;
    double[] g;
    double eta = 1e-3;
    BatchedGradientDescent.Batch batch;

    @Setup(Level.Trial)
    public void setup() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(n, 2, m, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 1);
        f = new FactorizedObjective(p, d);
        u = Initializers.gaussian(n, d, 1e-4, Rng.stream(1, "bench"));
        r = new double[m];
        g = new double[n * d];
        List<double[]> inits = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            inits.add(Initializers.gaussian(n, d, 1e-4, Rng.stream(i, "bench")));
        }
        // never stops: tol 0, no stationarity test, huge cap
        GradientDescent.Options o = new GradientDescent.Options(eta, false, Long.MAX_VALUE, 0, 0, 1e300);
        batch = new BatchedGradientDescent.Batch((DenseSymmetricOperator) p.operator(), p.y(), d, inits, o);
    }

    @Benchmark
    public double single() {
        double loss = f.residual(u, r);
        f.gradient(u, r, g);
        for (int i = 0; i < u.length; i++) {
            u[i] -= eta * g[i];
        }
        return loss;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean batched() {
        return batch.step();
    }
}

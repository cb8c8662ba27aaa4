package org.implreg.bench;

import java.util.concurrent.TimeUnit;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.SpectralFunctions;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.optimizer.MirrorDescent;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
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
 * One mirror-descent step ({@code md}, spectral entropy) against one gradient-descent step ({@code gd}, X = UUᵀ, d = n), issue
 * 31's speed requirement: symmetric Gaussian sensing, n = 50, m = 750. Whole runs of {@value #STEPS} steps through the library's
 * own loops ({@link MirrorDescent#optimize}, {@link GradientDescent#optimize}: tol 0, so every step is taken), scored per step;
 * then the parts of an md step alone: 𝒜(X) ({@code apply}), 𝒜*(r) ({@code adjoint}), the eigendecomposition of Φ
 * ({@code eigen}, LAPACK dsyevd) and X = V diag(exp λ) Vᵀ ({@code reconstruct}). Run: see docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class MirrorDescentStepBenchmark {
    static final int STEPS = 100;

    @Param({"50"})
    int n;

    @Param({"750"})
    int m;

    Problem p;
    MeasurementOperator op;
    double[] u0;
    double[] x;
    double[] phi;
    double[] r;
    double[] g;
    SymmetricEigen eig;
    MirrorDescent md;
    GradientDescent gd;

    @Setup(Level.Trial)
    public void setup() {
        p = ProblemGenerator.generate(new ProblemSpec(n, 5, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1), 1);
        op = p.operator();
        u0 = Initializers.gaussian(n, n, 1e-3, Rng.stream(1, "bench"));
        // never stop early: tol 0, no stationarity test, the cap at STEPS
        md = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, 0.05, 1e-3).withTol(0).withStationaryTol(0)
            .withMaxIterations(STEPS));
        gd = new GradientDescent(GradientDescent.Options.fixedStep(1e-3).withTol(0).withMaxIterations(STEPS));
        x = md.optimize(p, IterationListener.NONE).x(); // a mid-run X and Φ = log X for the parts
        phi = SpectralFunctions.log(x, n);
        r = new double[m];
        g = new double[n * n];
        eig = SymmetricEigen.decompose(phi, n, true);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double mdStep() {
        return md.optimize(p, IterationListener.NONE).loss();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double gdStep() {
        return gd.optimize(new FactorizedObjective(p, n), u0, IterationListener.NONE).loss();
    }

    @Benchmark
    public double[] apply() {
        op.apply(x, r);
        return r;
    }

    @Benchmark
    public double[] adjoint() {
        op.adjoint(r, g);
        return g;
    }

    @Benchmark
    public SymmetricEigen eigen() {
        return SymmetricEigen.decompose(phi, n, true);
    }

    @Benchmark
    public double[] reconstruct() {
        return SpectralFunctions.apply(eig, n, Math::exp);
    }
}

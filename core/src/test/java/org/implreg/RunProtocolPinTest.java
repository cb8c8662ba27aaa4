package org.implreg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.flow.TimeOrderedExponential;
import org.implreg.linalg.BlasBackend;
import org.implreg.linalg.Linalg;
import org.implreg.completion.CompletionGd;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.optimizer.AsymmetricGradientDescent;
import org.implreg.optimizer.BatchedGradientDescent;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.optimizer.ProjectedGradientDescent;
import org.implreg.optimizer.UduGradientDescent;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.OptimizationResult;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact output of every iterative loop (issue 16: one run protocol) on small seeded problems:
 * every double of the result (final U, X, loss, training error, gradient norm), the counts, the stop
 * reason and criterion text, and every state the listener saw (all its doubles and the live point), are
 * folded into a 64-bit fingerprint of their IEEE bit patterns ({@link Double#doubleToLongBits}: every NaN
 * as the one canonical NaN, since Java leaves the sign and payload of a NaN that arithmetic makes to the
 * CPU and the JIT's choice of instructions: the same run gave 0xfff8… by default and 0x7ff8… with
 * {@code -XX:UseAVX=0} on the same x86 machine).
 * The values were first recorded from the loops as they were before the shared {@code IterativeDriver};
 * a change that moves one bit of any loop fails this test. Wall-clock seconds are left out.
 *
 * <p>The pins hold on every machine (issue 29; they used to be compared only on the one CPU and BLAS of
 * the recording, and were skipped everywhere else). The loops run in a child JVM ({@link #pinnedJvm})
 * whose arithmetic is fixed by the Java language, not by the CPU:
 * <ul>
 *   <li>BLAS and LAPACK are netlib's pure Java ({@code -Dimplreg.blas=java}: {@code Java11BLAS}, scalar
 *       loops and {@link Math#fma}, which is correctly rounded by specification; {@code VectorBLAS}, whose
 *       sums would follow the CPU's vector width, is not loaded because the child has no
 *       {@code jdk.incubator.vector}). A native BLAS (OpenBLAS picks its kernels by CPU) is never used.</li>
 *   <li>Java's double arithmetic is IEEE 754 round-to-nearest in every expression (strict since Java 17,
 *       JEP 306), interpreted or compiled.</li>
 *   <li>{@code Math.exp}, {@code log}, {@code log10}, {@code pow}, {@code sin}, {@code cos}, {@code tan} may
 *       differ from the exact result by 1 ulp and HotSpot replaces them by per-architecture stubs, so the
 *       child disables those intrinsics ({@link #DETERMINISTIC_MATH}); the methods then return
 *       {@link StrictMath}'s values, which the Java specification fixes bit for bit (fdlibm).</li>
 * </ul>
 * The child also reports which BLAS/LAPACK classes it ran on ({@code backend}) and a fingerprint of the
 * kernels on fixed data ({@code kernels}, no code under test), so a platform that broke one of these
 * guarantees shows it there first. Run with {@code -Dimplreg.pin.print=true} to print fresh values.
 */
class RunProtocolPinTest {

    /**
     * HotSpot intrinsics of the {@link Math} functions that the specification allows 1 ulp of error: the
     * child JVM turns them off so that each returns {@link StrictMath}'s (fdlibm's) value on every CPU.
     */
    static final List<String> DETERMINISTIC_MATH = List.of("-XX:+UnlockDiagnosticVMOptions",
        "-XX:DisableIntrinsic=_dexp,_dlog,_dlog10,_dpow,_dsin,_dcos,_dtan");

    /** How long the child JVM may take (it needs a few seconds; the bound only keeps a hung child from hanging the build). */
    static final long CHILD_TIMEOUT_SECONDS = 600;

    /** Prefix of the child's result lines on its standard output. */
    static final String PIN_LINE = "PIN\t";

    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // pure-Java BLAS/LAPACK, StrictMath functions (issue 29): the same stop reasons and counts as the
        // native OpenBLAS recording on AMD EPYC, other low-order bits
        EXPECTED.put("backend", "JAVA Java11BLAS F2jLAPACK");
        EXPECTED.put("kernels", "cdf35a2d6700bea5");
        EXPECTED.put("gd-fixed", "CONVERGED [train_error <= 1.0E-4] k=406 loss=3e45262edf0ae330 result=ccd0c644bad3b44d trace=eebfcea44592ca39/27676");
        EXPECTED.put("gd-line-search", "MAX_ITER [iterations >= 2000] k=2000 loss=3e01213f19d56d03 result=7a814218dd036980 trace=bc02a191c0e50e46/136068");
        EXPECTED.put("gd-stationary", "CONVERGED [relative_change <= 1.0E-6] k=469 loss=3e0382b791adcbde result=f71bdbe9afa1c610 trace=85bb0fb4195d504c/31960");
        EXPECTED.put("gd-max-iter", "MAX_ITER [iterations >= 50] k=50 loss=3ff0428768a0ad39 result=da9bbdb391622a39 trace=d0fdf50256b2966a/3468");
        EXPECTED.put("gd-diverged", "DIVERGED [loss > 1.1827882456810586E8] k=2 loss=4344eaa5499e687f result=58daa5384ed41f5c trace=ea50384be67c8b82/204");
        EXPECTED.put("gd-non-finite", "NON_FINITE [loss is NaN] k=1 loss=7ff8000000000000 result=f90b160ad83562ff trace=b592f0e045eca9d2/68");
        EXPECTED.put("pgd", "MAX_ITER [iterations >= 300] k=300 loss=3e60fcedf8d932ab result=3326d72010806f4c trace=a3897a684f91afed/32508");
        EXPECTED.put("pgd-diverged", "DIVERGED [loss > 1.0162624421841322E8] k=3 loss=41b267e403ea8e5a result=022b0484cd759a8a trace=7d0b70016dfb9b7d/432");
        EXPECTED.put("asym", "MAX_ITER [iterations >= 2000] k=2000 loss=3e82584614045d9a result=64ec72028e77e663 trace=c1ef447e999c80d2/114057");
        EXPECTED.put("asym-diverged", "DIVERGED [loss > 3.77E10] k=2 loss=44ead234307161da result=29686376555ce305 trace=b8d773a6aa8a0f99/171");
        EXPECTED.put("deep", "MAX_ITER [iterations >= 3000] k=3000 loss=3f6ca04dd68e2fd0 result=ed36ca95792b0f2b trace=3bb15e488d449d80/465155");
        EXPECTED.put("deep-diverged", "DIVERGED [loss > 5.930481210124283E8] k=2 loss=43c6d15a30f96fee result=e4a9cee935d28a31 trace=1dfbfb6c0dceaf44/465");
        EXPECTED.put("udu", "MAX_ITER [iterations >= 3000] k=3000 loss=3e3a87b38df26c66 result=3f80918bcd15faf8 trace=0ecd2681ea7cbc68/114038 ud=b8f936095257ca64");
        EXPECTED.put("udu-big-step", "CONVERGED [relative_change <= 1.0E-13] k=11 loss=3fe0429c681557d0 result=6fdd3ad0514910b5 trace=3fb667f56dd96a84/456 ud=bfb07f9b90812821");
        EXPECTED.put("batched", "CONVERGED [relative_change <= 1.0E-9] k=238 result=e286ade0964f19f8; CONVERGED [train_error <= 1.0E-4] k=382 result=2f264e4954136432; CONVERGED [train_error <= 1.0E-4] k=405 result=c54067929ab16d09; DIVERGED [loss > 2.3521198611080453E13] k=2 result=0b8d33044cc2e3a7; MAX_ITER [iterations >= 3000] k=3000 result=bba77a0c4118c997; ");
        EXPECTED.put("toe", "CONVERGED [train_error <= 1.0E-4] k=784 loss=3e45a11d6bc4cf21 result=9a04ce79ae258cf4 trace=aa4257c35d3d74c6/53380");
        EXPECTED.put("toe-blow-up", "NON_FINITE [loss is NaN] k=1 loss=7ff8000000000000 result=160b99e1ce90182d trace=f02f8e5073e557cd/68");
        EXPECTED.put("flow-auto", "CONVERGED [train_error <= 0.001] k=139 loss=3ea1301c7e5842e7 result=53f29151cbfbfc69 trace=ee668df33cda2411/3640 flow=3e1dbe1ced11c846");
        EXPECTED.put("flow-dp853", "CONVERGED [train_error <= 0.001] k=228 loss=3ea16e67eb42acbd result=31da2beb9d46b1c3 trace=c48ec8d9af0d9a82/5954 flow=f9225e09daf1895e");
        EXPECTED.put("flow-ros2", "MAX_ITER [evaluations >= 50000] k=24998 loss=3fde53cc84c02c51 result=a71fc97f7395f3f7 trace=c6448b4cb712ccd0/649974 flow=ff18a8ba3e1b25dd");
        // issue 20: the criterion names the run's cap (350), not the last segment's; the result hash covers the
        // criterion text, the numbers (trace, factors) are unchanged
        EXPECTED.put("completion-gd", "MAX_ITER [iterations >= 350] k=350 result=5cc1cdfff122cd97 trace=6abf674b51c9bd5c/15576");
        EXPECTED.put("method-gd", "CONVERGED [train_error <= 0.001] k=10442 loss=3ea176d989966616 result=5668418bf83f9021 trace=d355f4f06cb24de1/459492");
        EXPECTED.put("method-xgd", "CONVERGED [train_error <= 0.001] k=427 loss=3ea1769d2e7a9c57 result=a5b23562ab97b472 trace=8807b5779c529811/18832");
        EXPECTED.put("method-flow", "CONVERGED [train_error <= 0.001] k=147 loss=3ea0f141e959ca07 result=f4fc31ee2de82d2f trace=367adf5bbc50d253/6512");
        EXPECTED.put("method-toe", "CONVERGED [train_error <= 0.001] k=4003 loss=3ea1770d382c1085 result=376d3270499f2962 trace=3e8067414474c017/176176");
        // issue 19: the purification polishes the face by Gauss–Newton, tr X = 1 + 2e-16 (was 1 + 5.1e-6 at tol 1e-3)
        EXPECTED.put("method-nucmin", "CONVERGED [certificate holds at tol 0.001 (purified to rank 1)] k=5 loss=3ff0000000000000 result=ea9598877af5495f trace=39d43e142edd96a4/264");
        EXPECTED.put("method-deep", "MAX_ITER [iterations >= 20000] k=20000 loss=3f0859e4140e75d0 result=1fded61ecfa84522 trace=581f08a661197362/880044");
        EXPECTED.put("method-udu", "CONVERGED [train_error <= 0.001] k=19131 loss=3e9176ed09c272aa result=ada7ca088fca1f43 trace=3ba236e8e117e3b8/841808");
        // issue 21: GLRL's listener states carry the flow time counted across phases (was: per phase); the run is unchanged
        EXPECTED.put("method-glrl", "CONVERGED [train_error <= 0.001] k=82 loss=3e94dbcec363b670 result=cbce76fd08126dc6 trace=c5ff1f55b353a653/1184");
        EXPECTED.put("method-momentum", "CONVERGED [train_error <= 0.001] k=15208 loss=3ea176bef2f41480 result=3c3f2b6e4d3a9696 trace=7619b6b88b851bb1/669196");
        EXPECTED.put("method-gd-pm", "MAX_ITER [iterations >= 20000] k=20000 loss=3f39cda72cf53270 result=dd17af3ac3a2c8c9 trace=b63e257aed573d82/1600080");
        // issue 31: sgd (b = 1, seeded minibatches; the listener sees the evaluated iterates), adam, rmsprop
        // (sgd's trace: its relative change is now over the window since the last evaluation, not of the last minibatch step; run unchanged)
        EXPECTED.put("method-sgd", "MAX_ITER [iterations >= 20000] k=20000 loss=3ec6ef5292e38f29 result=f15aa6c044e8aa75 trace=e379b9adc36a8a36/48972");
        EXPECTED.put("method-adam", "CONVERGED [train_error <= 0.001] k=2816 loss=3ea1743048c9d9d2 result=0b2d3bea18a57599 trace=f63025688a5aa162/123948");
        EXPECTED.put("method-rmsprop", "CONVERGED [train_error <= 0.001] k=3004 loss=3ea16af3f255b268 result=c4dd4245ce5274e1 trace=852aa3afc64eae66/132220");
        EXPECTED.put("method-md", "CONVERGED [train_error <= 0.001] k=14153 loss=3ea17685a5a62a4d result=5a89524e1dd8756d trace=79fc943a8a5910ab/622776");
        EXPECTED.put("method-md-hyper", "MAX_ITER [iterations >= 20000] k=20000 loss=3ec29798371f91a2 result=e2c27dbaa268235b trace=1678642b69144bfa/880044");
    }

    /** 64-bit fingerprint of a sequence of bit patterns. */
    static final class Fp {
        long h = 0x6a09e667f3bcc908L;
        long count;

        Fp add(long v) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            count++;
            return this;
        }

        Fp add(double v) {
            return add(Double.doubleToLongBits(v));
        }

        Fp add(String s) {
            if (s == null) {
                return add(-1L);
            }
            add((long) s.length());
            for (int i = 0; i < s.length(); i++) {
                add((long) s.charAt(i));
            }
            return this;
        }

        Fp add(double[] a) {
            if (a == null) {
                return add(-2L);
            }
            add((long) a.length);
            for (double v : a) {
                add(v);
            }
            return this;
        }

        Fp add(IterationState s) {
            return add(s.iteration()).add(s.loss()).add(s.trainError()).add(s.gradientNorm()).add(s.step())
                .add(s.relativeChange()).add(s.time()).add(s.point());
        }

        Fp add(OptimizationResult r) {
            return add(r.x()).add(r.u()).add((long) r.n()).add((long) r.d()).add(r.stopReason().name()).add(r.criterion())
                .add(r.iterations()).add(r.gradientEvaluations()).add(r.loss()).add(r.trainError()).add(r.gradientNorm());
        }

        String hex() {
            return String.format("%016x", h);
        }
    }

    /** A listener that folds every state it sees into {@code fp}. */
    static IterationListener trace(Fp fp) {
        return fp::add;
    }

    static String summary(OptimizationResult r, Fp trace) {
        return r.stopReason() + " [" + r.criterion() + "] k=" + r.iterations() + " loss=" + hex(r.loss()) + " result="
            + new Fp().add(r).hex() + " trace=" + trace.hex() + "/" + trace.count;
    }

    static String hex(double v) {
        return Long.toHexString(Double.doubleToLongBits(v));
    }

    static Problem p10() {
        return ProblemGenerator.generate(ProblemSpec.paperDefault(10, 2), 2);
    }

    static Problem p6() {
        return ProblemGenerator.generate(new ProblemSpec(6, 1, 18, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
    }

    static AsymmetricCompletion randomCompletion(int n1, int n2, int m, RandomGenerator rng) {
        Set<Long> seen = new HashSet<>();
        List<int[]> e = new ArrayList<>();
        while (e.size() < m) {
            int i = rng.nextInt(n1);
            int j = rng.nextInt(n2);
            if (seen.add((long) i * n2 + j)) {
                e.add(new int[] {i, j});
            }
        }
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] vals = new double[m];
        for (int k = 0; k < m; k++) {
            rows[k] = e.get(k)[0];
            cols[k] = e.get(k)[1];
            vals[k] = 1 + rng.nextInt(5);
        }
        return new AsymmetricCompletion(n1, n2, rows, cols, vals, Map.of());
    }

    static String gd(GradientDescent.Options o, double initScale) {
        Problem p = p10();
        Fp t = new Fp();
        OptimizationResult r = new GradientDescent(o).optimize(new FactorizedObjective(p, 6),
            Initializers.gaussian(10, 6, initScale, Rng.stream(1, "pin")), trace(t));
        return summary(r, t);
    }

    static String pgd(ProjectedGradientDescent.Options o) {
        Fp t = new Fp();
        return summary(new ProjectedGradientDescent(o).optimize(p10(), trace(t)), t);
    }

    static String asym(double step, long maxIterations) {
        AsymmetricCompletion c = randomCompletion(9, 7, 30, Rng.stream(3, "pin-asym"));
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(c, 3);
        double[] u0 = Initializers.gaussian(9, 3, 0.3, Rng.stream(4, "pin-u"));
        double[] v0 = Initializers.gaussian(7, 3, 0.3, Rng.stream(4, "pin-v"));
        Fp t = new Fp();
        AsymmetricGradientDescent.Result r = new AsymmetricGradientDescent(
            GradientDescent.Options.fixedStep(step).withMaxIterations(maxIterations).withTol(1e-6))
            .optimize(f, u0, v0, (AsymmetricGradientDescent.FactorListener) (s, v) -> t.add(s).add(v));
        Fp res = new Fp().add(r.u()).add(r.v()).add(r.stopReason().name()).add(r.criterion()).add(r.iterations()).add(r.loss())
            .add(r.trainError()).add(r.gradNorm());
        return r.stopReason() + " [" + r.criterion() + "] k=" + r.iterations() + " loss=" + hex(r.loss()) + " result=" + res.hex()
            + " trace=" + t.hex() + "/" + t.count;
    }

    static String deep(double step, double scale, long maxIterations) {
        Problem p = p6();
        int[] dims = DeepFactorization.squareDims(6, 3);
        DeepFactorization f = new DeepFactorization(EndToEndLoss.sensing(p), dims);
        Fp t = new Fp();
        DeepGradientDescent.Result r = new DeepGradientDescent(DeepGradientDescent.Options.fixed(step, maxIterations).withTol(1e-4))
            .optimize(f, DeepInitializers.gaussian(dims, scale, Rng.stream(5, "pin-deep")), (s, layers) -> {
                t.add(s);
                for (double[] l : layers) {
                    t.add(l);
                }
            });
        Fp res = new Fp().add(r.w()).add(r.stopReason().name()).add(r.criterion()).add(r.iterations()).add(r.loss()).add(r.trainError());
        for (double[] l : r.layers()) {
            res.add(l);
        }
        return r.stopReason() + " [" + r.criterion() + "] k=" + r.iterations() + " loss=" + hex(r.loss()) + " result=" + res.hex()
            + " trace=" + t.hex() + "/" + t.count;
    }

    static String udu(double step) {
        Problem p = p10();
        Fp t = new Fp();
        UduGradientDescent.Result r = new UduGradientDescent(GradientDescent.Options.fixedStep(step).withMaxIterations(3000).withTol(1e-4))
            .optimize(p, Initializers.gaussian(10, 3, 0.5, Rng.stream(6, "pin-udu")), new double[] {0.1, 0.2, 0.3}, trace(t));
        return summary(r.result(), t) + " ud=" + new Fp().add(r.u()).add(r.d()).hex();
    }

    static String batched() {
        Problem p = p10();
        int[] dims = {1, 2, 6, 6, 6};
        double[] scales = {1e-3, 1e-2, 1e-3, 30, 0.5};
        List<double[]> inits = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            inits.add(Initializers.gaussian(10, dims[i], scales[i], Rng.stream(i, "pin-batch")));
        }
        GradientDescent.Options o = GradientDescent.Options.fixedStep(0.05).withMaxIterations(3000).withTol(1e-4)
            .withStationaryTol(1e-9);
        List<OptimizationResult> rs = new BatchedGradientDescent(o).optimize((DenseSymmetricOperator) p.operator(), p.y(), dims, inits);
        StringBuilder sb = new StringBuilder();
        for (OptimizationResult r : rs) {
            sb.append(r.stopReason()).append(" [").append(r.criterion()).append("] k=").append(r.iterations()).append(" result=")
                .append(new Fp().add(r).hex()).append("; ");
        }
        return sb.toString();
    }

    static String toe(double eps, long maxIterations) {
        Problem p = p10();
        Fp t = new Fp();
        OptimizationResult r = new TimeOrderedExponential(TimeOrderedExponential.Options.of(eps).withMaxIterations(maxIterations).withTol(1e-4))
            .optimize(new FactorizedObjective(p, 6), Initializers.gaussian(10, 6, 1e-2, Rng.stream(7, "pin-toe")), trace(t));
        return summary(r, t);
    }

    static String flow(GradientFlow.Integrator integrator) {
        Problem p = p6();
        Fp t = new Fp();
        FlowResult r = new GradientFlow(GradientFlow.Options.defaults().withIntegrator(integrator).withTol(1e-3).withMaxEvaluations(50_000))
            .optimize(new FactorizedObjective(p, 3), Initializers.gaussian(6, 3, 1e-2, Rng.stream(8, "pin-flow")), trace(t));
        return summary(r.result(), t) + " flow=" + new Fp().add(r.flowTime()).add(r.rejectedSteps()).add(r.jacobianBuilds())
            .add(r.linearSolves()).add(r.switchTime()).add(r.integrator()).hex();
    }

    static String method(Method m) {
        Problem p = p6();
        double step = switch (m.name()) {
            case "gd", "deep", "udu" -> 1e-2;
            case "toe" -> 0.1;
            default -> Double.NaN;
        };
        SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, step, 1)
            .withMaxIterations(m.name().equals("flow") ? 200_000L : 20_000L).withTol(1e-3);
        Fp t = new Fp();
        SolveReport r = m.solve(p, s, trace(t));
        return summary(r.result(), t);
    }

    static String completionGd() {
        AsymmetricCompletion c = randomCompletion(12, 10, 60, Rng.stream(9, "pin-cgd"));
        List<CompletionGd.State> saved = new ArrayList<>();
        CompletionGd.Checkpoints cp = new CompletionGd.Checkpoints() {
            @Override
            public Optional<CompletionGd.State> load() {
                return Optional.empty();
            }

            @Override
            public void save(CompletionGd.State s) {
                saved.add(s);
            }
        };
        Fp t = new Fp();
        CompletionGd.Result r = CompletionGd.run(c, null, new CompletionGd.Options(3, 0.01, 0.5, 1e-6, 350, 11, 10, 50, 100), cp, trace(t));
        Fp res = new Fp().add(r.u()).add(r.v()).add(r.stopReason().name()).add(r.criterion()).add(r.iterations()).add(r.trainError())
            .add(r.nuclearNorm()).add((long) saved.size());
        for (CompletionGd.PathPoint pt : r.path()) {
            res.add(pt.iteration()).add(pt.loss()).add(pt.trainError()).add(pt.testError()).add(pt.nuclearNorm());
        }
        return r.stopReason() + " [" + r.criterion() + "] k=" + r.iterations() + " result=" + res.hex() + " trace=" + t.hex() + "/" + t.count;
    }

    static Map<String, Supplier<String>> cases() {
        Map<String, Supplier<String>> c = new LinkedHashMap<>();
        c.put("gd-fixed", () -> gd(GradientDescent.Options.fixedStep(0.05).withMaxIterations(3000).withTol(1e-4), 1e-3));
        c.put("gd-line-search", () -> gd(GradientDescent.Options.lineSearch(0.5).withMaxIterations(2000).withTol(1e-6), 1e-3));
        c.put("gd-stationary", () -> gd(GradientDescent.Options.fixedStep(0.05).withMaxIterations(5000).withTol(0).withStationaryTol(1e-6), 1e-3));
        c.put("gd-max-iter", () -> gd(GradientDescent.Options.fixedStep(0.01).withMaxIterations(50).withTol(1e-4), 1e-3));
        c.put("gd-diverged", () -> gd(GradientDescent.Options.fixedStep(5.0).withMaxIterations(1000), 1.0));
        c.put("gd-non-finite", () -> gd(GradientDescent.Options.fixedStep(1e200).withMaxIterations(1000), 1.0));
        c.put("pgd", () -> pgd(ProjectedGradientDescent.Options.defaults().withMaxIterations(300).withTol(1e-4)));
        c.put("pgd-diverged", () -> pgd(ProjectedGradientDescent.Options.defaults().withStep(10).withMaxIterations(300)));
        c.put("asym", () -> asym(0.01, 2000));
        c.put("asym-diverged", () -> asym(10, 2000));
        c.put("deep", () -> deep(0.01, 0.5, 3000));
        c.put("deep-diverged", () -> deep(1.0, 5.0, 3000));
        c.put("udu", () -> udu(0.05));
        c.put("udu-big-step", () -> udu(50));
        c.put("batched", RunProtocolPinTest::batched);
        c.put("toe", () -> toe(0.1, 2000));
        c.put("toe-blow-up", () -> toe(1e3, 2000));
        c.put("flow-auto", () -> flow(GradientFlow.Integrator.AUTO));
        c.put("flow-dp853", () -> flow(GradientFlow.Integrator.DP853));
        c.put("flow-ros2", () -> flow(GradientFlow.Integrator.ROS2));
        c.put("completion-gd", RunProtocolPinTest::completionGd);
        for (Method m : Methods.all().values()) {
            // csdp needs an external program; landweber is the test-only method that core's test
            // services file registers (LandweberMethod), not one of the library's loops
            if (!m.name().equals("csdp") && !(m instanceof org.implreg.method.LandweberMethod)) {
                c.put("method-" + m.name(), () -> method(m));
            }
        }
        return c;
    }

    /**
     * A fingerprint of the BLAS/LAPACK kernels and {@link Math} functions the loops use (dgemm, dsyrk,
     * dsymm, dnrm2, ddot, dsyevd, exp, sqrt) on fixed data, computed without any code under test.
     */
    static String kernels() {
        RandomGenerator rng = Rng.stream(42, "pin-kernels");
        int n = 10;
        int d = 6;
        double[] u = Rng.gaussian(rng, n * d);
        double[] a = Rng.gaussian(rng, n * n);
        Linalg.symmetrizeFromUpper(a, n);
        double[] c = new double[n * n];
        double[] g = new double[n * d];
        Fp fp = new Fp();
        Linalg.BLAS.dgemm("N", "T", n, n, d, 1.0, u, n, u, n, 0.0, c, n);
        fp.add(c);
        Linalg.BLAS.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, c, n);
        fp.add(c);
        Linalg.BLAS.dsymm("L", "U", n, d, 4.0, a, n, u, n, 0.0, g, n);
        fp.add(g).add(Linalg.norm(g)).add(Linalg.dot(u, g));
        org.implreg.linalg.SymmetricEigen eig = org.implreg.linalg.SymmetricEigen.decompose(a, n, true);
        fp.add(eig.values()).add(eig.vectors());
        for (double v : eig.values()) {
            fp.add(Math.exp(-0.1 * v)).add(Math.sqrt(Math.abs(v)));
        }
        return fp.hex();
    }

    /**
     * Runs {@link #main} in a child JVM on this test's class path with pure-Java BLAS/LAPACK and
     * deterministic {@link Math} functions (see the class comment) and returns what it pinned, by name.
     */
    static Map<String, String> pinnedJvm() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DETERMINISTIC_MATH);
        cmd.add("-Xmx512m");
        cmd.add("-D" + BlasBackend.PROPERTY + "=java");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RunProtocolPinTest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(BlasBackend.ENV);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process child = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = child.getInputStream()) {
                out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("reading the child's output failed: ").append(e);
            }
        });
        reader.start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the pinned JVM ran longer than " + CHILD_TIMEOUT_SECONDS + " s");
        }
        reader.join();
        assertThat(child.exitValue()).as("exit status of the pinned JVM; its output:%n%s", out).isZero();
        Map<String, String> pins = new LinkedHashMap<>();
        out.toString().lines().filter(l -> l.startsWith(PIN_LINE)).forEach(l -> {
            String[] kv = l.substring(PIN_LINE.length()).split("\t", 2);
            pins.put(kv[0], kv[1]);
        });
        return pins;
    }

    /** The child JVM: prints one {@link #PIN_LINE} per pinned case, the backend and the kernels first. */
    public static void main(String[] args) {
        System.out.println(PIN_LINE + "backend\t" + Linalg.source() + " " + Linalg.BLAS.getClass().getSimpleName() + " "
            + Linalg.LAPACK.getClass().getSimpleName());
        System.out.println(PIN_LINE + "kernels\t" + kernels());
        cases().forEach((name, run) -> System.out.println(PIN_LINE + name + "\t" + run.get()));
    }

    @Test
    void everyLoopReproducesItsRecordedOutputBitForBit() throws IOException, InterruptedException {
        Map<String, String> actual = pinnedJvm();
        if (Boolean.getBoolean("implreg.pin.print") || !actual.equals(EXPECTED)) {
            actual.forEach((k, v) -> System.out.println("        EXPECTED.put(\"" + k + "\", \"" + v + "\");"));
        }
        assertThat(actual).containsExactlyEntriesOf(EXPECTED);
    }
}

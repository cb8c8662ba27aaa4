package org.implreg.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.implreg.io.Json;
import org.implreg.io.ProblemFiles;
import org.implreg.linalg.Linalg;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;

/**
 * implreg's side of the atlas throughput comparison (issue 30, item 6; driven by
 * {@code bench/numpy/atlas_baseline.py}, which runs the NumPy/SciPy side on the very same files). One
 * atlas instance is: read a Gaussian-sensing problem file (planted rank-r PSD X*, ‖X*‖_F = 1,
 * A_i = (G_i + G_iᵀ)/(2√m)), solve the certified minimum nuclear norm (min tr X s.t. 𝒜(X) = y, X ⪰ 0,
 * method "nucmin") and the gradient flow U̇ = −∇f(U), f(U) = ‖𝒜(UUᵀ) − y‖², d = n, from
 * ‖U₀‖_F = α for every α given (method "flow", stopped at the training error ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol).
 * All in one JVM, so JVM start-up is not counted.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.implreg.bench.AtlasInstances generate DIR n ranks ms trials
 *     # writes DIR/n{n}-r{r}-m{m}-t{t}.npz exactly as `implreg problem --n n --rank r --m m --seed S` does,
 *     # S = 10000·r + m·10 + t (ranks, ms: comma-separated)
 * OPENBLAS_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.implreg.bench.AtlasInstances solve OUT.json threads passes alphas tol FILE...
 *     # solves every FILE `passes` times on `threads` threads (pass 1 includes JIT warm-up), writes per pass
 *     # the wall seconds and, for the last pass, per instance: seconds, nucmin's value and X, each flow's U₀,
 *     # X, stop reason, training error, evaluations and the flow's extras (integrator, steps, stiff switch time)
 * </pre>
 * U₀ for α is α·G/‖G‖_F, G the Gaussian of {@code Rng.stream(seed, "init")} (seed = the problem's seed), the
 * same U₀ the "flow" method's Gaussian initialization would draw; it is passed as the given U₀ and written
 * out so that the baseline starts its flow from the identical point.
 */
public final class AtlasInstances {
    private AtlasInstances() {}

    /** The problem seed of cell (r, m) and trial t. */
    static long seed(int r, int m, int t) {
        return 10_000L * r + 10L * m + t;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("generate") && args.length == 6) {
            generate(Path.of(args[1]), Integer.parseInt(args[2]), ints(args[3]), ints(args[4]), Integer.parseInt(args[5]));
        } else if (args.length > 6 && args[0].equals("solve")) {
            double[] alphas = Arrays.stream(args[4].split(",")).mapToDouble(Double::parseDouble).toArray();
            List<Path> files = Arrays.stream(args, 6, args.length).map(Path::of).toList();
            solve(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), alphas, Double.parseDouble(args[5]), files);
        } else {
            throw new IllegalArgumentException("usage: generate DIR n ranks ms trials | solve OUT.json threads passes alphas tol FILE...");
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static void generate(Path dir, int n, int[] ranks, int[] ms, int trials) throws Exception {
        Files.createDirectories(dir);
        for (int r : ranks) {
            for (int m : ms) {
                for (int t = 0; t < trials; t++) {
                    ProblemSpec spec = new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1);
                    long seed = seed(r, m, t);
                    Path out = dir.resolve(String.format(Locale.ROOT, "n%d-r%d-m%d-t%d.npz", n, r, m, t));
                    ProblemFiles.write(ProblemGenerator.generate(spec, seed), out, false);
                    System.out.println(out + " seed " + seed);
                }
            }
        }
    }

    static void solve(Path out, int threads, int passes, double[] alphas, double tol, List<Path> files) throws Exception {
        List<Map<String, Object>> passRecords = new ArrayList<>();
        List<Map<String, Object>> last = null;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                List<Future<Map<String, Object>>> futures = new ArrayList<>();
                for (Path f : files) {
                    futures.add(pool.submit(() -> instance(f, alphas, tol)));
                }
                List<Map<String, Object>> records = new ArrayList<>();
                for (Future<Map<String, Object>> fu : futures) {
                    records.add(fu.get());
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> pr = new LinkedHashMap<>();
                pr.put("pass", p + 1);
                pr.put("wall_seconds", wall);
                pr.put("instances_per_second", files.size() / wall);
                passRecords.add(pr);
                System.out.printf(Locale.ROOT, "implreg pass %d: %d instances in %.3f s on %d threads (%.2f instances/s)%n",
                    p + 1, files.size(), wall, threads, files.size() / wall);
                last = records;
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("blas", Linalg.backend());
        o.put("openblas_num_threads", System.getenv("OPENBLAS_NUM_THREADS"));
        o.put("threads", threads);
        o.put("alphas", alphas);
        o.put("tol", tol);
        o.put("passes", passRecords);
        o.put("instances", last);
        Json.write(o, out);
    }

    /**
     * One atlas instance: read, nucmin, one flow per α; every solve timed, and the whole (wall seconds, and the
     * CPU seconds of this thread, which with one BLAS thread is all the instance's work: JIT and GC threads excluded).
     */
    static Map<String, Object> instance(Path file, double[] alphas, double tol) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Problem p = ProblemFiles.read(file);
        long seed = Long.parseLong(String.valueOf(p.description().get("seed")));
        int n = p.n();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("file", file.toString());
        long s0 = System.nanoTime();
        SolveReport nuc = Methods.get("nucmin").solve(p, SolveSettings.builder("nucmin").build(), IterationListener.NONE);
        Map<String, Object> nm = new LinkedHashMap<>();
        nm.put("seconds", (System.nanoTime() - s0) / 1e9);
        nm.put("value", nuc.metrics().nuclearNorm());
        nm.put("stop", nuc.result().stopReason().toString());
        nm.put("iterations", nuc.result().iterations());
        nm.put("x", nuc.result().x());
        rec.put("nucmin", nm);
        List<Map<String, Object>> flows = new ArrayList<>();
        for (double alpha : alphas) {
            double[] u0 = Initializers.gaussian(n, n, alpha, Rng.stream(seed, "init"));
            SolveSettings s = SolveSettings.builder("flow").initScale(alpha).tol(tol).seed(seed)
                .init(SolveSettings.Init.GIVEN, u0).build();
            long f0 = System.nanoTime();
            SolveReport fr = Methods.get("flow").solve(p, s, IterationListener.NONE);
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("alpha", alpha);
            fm.put("seconds", (System.nanoTime() - f0) / 1e9);
            fm.put("stop", fr.result().stopReason().toString());
            fm.put("train_error", fr.result().trainError());
            fm.put("evaluations", fr.result().gradientEvaluations());
            fm.put("extras", fr.extras());
            fm.put("u0", u0);
            fm.put("x", fr.result().x());
            flows.add(fm);
        }
        rec.put("flows", flows);
        rec.put("seconds", (System.nanoTime() - t0) / 1e9);
        rec.put("cpu_seconds", (mx.getCurrentThreadCpuTime() - c0) / 1e9);
        return rec;
    }
}

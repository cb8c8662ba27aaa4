package org.implreg.reproduce.chou2021;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.implreg.io.Json;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.metrics.DeepTrajectory;
import org.implreg.io.TraceFile;
import org.implreg.report.TracePlot;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.problem.Rng;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.Verdict;
import org.implreg.theory.Chou2021;
import org.knowm.xchart.XYChart;
import org.implreg.report.Charts;

/**
 * Chou, Gieshoff, Maly and Rauhut (2021), the seed's example: Ŵ ∈ ℝ^{4×4} with eigenvalues 10, 7, 5, −5
 * ({@link Chou2021#exampleTarget()}: the slides' printed matrix is inconsistent with them), L(W) =
 * ½‖W_N ⋯ W_1 − Ŵ‖²_F, α = 0.1, β = 0.05.
 *
 * <ul>
 *   <li>N = 3, identical init αI and perturbed init (eq. 9), both for {@link #STEPS_N3} steps with
 *   η = 0.9 × bound (10) (which also satisfies (8)): eigenvalue trajectories diag(VᵀW(k)V) and the
 *   effective rank; plus identical init with a 1e-8 Gaussian perturbation of the layers, which shows
 *   that Theorem 2.2's limit VΛ₊Vᵀ is not stable in floating point.</li>
 *   <li>Depth N ∈ {2, 3, 4, 5}, perturbed init, η = 0.9 × bound (10) of that N, until the relative error
 *   ‖W − Ŵ‖_F/‖Ŵ‖_F ≤ 1e-6 (cap: 1.5 × the longest scalar-recursion count).</li>
 * </ul>
 * Quick and full modes are the same (the whole reproduction takes about a minute).
 */
public final class Chou2021Reproduction implements Reproduction {
    static final double ALPHA = 0.1;
    static final double BETA = 0.05;
    static final int[] DEPTHS = {2, 3, 4, 5};
    static final long STEPS_N3 = 40_000;
    static final double DEPTH_TOL = 1e-6;
    static final double NOISE = 1e-8;
    /** A variant of the example with |λ₄| &gt; λ₃: VΛ₊Vᵀ is then a saddle that rounding escapes. */
    static final double[] SWAP_EIGENVALUES = {10, 7, 5, -6};
    static final String QUOTE = "\"Theorem 2.2: with identical initialization αI, lim W(k) = VΛ₊Vᵀ (the non-negative eigenvalues are "
        + "recovered). Theorem 3.1: with the perturbed initialization (9), lim W(k) = Ŵ; negative eigenvalues are first approximated "
        + "by (λ)₊ up to β and only then forced negative. The effective rank r(W) = ‖W‖_*/‖W‖₂ drops to one, then monotonically "
        + "increases to plateau on effective ranks of low-rank approximations of Ŵ.\" (N = 3, α = 0.1, β = 0.05)";

    private final double stepScale;

    public Chou2021Reproduction() {
        this(1);
    }

    /** Every run's step cap times {@code stepScale} (CI size: fewer steps). */
    Chou2021Reproduction(double stepScale) {
        this.stepScale = stepScale;
    }

    @Override
    public Reproduction ciSized() {
        return new Chou2021Reproduction(0.01);
    }

    @Override
    public String name() {
        return "chou2021";
    }

    @Override
    public String description() {
        return "Chou et al. 2021: deep factorization W_N⋯W_1 of the 4×4 example (eigenvalues 10, 7, 5, −5), identical vs perturbed "
            + "init, eigenvalue recovery, effective rank, depth N = 2…5";
    }

    /** One run's settings. */
    record Job(String name, int depth, String init, double eta, long maxSteps, double tol, long every, double[] lambda) {
        Job(String name, int depth, String init, double eta, long maxSteps, double tol, long every) {
            this(name, depth, init, eta, maxSteps, tol, every, Chou2021.EXAMPLE_EIGENVALUES);
        }

        Settings describe() {
            return new Settings(name, java.util.Arrays.toString(lambda), depth, init, ALPHA, init.startsWith("perturbed") ? BETA : null,
                init.equals("identical+noise") ? NOISE : null, eta, maxSteps, tol, every);
        }
    }

    /**
     * A run's settings as its row stores them (β only for the perturbed init, the noise norm only for identical+noise: null
     * otherwise).
     */
    record Settings(String name, String eigenvalues, int depth, String init, double alpha, Double beta, Double noise, double eta,
                    long maxSteps, double tol, long recordEvery) {
        /** The settings' keys in alphabetical order, as the row hash and the trace's run line name them. */
        SortedMap<String, Object> sorted() {
            return new TreeMap<>(RecordJson.toMap(this));
        }
    }

    /** A run's recorded path, column by column (one entry per recorded step k). */
    record Trajectory(long[] iteration, double[][] eigenCoordinates, double[] reconstructionError, double[] effectiveRank,
                      double[] entropyRank, double[] loss, double[] trainError, double[][] singularValues) {
        /** The coordinate of eigenvector {@code i} of Ŵ, diag(VᵀW(k)V)_i, at each recorded step. */
        double[] eigenCoordinate(int i) {
            double[] out = new double[eigenCoordinates.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = eigenCoordinates[k][i];
            }
            return out;
        }

        /** The recorded steps as doubles. */
        double[] steps() {
            double[] out = new double[iteration.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = iteration[k];
            }
            return out;
        }
    }

    /**
     * One run's row: its settings, how it stopped, ‖W − Ŵ‖_F/‖Ŵ‖_F at the end, the eigenvalues of (W + Wᵀ)/2, the asymmetry
     * ‖W − Wᵀ‖_F/‖W‖_F, and the trajectory.
     */
    record Run(Settings settings, String stopReason, long iterations, double seconds, double reconstructionError,
               double[] finalEigenvalues, double asymmetry, Trajectory trajectory) {}

    /** summary.json's settings (the N = 3 runs). */
    record SummarySettings(double alpha, double beta, double[] eigenvalues, double[] target, int depth, double eta, long steps,
                           String loss) {}

    /** The N = 3 runs' final eigenvalues. */
    record FinalEigenvalues(double[] identical, double[] perturbed,
                            @JsonProperty("identical_perturbed_1e-8") double[] identicalNoise,
                            @JsonProperty("identical_perturbed_1e-8_lambda4_minus6") double[] identicalNoiseSwapped) {}

    /** One depth's run in summary.json. */
    record DepthRun(double eta, long iterations, String stopReason, double reconstructionError, double[] finalEigenvalues,
                    double seconds) {
        static DepthRun of(Run r) {
            return new DepthRun(r.settings().eta(), r.iterations(), r.stopReason(), r.reconstructionError(), r.finalEigenvalues(),
                r.seconds());
        }
    }

    /**
     * What the theorems say about the N = 3 setting ({@link Chou2021#report}, read once into this record): the step bounds (8)
     * and (10), which ones η satisfies, c, the β condition β/(c − 1) &lt; α, and per eigenvalue Theorem 2.1's bound and the
     * scalar recursions' step counts to ε.
     */
    record Theory(int depth, double alpha, double beta, double eta, double[] eigenvalues, double spectralNorm,
                  @JsonProperty("M") double bigM, @JsonProperty("bound_8") double bound8, @JsonProperty("satisfies_8") boolean satisfies8,
                  double c, @JsonProperty("bound_10") double bound10, @JsonProperty("satisfies_10") boolean satisfies10,
                  @JsonProperty("beta_over_c_minus_1") double betaOverCMinus1, boolean satisfiesBetaCondition, double eps,
                  long maxSteps, List<TheoryEigenvalue> perEigenvalue) {}

    /** One eigenvalue λ of the theory report (a step count is null where the recursion does not reach λ's limit within the cap). */
    record TheoryEigenvalue(double lambda, @JsonProperty("theorem_2_1_bound") double theorem21Bound,
                            @JsonProperty("satisfies_2_1") boolean satisfies21, double identicalLimit, Long identicalSteps,
                            double identicalValue, Long perturbedSteps, double perturbedValue) {}

    /**
     * The theory of the N = 3 example at step η, recursions capped at {@code maxSteps}: core's {@link Chou2021#report} (an ordered
     * map, the format of {@code implreg theory}) read once into its record; a key the record does not declare fails here.
     */
    static Theory theory(double eta, long maxSteps) {
        return RecordJson.fromTree(Json.MAPPER.valueToTree(Json.sanitize(Chou2021.report(3, ALPHA, BETA, eta,
            Chou2021.EXAMPLE_EIGENVALUES, 1e-6, maxSteps))), Theory.class);
    }

    /** summary.json's files. */
    record Files(String index, String trajectories, List<String> figures) {}

    /** Chou et al.'s summary.json, key by key. */
    public record Chou2021Summary(String reproduction, String paper, String mode, SummarySettings settings,
                                  FinalEigenvalues finalEigenvalues, Map<String, DepthRun> depths, Theory theory,
                                  List<Finding> verdicts, Files files) implements Summary {}

    static List<Job> jobs() {
        return jobs(1);
    }

    /** The runs, each step cap times {@code scale} (at least 100 steps). */
    static List<Job> jobs(double scale) {
        java.util.function.LongUnaryOperator s = k -> scale == 1 ? k : Math.max(100, (long) (k * scale));
        List<Job> jobs = new ArrayList<>();
        double eta3 = 0.9 * Chou2021.bound10(3, ALPHA, 10);
        jobs.add(new Job("identical", 3, "identical", eta3, s.applyAsLong(STEPS_N3), 0, 20));
        jobs.add(new Job("perturbed", 3, "perturbed", eta3, s.applyAsLong(STEPS_N3), 0, 20));
        jobs.add(new Job("identical+noise", 3, "identical+noise", eta3, s.applyAsLong(STEPS_N3 * 5), 0, 100));
        jobs.add(new Job("identical+noise-6", 3, "identical+noise", eta3, s.applyAsLong(STEPS_N3 * 5), 0, 100, SWAP_EIGENVALUES));
        for (int n : DEPTHS) {
            double eta = 0.9 * Chou2021.bound10(n, ALPHA, 10);
            long longest = 0;
            for (double l : scale == 1 ? Chou2021.EXAMPLE_EIGENVALUES : new double[0]) { // CI size: no step count from theory
                longest = Math.max(longest, Chou2021.perturbed(n, l, ALPHA, BETA, eta, 1e-9 * Math.abs(l), 100_000_000).steps());
            }
            long cap = scale == 1 ? (long) (1.5 * longest) + 1000 : Math.max(100, (long) (scale * 100_000));
            jobs.add(new Job("depth-" + n, n, "perturbed", eta, cap, DEPTH_TOL, Math.max(1, cap / 3000)));
        }
        return jobs;
    }

    /** Runs one job and returns its record: settings, result, the trajectory as columns. */
    static Run runJob(Job j) {
        double[] v = Chou2021.exampleBasis();
        double[] target = Chou2021.fromEigen(v, j.lambda());
        int[] dims = DeepFactorization.squareDims(4, j.depth());
        DeepFactorization f = new DeepFactorization(EndToEndLoss.full(target, 4, 4), dims);
        double[][] init = switch (j.init()) {
            case "identical" -> DeepInitializers.identical(dims, ALPHA);
            case "perturbed" -> DeepInitializers.perturbed(dims, ALPHA, BETA);
            case "identical+noise" -> {
                double[][] l = DeepInitializers.identical(dims, ALPHA);
                var rng = Rng.stream(1, "chou2021-noise");
                for (double[] a : l) {
                    double[] g = Rng.gaussian(rng, a.length);
                    double s = NOISE / Linalg.norm(g);
                    for (int i = 0; i < a.length; i++) {
                        a[i] += s * g[i];
                    }
                }
                yield l;
            }
            default -> throw new IllegalArgumentException(j.init());
        };
        DeepTrajectory traj = new DeepTrajectory(j.every(), 4, 4, target, v);
        DeepGradientDescent.Options o = DeepGradientDescent.Options.fixed(j.eta(), j.maxSteps());
        DeepGradientDescent.Result r = new DeepGradientDescent(j.tol() > 0 ? o.withTol(j.tol()) : o).optimize(f, init, traj);
        // the final point, in case the run stopped between records
        double[] sym = r.w().clone();
        traj.record(new org.implreg.run.IterationState(r.iterations(), r.loss(), r.trainError(), Double.NaN, j.eta(), Double.NaN,
            r.w()));
        double[] eig = SymmetricEigen.eigenvalues(symmetrize(sym), 4);
        List<DeepTrajectory.Point> pts = traj.points();
        int len = pts.size();
        long[] it = new long[len];
        double[][] diag = new double[len][];
        double[] rec = new double[len];
        double[] er = new double[len];
        double[] ent = new double[len];
        double[] loss = new double[len];
        double[] train = new double[len];
        double[][] sv = new double[len][];
        for (int k = 0; k < len; k++) {
            DeepTrajectory.Point p = pts.get(k);
            it[k] = p.iteration();
            loss[k] = p.loss();
            train[k] = p.trainError();
            sv[k] = p.singularValues();
            diag[k] = p.basisDiagonal().clone();
            rec[k] = p.reconstructionError();
            er[k] = p.effectiveRank();
            ent[k] = p.entropyRank();
        }
        return new Run(j.describe(), r.stopReason().name(), r.iterations(), r.seconds(), r.trainError(), eig,
            Linalg.distance(r.w(), transpose(r.w())) / Linalg.norm(r.w()), new Trajectory(it, diag, rec, er, ent, loss, train, sv));
    }

    private static double[] symmetrize(double[] w) {
        double[] t = transpose(w);
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 * (w[i] + t[i]);
        }
        return w;
    }

    private static double[] transpose(double[] w) {
        double[] t = new double[16];
        Linalg.transpose(w, 4, 4, t);
        return t;
    }

    @Override
    public Chou2021Summary run(Context ctx) {
        long start = System.nanoTime();
        List<Job> jobs = jobs(stepScale);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "alpha", ALPHA, "beta", BETA,
            "target_eigenvalues", Chou2021.EXAMPLE_EIGENVALUES, "target", Chou2021.exampleTarget()));
        List<Rows.Job<Run>> tasks = new ArrayList<>();
        for (Job j : jobs) {
            tasks.add(new Rows.Job<>(j.name(), rowKey(j), () -> runJob(j)));
        }
        Map<String, Run> results = Rows.runAll(ctx, name(), Run.class, tasks);
        return report(ctx, jobs, results, provenance, start);
    }

    /**
     * The row key of a job: the hash of the reproduction's name and the job's settings in alphabetical order; "|trace": rows
     * made before the trajectories carried loss and singular values (the trace format) are recomputed.
     */
    String rowKey(Job j) {
        return Rows.hash(name() + "|" + j.describe().sorted() + "|trace");
    }

    /** Writes a job's trajectory as traces/<job>.jsonl (flow time kη; rel_error = ‖W − Ŵ‖_F/‖Ŵ‖_F; no ‖U‖) and returns it. */
    private static TraceFile.Trace writeTrace(Context ctx, Job j, Run run) {
        Trajectory tr = run.trajectory();
        List<org.implreg.metrics.TraceRecorder.Row> rows = new ArrayList<>();
        for (int k = 0; k < tr.iteration().length; k++) {
            double[] s = tr.singularValues()[k];
            double nuc = 0;
            for (double x : s) {
                nuc += x;
            }
            long it = tr.iteration()[k];
            rows.add(new org.implreg.metrics.TraceRecorder.Row(it, (double) it * j.eta(), tr.loss()[k], tr.trainError()[k],
                tr.reconstructionError()[k], nuc, tr.effectiveRank()[k], s, Double.NaN));
        }
        Map<String, Object> desc = new LinkedHashMap<>(); // the trace file's run line
        desc.put("method", "deep");
        desc.put("label", j.name());
        desc.putAll(j.describe().sorted());
        java.nio.file.Path file = ctx.dir().resolve("traces").resolve(j.name() + ".jsonl");
        AtomicFiles.write(file, TraceFile.bytes(desc, rows));
        return new TraceFile.Trace(file, desc, rows.stream().map(org.implreg.metrics.TraceRecorder.Row::describe).toList());
    }

    private Chou2021Summary report(Context ctx, List<Job> jobs, Map<String, Run> res, Provenance.Info provenance, long start) {
        double[] lambda = Chou2021.EXAMPLE_EIGENVALUES;
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        // trajectories.csv
        StringBuilder csv = new StringBuilder("run,depth,iteration,reconstruction_error,effective_rank,entropy_rank,e1,e2,e3,e4\n");
        for (Job j : jobs) {
            Trajectory r = res.get(j.name()).trajectory();
            long[] it = r.iteration();
            double[] rec = r.reconstructionError();
            double[] er = r.effectiveRank();
            double[] en = r.entropyRank();
            double[][] e = new double[4][];
            for (int i = 0; i < 4; i++) {
                e[i] = r.eigenCoordinate(i);
            }
            for (int k = 0; k < it.length; k++) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s,%s,%s,%s,%s%n", j.name(), j.depth(), it[k], rec[k], er[k], en[k],
                    e[0][k], e[1][k], e[2][k], e[3][k]));
            }
        }
        AtomicFiles.write(ctx.dir().resolve("trajectories.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        // the trajectories in the trace format of solve --trace (issue 21): traces/<run>.jsonl, drawn by implreg plot
        Map<String, TraceFile.Trace> traces = new LinkedHashMap<>();
        for (Job j : jobs) {
            traces.put(j.name(), writeTrace(ctx, j, res.get(j.name())));
        }
        SweepReport.save(TracePlot.chart(List.of(traces.get("identical"), traces.get("perturbed")), "singular_values",
            "Chou et al., N = 3: singular values of W(k) (identical and perturbed init)", "iteration"),
            ctx.dir().resolve("figures").resolve("trace-singular-values"));

        // eigenvalue trajectories, N = 3
        for (String run : List.of("identical", "perturbed", "identical+noise", "identical+noise-6")) {
            Trajectory r = res.get(run).trajectory();
            double[] lam = run.endsWith("-6") ? SWAP_EIGENVALUES : Chou2021.EXAMPLE_EIGENVALUES;
            double[] it = r.steps();
            XYChart c = Charts.chart("Chou et al., N = 3, " + run + " init: eigenvalues of W(k) in Ŵ's eigenbasis", "GD step k (log)",
                "diag(Vᵀ W(k) V)");
            c.getStyler().setXAxisLogarithmic(true);
            it = java.util.Arrays.copyOfRange(it, 1, it.length);
            for (int i = 0; i < 4; i++) {
                double[] e = r.eigenCoordinate(i);
                Charts.line(c, "λ=" + fmt(lam[i]), it, java.util.Arrays.copyOfRange(e, 1, e.length));
            }
            for (int i = 0; i < 4; i++) {
                Charts.reference(c, "→" + fmt(lam[i]), it[0], it[it.length - 1], lam[i]);
            }
            String name = "eigenvalues-" + run.replace('+', '-');
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
            figures.add(name);
            captions.put(name, run + " initialization, N = 3, η = " + fmt(jobs.get(0).eta()) + ", eigenvalues " + list(lam)
                + ": the four eigen-coordinates of W(k) (dashed: Λ)" + (run.startsWith("identical+noise")
                ? "; layers perturbed by Gaussian noise of norm 1e-8" : ""));
        }
        // effective rank
        XYChart rank = Charts.chart("Chou et al., N = 3: effective rank r(W(k)) = ‖W‖_* / ‖W‖₂", "GD step k (log)", "effective rank");
        rank.getStyler().setXAxisLogarithmic(true);
        for (String run : List.of("identical", "perturbed")) {
            Trajectory r = res.get(run).trajectory();
            double[] it = r.steps();
            double[] er = r.effectiveRank();
            double[] en = r.entropyRank();
            Charts.line(rank, run + ": ‖W‖_* / ‖W‖₂", java.util.Arrays.copyOfRange(it, 1, it.length), java.util.Arrays.copyOfRange(er, 1, er.length));
            Charts.line(rank, run + ": exp H(σ/‖σ‖₁)", java.util.Arrays.copyOfRange(it, 1, it.length), java.util.Arrays.copyOfRange(en, 1, en.length));
        }
        SweepReport.save(rank, ctx.dir().resolve("figures").resolve("effective-rank"));
        figures.add("effective-rank");
        figures.add("trace-singular-values");
        captions.put("trace-singular-values", "σ_i(W(k)) from the traces (traces/identical.jsonl, traces/perturbed.jsonl): they rise in "
            + "turn, largest first");
        captions.put("effective-rank", "effective rank along the path (log step axis); plateaus of Ŵ's truncations: 1, 1.7, 2.2, 2.7");
        // depth
        List<String> depthFigs = new ArrayList<>();
        for (int n : DEPTHS) {
            Run r = res.get("depth-" + n);
            double[] it = r.trajectory().steps();
            XYChart c = Charts.chart("Chou et al., perturbed init, depth N = " + n, "GD step k (log)", "diag(Vᵀ W(k) V)");
            c.getStyler().setXAxisLogarithmic(true);
            for (int i = 0; i < 4; i++) {
                Charts.line(c, "λ = " + fmt(lambda[i]), java.util.Arrays.copyOfRange(it, 1, it.length),
                    java.util.Arrays.copyOfRange(r.trajectory().eigenCoordinate(i), 1, it.length));
            }
            String name = "depth-" + n;
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
            depthFigs.add(name);
            captions.put(name, "N = " + n + ", perturbed init, η = 0.9 × bound (10) = " + fmt(r.settings().eta()) + ", "
                + r.iterations() + " steps, " + r.stopReason());
        }

        // verdicts
        double[] fi = res.get("identical").finalEigenvalues();
        double[] fp = res.get("perturbed").finalEigenvalues();
        double[] fn = res.get("identical+noise").finalEigenvalues();
        double[] fs = res.get("identical+noise-6").finalEigenvalues();
        Trajectory perturbed = res.get("perturbed").trajectory();
        double[] it = perturbed.steps();
        List<Finding> findings = new ArrayList<>();
        findings.add(theorem22(fi, fn, fs));
        findings.add(theorem31(fp, it, perturbed.eigenCoordinate(3), perturbed.eigenCoordinate(2)));
        findings.add(effectiveRank(it, perturbed.effectiveRank()));
        Map<Integer, DepthRun> depthRuns = new LinkedHashMap<>();
        Map<String, DepthRun> depthSummary = new LinkedHashMap<>();
        for (int n : DEPTHS) {
            DepthRun d = DepthRun.of(res.get("depth-" + n));
            depthRuns.put(n, d);
            depthSummary.put(String.valueOf(n), d);
        }
        findings.add(depth(depthRuns));

        Theory theory = theory(jobs.get(0).eta(), stepScale == 1 ? 10_000_000 : 100_000);
        List<String> allFigs = new ArrayList<>(figures);
        allFigs.addAll(depthFigs);
        Chou2021Summary summary = new Chou2021Summary(name(), "Chou, Gieshoff, Maly, Rauhut 2021 (seed 003)", ctx.full() ? "full" : "quick",
            new SummarySettings(ALPHA, BETA, lambda, Chou2021.exampleTarget(), 3, jobs.get(0).eta(), jobs.get(0).maxSteps(), "½‖W − Ŵ‖²_F"),
            new FinalEigenvalues(fi, fp, fn, fs), depthSummary, theory, findings,
            new Files("index.html", "trajectories.csv", allFigs.stream().map(f -> "figures/" + f + ".png").toList()));

        StringBuilder html = new StringBuilder();
        html.append("<p>").append(Html.esc(description())).append(". Ŵ = V diag(10, 7, 5, −5) Vᵀ with V the normalized 4×4 Hadamard "
            + "matrix (the slides' printed matrix has trace 14/3 ≠ 17 and eigenvalues −5.32, −5, 6.00, 8.99, so it is not the one "
            + "meant; the dynamics in Ŵ's eigenbasis do not depend on V). Loss ½‖W − Ŵ‖²_F, α = 0.1, β = 0.05. Numbers: "
            + "<a href=\"summary.json\">summary.json</a>, <a href=\"trajectories.csv\">trajectories.csv</a>.</p>\n");
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n<h2>Verdicts</h2>\n<table><tr><th>claim</th><th>verdict</th>"
            + "<th>evidence</th></tr>\n");
        for (Finding v : findings) {
            html.append("<tr><td class=\"l\">").append(Html.esc(v.figure() + ": " + v.statement())).append("</td><td class=\"")
                .append(v.verdict().cssClass()).append("\">").append(Html.esc(v.headline()))
                .append("</td><td class=\"l\">").append(Html.esc(v.evidence())).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Step-size bounds (N = 3, α = 0.1, β = 0.05, ‖Ŵ‖₂ = 10)</h2>\n<table><tr><th>bound</th><th>value</th>"
            + "<th>η used</th><th>satisfied</th></tr>\n");
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">(8), Theorem 2.2</td><td>%.4e</td><td>%.4e</td><td>%s</td></tr>%n",
            theory.bound8(), jobs.get(0).eta(), theory.satisfies8()));
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">(10), Theorem 3.1 (c = %.6f)</td><td>%.4e</td><td>%.4e</td><td>%s"
            + "</td></tr>%n", theory.c(), theory.bound10(), jobs.get(0).eta(), theory.satisfies10()));
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">β/(c − 1) &lt; α</td><td>%.4f</td><td></td><td>%s</td></tr>%n",
            theory.betaOverCMinus1(), theory.satisfiesBetaCondition()));
        html.append("</table>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Chou et al. 2021 (deep matrix factorization)",
            List.of(html.toString(), Html.figures("Eigenvalue trajectories and effective rank (N = 3)", figures, captions),
                Html.figures("Recovery for depths N = 2…5 (perturbed init)", depthFigs, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n  final eigenvalues (N = 3): identical %s, perturbed %s%n", name(),
            (System.nanoTime() - start) / 1e9, list(fi), list(fp));
        for (Finding v : findings) {
            ctx.out().printf("  %s: %s%n", v.figure(), v.verdict().word());
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    // ---------------------------------------------------------------------------------------------
    // verdict rules: numbers in, finding out

    /** Chou et al.'s claim of {@code kind}. */
    static Finding.Owner owner(String kind) {
        return Finding.Owner.of("Chou et al.", kind);
    }

    /**
     * Theorem 2.2: identical initialization ends at VΛ₊Vᵀ (final eigenvalues within 1e-3 of 10, 7, 5, 0):
     * agrees, else disagrees. {@code fn}, {@code fs}: the runs perturbed by 1e-8 (target ..., −5 and ..., −6), for the evidence.
     */
    static Finding theorem22(double[] fi, double[] fn, double[] fs) {
        double errI = maxDiff(fi, new double[] {10, 7, 5, 0});
        double errN = maxDiff(fn, new double[] {10, 7, 5, 0});
        double swapped = maxDiff(fs, new double[] {10, 7, 0, -6});
        return Finding.claim("Theorem 2.2", "identical init recovers VΛ₊Vᵀ", errI < 1e-3 ? Verdict.AGREES : Verdict.DISAGREES,
            String.format(Locale.ROOT,
            "final eigenvalues %s after %d steps (max deviation from 10, 7, 5, 0: %.2e). With the layers perturbed by 1e-8 the run "
                + "%s (eigenvalues %s after %d steps). Not so for Ŵ' = V diag(10, 7, 5, −6) Vᵀ: there VΛ₊Vᵀ is a saddle (fitting −6 "
                + "instead of 5 lowers the loss) and the 1e-8 perturbation %s: eigenvalues %s after %d steps. The theorem is about exact "
                + "arithmetic; in floating point, rounding differences between the layers play the perturbation's role.",
            list(fi), STEPS_N3, errI, errN < 1e-3 ? "stays there (|−5| = 5 is a tie)" : "leaves it", list(fn), STEPS_N3 * 5,
            swapped < 1e-2 ? "grows until 5 is traded for −6" : "does not grow within the run", list(fs), STEPS_N3 * 5))
            .by(owner("Theorem 2.2"), String.format(Locale.ROOT, "from identical layers, depth-3 GD ends with eigenvalues %s, %.1e at most "
                + "from VΛ₊Vᵀ's 10, 7, 5, 0", list(fi), errI));
    }

    /**
     * Theorem 3.1: the perturbed run recovers Ŵ (final eigenvalues within 1e-6 of 10, 7, 5, −5) with the
     * negative eigenvalue appearing after a positive phase, once the positive ones are fitted: agrees;
     * recovery within 1e-3 only: partly; else disagrees.
     *
     * @param fp       final eigenvalues
     * @param it       the recorded steps
     * @param negative the coordinate of the −5 eigenvector at those steps
     * @param third    the coordinate of the 5 eigenvector at those steps
     */
    static Finding theorem31(double[] fp, double[] it, double[] negative, double[] third) {
        double errP = maxDiff(fp, new double[] {10, 7, 5, -5});
        long crossing = -1;
        long positiveDone = -1;
        double maxBeforeCross = 0;
        for (int k = 0; k < it.length; k++) {
            if (crossing < 0 && negative[k] < 0) {
                crossing = (long) it[k];
            }
            if (crossing < 0) {
                maxBeforeCross = Math.max(maxBeforeCross, negative[k]);
            }
            if (positiveDone < 0 && Math.abs(third[k] - 5) <= 0.05) {
                positiveDone = (long) it[k];
            }
        }
        boolean order = crossing > 0 && positiveDone > 0 && maxBeforeCross > 0;
        return Finding.claim("Theorem 3.1", "perturbed init recovers Ŵ, negative eigenvalues after a positive phase",
            Verdict.of(errP < 1e-6 && order, errP < 1e-3), String.format(Locale.ROOT, "final eigenvalues %s "
                + "(max deviation %.2e). The −5 coordinate first rises to %.4f (β = %s), turns negative at step %d; the smallest positive "
                + "eigenvalue (5) is within 1%% at step %d. Note: α = 0.1, β = 0.05 violates the theorem's condition β/(c − 1) < α "
                + "(%.4f > 0.1); recovery happens anyway.", list(fp), errP, maxBeforeCross, fmt(BETA), crossing, positiveDone,
                BETA / (Chou2021.c(3) - 1)))
            .by(owner("Theorem 3.1"), String.format(Locale.ROOT, "from perturbed layers GD ends %.1e from Ŵ's eigenvalues 10, 7, 5, −5, and "
                + "%s", errP, order ? "the −5 direction first grows positive, turning negative at step " + crossing
                : "the −5 direction does not first go through a positive phase"));
    }

    /**
     * The effective rank drops to about one (below 1.1), then rises without decreasing by more than 1e-3
     * to ‖Ŵ‖_*∕‖Ŵ‖₂ = 2.7: agrees, else partly (the trajectory is shown either way).
     */
    static Finding effectiveRank(double[] it, double[] er) {
        int argmin = 1;
        for (int k = 1; k < er.length; k++) {
            if (er[k] < er[argmin]) {
                argmin = k;
            }
        }
        double drop = 0;
        for (int k = argmin + 1; k < er.length; k++) {
            drop = Math.max(drop, er[k - 1] - er[k]);
        }
        double finalRank = er[er.length - 1];
        boolean rankOk = er[argmin] < 1.1 && drop < 1e-3 && Math.abs(finalRank - 2.7) < 0.01;
        return Finding.claim("Effective rank", "drops to one, then rises monotonically through plateaus", rankOk ? Verdict.AGREES
            : Verdict.PARTLY, String.format(Locale.ROOT, "perturbed init: r(W) starts at 4, falls to %.4f at step %d, then rises (largest "
                + "decrease after the minimum %.1e) to %.4f = ‖Ŵ‖_*/‖Ŵ‖₂ = 27/10", er[argmin], (long) it[argmin], drop, finalRank))
            .by(owner("effective-rank observation"), String.format(Locale.ROOT, "r(W) falls from 4 to %.3f, then rises to %.3f, never "
                + "dropping by more than %.1e on the way", er[argmin], finalRank, drop));
    }

    /** Every depth's run reaches the reconstruction tolerance: agrees, else partly. {@code runs}: the run of each depth. */
    static Finding depth(Map<Integer, DepthRun> runs) {
        StringBuilder depthEv = new StringBuilder();
        boolean allDepth = true;
        int reached = 0;
        for (Map.Entry<Integer, DepthRun> e : runs.entrySet()) {
            DepthRun r = e.getValue();
            double err = r.reconstructionError();
            allDepth &= err <= DEPTH_TOL * 1.0001;
            reached += err <= DEPTH_TOL * 1.0001 ? 1 : 0;
            depthEv.append(String.format(Locale.ROOT, "N = %d: %d steps to %.0e (%s); ", e.getKey(), r.iterations(), DEPTH_TOL,
                r.stopReason()));
        }
        return Finding.claim("Depth", "perturbed init recovers Ŵ for every depth", allDepth ? Verdict.AGREES : Verdict.PARTLY,
            depthEv + "steps grow with N at η = 0.9 × bound (10), which shrinks like (cM)^{−(2N−2)}")
            .by(owner("claim for every depth"), String.format(Locale.ROOT, "GD from perturbed layers reconstructs Ŵ to %.0e at %d of %d "
                + "depths (N = %s)", DEPTH_TOL, reached, runs.size(), runs.keySet().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "))));
    }

    private static double maxDiff(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    private static String list(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", a[i]));
        }
        return sb.append(']').toString();
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }
}

package org.implreg.reproduce.chou2021;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("eigenvalues", java.util.Arrays.toString(lambda));
            m.put("depth", depth);
            m.put("init", init);
            m.put("alpha", ALPHA);
            m.put("beta", init.startsWith("perturbed") ? BETA : null);
            m.put("noise", init.equals("identical+noise") ? NOISE : null);
            m.put("eta", eta);
            m.put("max_steps", maxSteps);
            m.put("tol", tol);
            m.put("record_every", every);
            return m;
        }
    }

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
    static Map<String, Object> runJob(Job j) {
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", j.describe());
        m.put("stop_reason", r.stopReason().name());
        m.put("iterations", r.iterations());
        m.put("seconds", r.seconds());
        m.put("reconstruction_error", r.trainError());
        m.put("final_eigenvalues", eig);
        m.put("asymmetry", Linalg.distance(r.w(), transpose(r.w())) / Linalg.norm(r.w()));
        List<Long> it = new ArrayList<>();
        List<List<Double>> diag = new ArrayList<>();
        List<Double> rec = new ArrayList<>();
        List<Double> er = new ArrayList<>();
        List<Double> ent = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<double[]> sv = new ArrayList<>();
        for (DeepTrajectory.Point p : traj.points()) {
            it.add(p.iteration());
            loss.add(p.loss());
            train.add(p.trainError());
            sv.add(p.singularValues());
            List<Double> d = new ArrayList<>();
            for (double x : p.basisDiagonal()) {
                d.add(x);
            }
            diag.add(d);
            rec.add(p.reconstructionError());
            er.add(p.effectiveRank());
            ent.add(p.entropyRank());
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("iteration", it);
        t.put("eigen_coordinates", diag);
        t.put("reconstruction_error", rec);
        t.put("effective_rank", er);
        t.put("entropy_rank", ent);
        t.put("loss", loss);
        t.put("train_error", train);
        t.put("singular_values", sv);
        m.put("trajectory", t);
        return m;
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
    public Summary run(Context ctx) {
        long start = System.nanoTime();
        List<Job> jobs = jobs(stepScale);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "alpha", ALPHA, "beta", BETA,
            "target_eigenvalues", Chou2021.EXAMPLE_EIGENVALUES, "target", Chou2021.exampleTarget()));
        List<Rows.Job> tasks = new ArrayList<>();
        for (Job j : jobs) {
            // "|trace": rows made before the trajectories carried loss and singular values (the trace format) are recomputed
            tasks.add(new Rows.Job(j.name(), Rows.hash(name() + "|" + new TreeMap<>(j.describe()) + "|trace"), () -> runJob(j)));
        }
        Map<String, Map<String, Object>> results = Rows.runAll(ctx, name(), tasks);
        return Summary.untyped(report(ctx, jobs, results, provenance, start));
    }

    /** Writes a job's trajectory as traces/<job>.jsonl (flow time kη; rel_error = ‖W − Ŵ‖_F/‖Ŵ‖_F; no ‖U‖) and returns it. */
    @SuppressWarnings("unchecked")
    private static TraceFile.Trace writeTrace(Context ctx, Job j, Map<String, Object> run) {
        double[] it = column(run, "iteration");
        double[] loss = column(run, "loss");
        double[] train = column(run, "train_error");
        double[] rec = column(run, "reconstruction_error");
        double[] er = column(run, "effective_rank");
        List<?> sv = (List<?>) traj(run).get("singular_values");
        List<org.implreg.metrics.TraceRecorder.Row> rows = new ArrayList<>();
        for (int k = 0; k < it.length; k++) {
            double[] s = sv == null ? new double[0] : org.implreg.reproduce.Dynamics.vector(sv.get(k));
            double nuc = 0;
            for (double x : s) {
                nuc += x;
            }
            rows.add(new org.implreg.metrics.TraceRecorder.Row((long) it[k], it[k] * j.eta(), loss[k], train[k], rec[k], nuc, er[k], s,
                Double.NaN));
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("method", "deep");
        desc.put("label", j.name());
        desc.putAll(new TreeMap<>(j.describe()));
        java.nio.file.Path file = ctx.dir().resolve("traces").resolve(j.name() + ".jsonl");
        AtomicFiles.write(file, TraceFile.bytes(desc, rows));
        return new TraceFile.Trace(file, desc, rows.stream().map(org.implreg.metrics.TraceRecorder.Row::describe).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> traj(Map<String, Object> run) {
        return (Map<String, Object>) run.get("trajectory");
    }

    private static double[] column(Map<String, Object> run, String key) {
        List<?> l = (List<?>) traj(run).get(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = l.get(i);
            out[i] = o instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return out;
    }

    private static double[] eigenCoordinate(Map<String, Object> run, int i) {
        List<?> l = (List<?>) traj(run).get("eigen_coordinates");
        double[] out = new double[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) ((List<?>) l.get(k)).get(i)).doubleValue();
        }
        return out;
    }

    private static double[] finalEigenvalues(Map<String, Object> run) {
        List<?> l = (List<?>) run.get("final_eigenvalues");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    private Map<String, Object> report(Context ctx, List<Job> jobs, Map<String, Map<String, Object>> res, Provenance.Info provenance,
                                       long start) {
        double[] lambda = Chou2021.EXAMPLE_EIGENVALUES;
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        // trajectories.csv
        StringBuilder csv = new StringBuilder("run,depth,iteration,reconstruction_error,effective_rank,entropy_rank,e1,e2,e3,e4\n");
        for (Job j : jobs) {
            Map<String, Object> r = res.get(j.name());
            double[] it = column(r, "iteration");
            double[] rec = column(r, "reconstruction_error");
            double[] er = column(r, "effective_rank");
            double[] en = column(r, "entropy_rank");
            double[][] e = new double[4][];
            for (int i = 0; i < 4; i++) {
                e[i] = eigenCoordinate(r, i);
            }
            for (int k = 0; k < it.length; k++) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s,%s,%s,%s,%s%n", j.name(), j.depth(), (long) it[k], rec[k], er[k], en[k],
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
            Map<String, Object> r = res.get(run);
            double[] lam = run.endsWith("-6") ? SWAP_EIGENVALUES : Chou2021.EXAMPLE_EIGENVALUES;
            double[] it = column(r, "iteration");
            XYChart c = Charts.chart("Chou et al., N = 3, " + run + " init: eigenvalues of W(k) in Ŵ's eigenbasis", "GD step k (log)",
                "diag(Vᵀ W(k) V)");
            c.getStyler().setXAxisLogarithmic(true);
            it = java.util.Arrays.copyOfRange(it, 1, it.length);
            for (int i = 0; i < 4; i++) {
                double[] e = eigenCoordinate(r, i);
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
            Map<String, Object> r = res.get(run);
            double[] it = column(r, "iteration");
            double[] er = column(r, "effective_rank");
            double[] en = column(r, "entropy_rank");
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
            Map<String, Object> r = res.get("depth-" + n);
            double[] it = column(r, "iteration");
            XYChart c = Charts.chart("Chou et al., perturbed init, depth N = " + n, "GD step k (log)", "diag(Vᵀ W(k) V)");
            c.getStyler().setXAxisLogarithmic(true);
            for (int i = 0; i < 4; i++) {
                Charts.line(c, "λ = " + fmt(lambda[i]), java.util.Arrays.copyOfRange(it, 1, it.length),
                    java.util.Arrays.copyOfRange(eigenCoordinate(r, i), 1, it.length));
            }
            String name = "depth-" + n;
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
            depthFigs.add(name);
            captions.put(name, "N = " + n + ", perturbed init, η = 0.9 × bound (10) = " + fmt(((Number) ((Map<?, ?>) r.get("settings"))
                .get("eta")).doubleValue()) + ", " + r.get("iterations") + " steps, " + r.get("stop_reason"));
        }

        // verdicts
        double[] fi = finalEigenvalues(res.get("identical"));
        double[] fp = finalEigenvalues(res.get("perturbed"));
        double[] fn = finalEigenvalues(res.get("identical+noise"));
        double[] fs = finalEigenvalues(res.get("identical+noise-6"));
        double[] it = column(res.get("perturbed"), "iteration");
        List<Finding> findings = new ArrayList<>();
        findings.add(theorem22(fi, fn, fs));
        findings.add(theorem31(fp, it, eigenCoordinate(res.get("perturbed"), 3), eigenCoordinate(res.get("perturbed"), 2)));
        findings.add(effectiveRank(it, column(res.get("perturbed"), "effective_rank")));
        Map<Integer, Map<String, Object>> depthRuns = new LinkedHashMap<>();
        Map<String, Object> depthSummary = new LinkedHashMap<>();
        for (int n : DEPTHS) {
            Map<String, Object> r = res.get("depth-" + n);
            depthRuns.put(n, r);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("eta", ((Map<?, ?>) r.get("settings")).get("eta"));
            d.put("iterations", r.get("iterations"));
            d.put("stop_reason", r.get("stop_reason"));
            d.put("reconstruction_error", ((Number) r.get("reconstruction_error")).doubleValue());
            d.put("final_eigenvalues", r.get("final_eigenvalues"));
            d.put("seconds", r.get("seconds"));
            depthSummary.put(String.valueOf(n), d);
        }
        findings.add(depth(depthRuns));
        List<Map<String, Object>> verdicts = findings.stream().map(Finding::toMap).toList();

        Map<String, Object> theory = Chou2021.report(3, ALPHA, BETA, jobs.get(0).eta(), lambda, 1e-6,
            stepScale == 1 ? 10_000_000 : 100_000);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Chou, Gieshoff, Maly, Rauhut 2021 (seed 003)");
        summary.put("mode", ctx.full() ? "full" : "quick");
        summary.put("settings", Map.of("alpha", ALPHA, "beta", BETA, "eigenvalues", lambda, "target", Chou2021.exampleTarget(),
            "depth", 3, "eta", jobs.get(0).eta(), "steps", jobs.get(0).maxSteps(), "loss", "½‖W − Ŵ‖²_F"));
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("identical", fi);
        finals.put("perturbed", fp);
        finals.put("identical_perturbed_1e-8", fn);
        finals.put("identical_perturbed_1e-8_lambda4_minus6", fs);
        summary.put("final_eigenvalues", finals);
        summary.put("depths", depthSummary);
        summary.put("theory", theory);
        summary.put("verdicts", verdicts);
        List<String> allFigs = new ArrayList<>(figures);
        allFigs.addAll(depthFigs);
        summary.put("files", Map.of("index", "index.html", "trajectories", "trajectories.csv", "figures",
            allFigs.stream().map(f -> "figures/" + f + ".png").toList()));

        StringBuilder html = new StringBuilder();
        html.append("<p>").append(Html.esc(description())).append(". Ŵ = V diag(10, 7, 5, −5) Vᵀ with V the normalized 4×4 Hadamard "
            + "matrix (the slides' printed matrix has trace 14/3 ≠ 17 and eigenvalues −5.32, −5, 6.00, 8.99, so it is not the one "
            + "meant; the dynamics in Ŵ's eigenbasis do not depend on V). Loss ½‖W − Ŵ‖²_F, α = 0.1, β = 0.05. Numbers: "
            + "<a href=\"summary.json\">summary.json</a>, <a href=\"trajectories.csv\">trajectories.csv</a>.</p>\n");
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n<h2>Verdicts</h2>\n<table><tr><th>claim</th><th>verdict</th>"
            + "<th>evidence</th></tr>\n");
        for (Map<String, Object> v : verdicts) {
            Verdict s = Verdict.parse(String.valueOf(v.get("verdict")));
            html.append("<tr><td class=\"l\">").append(Html.esc(v.get("figure") + ": " + v.get("claim"))).append("</td><td class=\"")
                .append(s.cssClass()).append("\">").append(Html.esc(String.valueOf(v.get("headline"))))
                .append("</td><td class=\"l\">").append(Html.esc(String.valueOf(v.get("evidence")))).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Step-size bounds (N = 3, α = 0.1, β = 0.05, ‖Ŵ‖₂ = 10)</h2>\n<table><tr><th>bound</th><th>value</th>"
            + "<th>η used</th><th>satisfied</th></tr>\n");
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">(8), Theorem 2.2</td><td>%.4e</td><td>%.4e</td><td>%s</td></tr>%n",
            (Double) theory.get("bound_8"), jobs.get(0).eta(), theory.get("satisfies_8")));
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">(10), Theorem 3.1 (c = %.6f)</td><td>%.4e</td><td>%.4e</td><td>%s"
            + "</td></tr>%n", (Double) theory.get("c"), (Double) theory.get("bound_10"), jobs.get(0).eta(), theory.get("satisfies_10")));
        html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">β/(c − 1) &lt; α</td><td>%.4f</td><td></td><td>%s</td></tr>%n",
            (Double) theory.get("beta_over_c_minus_1"), theory.get("satisfies_beta_condition")));
        html.append("</table>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Chou et al. 2021 (deep matrix factorization)",
            List.of(html.toString(), Html.figures("Eigenvalue trajectories and effective rank (N = 3)", figures, captions),
                Html.figures("Recovery for depths N = 2…5 (perturbed init)", depthFigs, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n  final eigenvalues (N = 3): identical %s, perturbed %s%n", name(),
            (Double) summary.get("seconds"), list(fi), list(fp));
        for (Map<String, Object> v : verdicts) {
            ctx.out().printf("  %s: %s%n", v.get("figure"), v.get("verdict"));
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
    static Finding depth(Map<Integer, Map<String, Object>> runs) {
        StringBuilder depthEv = new StringBuilder();
        boolean allDepth = true;
        int reached = 0;
        for (Map.Entry<Integer, Map<String, Object>> e : runs.entrySet()) {
            Map<String, Object> r = e.getValue();
            double err = ((Number) r.get("reconstruction_error")).doubleValue();
            allDepth &= err <= DEPTH_TOL * 1.0001;
            reached += err <= DEPTH_TOL * 1.0001 ? 1 : 0;
            depthEv.append(String.format(Locale.ROOT, "N = %d: %s steps to %.0e (%s); ", e.getKey(), r.get("iterations"), DEPTH_TOL,
                r.get("stop_reason")));
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

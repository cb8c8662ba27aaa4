package org.implreg.reproduce.arora2019;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.random.RandomGenerator;
import org.implreg.convex.CompletionNucmin;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import java.nio.file.Path;
import org.implreg.io.AtomicFiles;
import org.implreg.io.TraceFile;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.report.TracePlot;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.reproduce.Dynamics;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Verdict;
import org.implreg.run.IterationListener;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.knowm.xchart.XYChart;
import org.implreg.report.Charts;

/**
 * Arora, Cohen, Hu and Luo (2019), "Implicit regularization in deep matrix factorization" (cited in
 * seed 000), their matrix completion experiment: a rank-5 W* ∈ ℝ^{100×100} observed on m = 2000 or
 * 5000 random entries, gradient descent on W = W_N ⋯ W_1 (100×100 layers, N = 2, 3, 4) for
 * L = ½Σ_Ω (W_ij − W*_ij)² from Gaussian layers with end-to-end scale ‖W(0)‖_F ∈ {1e-3, …, 1e-6},
 * against the certified minimum nuclear norm completion.
 *
 * <p>W* = UVᵀ with U, V ∈ ℝ^{100×5} i.i.d. Gaussian ({@code Rng.stream(seed, "arora-u" / "arora-v")}),
 * rescaled to ‖W*‖_F = 100 (entries of RMS 1). Ω: m distinct entries uniformly at random
 * ({@code Rng.stream(seed, "arora-omega-" + m)}). Step η_N = 1/(N‖W*‖₂^{2 − 2/N}): half the stability
 * limit 2/(N σ₁^{2 − 2/N}) of the fully observed loss at the balanced solution, so stable for completion
 * too (sampling only lowers the curvature). Each run stops at
 * training error ‖P_Ω(W) − P_Ω(W*)‖/‖P_Ω(W*)‖ ≤ {@link #TOL} or its step cap. Quick mode: init
 * scales 1e-3 and 1e-5, cap {@link #QUICK_CAP}; full: 1e-3, 1e-4, 1e-5, 1e-6, cap {@link #FULL_CAP}.
 */
public final class Arora2019Reproduction implements Reproduction {
    static final int N = 100;
    static final int RANK = 5;
    static final int[] MS = {2000, 5000};
    static final int[] DEPTHS = {2, 3, 4};
    static final double[] QUICK_SCALES = {1e-3, 1e-5};
    static final double[] FULL_SCALES = {1e-3, 1e-4, 1e-5, 1e-6};
    static final double TOL = 1e-5;
    static final long QUICK_CAP = 60_000;
    static final long FULL_CAP = 200_000;
    static final String QUOTE = "\"Depth leads to more accurate completion of low-rank matrices when the number of observed entries is "
        + "small, and the effect of init scale: smaller initialization gives lower-rank solutions; deeper factorizations are not "
        + "explained by nuclear norm minimization.\" (Arora et al. 2019, Fig. 2, as summarized)";

    private final int n;
    private final int[] ms;
    private final long quickCap;

    public Arora2019Reproduction() {
        this(N, MS, QUICK_CAP);
    }

    /** Tests: a smaller matrix, other observation counts and another quick step cap. */
    Arora2019Reproduction(int n, int[] ms, long quickCap) {
        this.n = n;
        this.ms = ms.clone();
        this.quickCap = quickCap;
    }

    @Override
    public Reproduction ciSized() {
        return new Arora2019Reproduction(16, new int[] {80}, 500);
    }

    @Override
    public String name() {
        return "arora2019";
    }

    @Override
    public String description() {
        return "Arora et al. 2019: depth 2/3/4 factorization for completion of a 100×100 rank-5 matrix from 2000 and 5000 entries, "
            + "init scale 1e-3…1e-6, vs the min nuclear norm";
    }

    /** W* (n×n column-major), ‖W*‖_F = n. */
    double[] truth(long seed) {
        double[] u = Rng.gaussian(Rng.stream(seed, "arora-u"), n * RANK);
        double[] v = Rng.gaussian(Rng.stream(seed, "arora-v"), n * RANK);
        double[] w = new double[n * n];
        Linalg.BLAS.dgemm("N", "T", n, n, RANK, 1.0, u, n, v, n, 0.0, w, n);
        double s = n / Linalg.norm(w);
        for (int i = 0; i < w.length; i++) {
            w[i] *= s;
        }
        return w;
    }

    AsymmetricCompletion observe(double[] w, int m, long seed) {
        RandomGenerator rng = Rng.stream(seed, "arora-omega-" + m);
        int total = n * n;
        int[] perm = new int[total];
        for (int i = 0; i < total; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(total - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] sel = java.util.Arrays.copyOf(perm, m);
        java.util.Arrays.sort(sel);
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] vals = new double[m];
        for (int e = 0; e < m; e++) {
            rows[e] = sel[e] % n;
            cols[e] = sel[e] / n;
            vals[e] = w[sel[e]];
        }
        return new AsymmetricCompletion(n, n, rows, cols, vals, Map.of("source", "arora2019", "m", m));
    }

    static double step(int depth, double spectral) {
        return 1 / (depth * Math.pow(spectral, 2 - 2.0 / depth));
    }

    /**
     * A row of rows.jsonl: the minimum nuclear norm completion ({@code duality_gap}; no depth, step or scale) or a deep GD run
     * ({@code depth}, {@code eta}, {@code scale}; {@code trace}, the trace file's lines, only for the runs of the dynamics
     * figure). The run's keys in alphabetical order, then the metrics of the end-to-end W against W*: reconstruction error
     * ‖W − W*‖_F/‖W*‖_F, nuclear norm, effective ranks ‖W‖_*∕‖W‖₂ and exp H(σ/‖σ‖₁), the 10 largest singular values.
     */
    record Row(@JsonInclude(JsonInclude.Include.NON_NULL) Integer depth, @JsonInclude(JsonInclude.Include.NON_NULL) Double dualityGap,
               @JsonInclude(JsonInclude.Include.NON_NULL) Double eta, long iterations, String method,
               @JsonInclude(JsonInclude.Include.NON_NULL) Double scale, double seconds, String stopReason, double trainError,
               double reconstructionError, double nuclearNorm, double effectiveRank, double entropyRank, double[] singularValuesTop10,
               @JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> trace) {}

    /** A run in summary.json's {@code runs}: its m, then its row without the trace (traces/ holds it). */
    record RunEntry(int m, @JsonInclude(JsonInclude.Include.NON_NULL) Integer depth,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double dualityGap, @JsonInclude(JsonInclude.Include.NON_NULL) Double eta,
                    long iterations, String method, @JsonInclude(JsonInclude.Include.NON_NULL) Double scale, double seconds,
                    String stopReason, double trainError, double reconstructionError, double nuclearNorm, double effectiveRank,
                    double entropyRank, double[] singularValuesTop10) {
        static RunEntry of(int m, Row r) {
            return new RunEntry(m, r.depth(), r.dualityGap(), r.eta(), r.iterations(), r.method(), r.scale(), r.seconds(), r.stopReason(),
                r.trainError(), r.reconstructionError(), r.nuclearNorm(), r.effectiveRank(), r.entropyRank(), r.singularValuesTop10());
        }
    }

    /** The minimum nuclear norm completion of one m, in summary.json. */
    record MinNuclearNorm(double reconstructionError, double nuclearNorm, double effectiveRank, double dualityGap) {}

    /** One deep run (depth, init scale) of one m, in summary.json. */
    record DeepPoint(double reconstructionError, double nuclearNorm, double effectiveRank, String stopReason, long iterations,
                     double trainError) {}

    /** One m: the minimum nuclear norm, and per depth the runs by init scale ("1e-03", …). */
    record PerM(MinNuclearNorm minNuclearNorm, @JsonProperty("depth_2") Map<String, DeepPoint> depth2,
                @JsonProperty("depth_3") Map<String, DeepPoint> depth3, @JsonProperty("depth_4") Map<String, DeepPoint> depth4) {}

    /** summary.json's settings. */
    record Settings(int n, int rank, int truthFrobenius, double truthSpectral, int[] ms, int[] depths, double[] scales, double tol,
                    long cap, long seed, String eta) {}

    /** summary.json's files. */
    record Files(String index, String runs, List<String> figures) {}

    /** Arora et al.'s summary.json, key by key ({@code dynamics}: "depth_N" → the rise of σ_i along the traced run). */
    public record Arora2019Summary(String reproduction, String paper, String mode, Settings settings, Map<String, PerM> perM,
                                   List<RunEntry> runs, List<Finding> verdicts, Map<String, Dynamics.Rise> dynamics, Files files)
        implements Summary {}

    /** The name of the deep run (m, N, ξ) in rows.jsonl. */
    static String deepName(int m, int depth, double scale) {
        return String.format(Locale.ROOT, "deep-m%d-N%d-s%.0e", m, depth, scale);
    }

    /**
     * The row key of a deep run: the hash of {@code base} and the run's settings in alphabetical order (as a sorted map prints
     * them), "|trace" for a traced run.
     */
    static String deepKey(String base, int m, int depth, double scale, double eta, long cap, boolean traced) {
        return Rows.hash(base + "|{cap=" + cap + ", depth=" + depth + ", eta=" + eta + ", m=" + m + ", scale=" + scale + ", tol=" + TOL + "}"
            + (traced ? "|trace" : ""));
    }

    @Override
    public Arora2019Summary run(Context ctx) {
        long start = System.nanoTime();
        double[] scales = ctx.full() ? FULL_SCALES : QUICK_SCALES;
        long cap = ctx.full() ? FULL_CAP : quickCap;
        double[] w = truth(ctx.seed());
        double spectral = Linalg.singularValues(w.clone(), n, n)[0];
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "full", ctx.full(), "seed", ctx.seed(), "n", n,
            "rank", RANK, "ms", ms, "depths", DEPTHS, "scales", scales, "tol", TOL, "cap", cap));
        Map<Integer, AsymmetricCompletion> data = new LinkedHashMap<>();
        for (int m : ms) {
            data.put(m, observe(w, m, ctx.seed()));
        }
        List<Rows.Job<Row>> tasks = new ArrayList<>();
        for (int m : ms) {
            AsymmetricCompletion c = data.get(m);
            String base = name() + "|" + ctx.seed() + "|" + n + "|" + m;
            tasks.add(new Rows.Job<>("nucmin-m" + m, Rows.hash(base + "|nucmin"), () -> nucmin(c, w)));
            for (int depth : DEPTHS) {
                for (double s : scales) {
                    double eta = step(depth, spectral);
                    boolean traced = m == ms[0] && s == scales[scales.length - 1]; // the dynamics figure's runs
                    tasks.add(new Rows.Job<>(deepName(m, depth, s), deepKey(base, m, depth, s, eta, cap, traced),
                        () -> deep(c, w, depth, s, eta, cap, ctx.seed(), traced)));
                }
            }
        }
        Map<String, Row> res = Rows.runAll(ctx, name(), Row.class, tasks);
        return report(ctx, scales, cap, spectral, res, provenance, start);
    }

    private Row nucmin(AsymmetricCompletion c, double[] w) {
        CompletionNucmin.Result r = new CompletionNucmin(CompletionNucmin.Options.defaults().withTol(1e-6).withMaxIterations(20_000))
            .optimize(c, IterationListener.NONE);
        Metrics q = metrics(r.x(), w);
        return new Row(null, r.dualityGap(), null, r.iterations(), "min_nuclear_norm", null, r.seconds(), r.stopReason().name(), 0.0,
            q.reconstructionError(), q.nuclearNorm(), q.effectiveRank(), q.entropyRank(), q.top10(), null);
    }

    private Row deep(AsymmetricCompletion c, double[] w, int depth, double scale, double eta, long cap, long seed, boolean traced) {
        int[] dims = DeepFactorization.squareDims(n, depth);
        DeepFactorization f = new DeepFactorization(EndToEndLoss.entries(c), dims);
        double[][] init = DeepInitializers.gaussian(dims, scale, Rng.stream(seed, "arora-init-" + depth + "-" + scale));
        TraceRecorder trace = traced ? new TraceRecorder(TraceSchedule.DEFAULT, TRACE_TOP) : null;
        DeepGradientDescent.Listener listener = null;
        if (traced) {
            double[][][] live = {null};
            double wn = Linalg.norm(w);
            IterationListener l = trace.withView(st -> { // the end-to-end W (n×n), as Arora et al.'s Figure 3
                double sq = 0;
                for (double[] a : live[0]) {
                    sq += Linalg.normSq(a);
                }
                return new IterateView.Snapshot(Linalg.singularValues(st.point().clone(), n, n), Linalg.distance(st.point(), w) / wn,
                    Math.sqrt(sq));
            });
            listener = DeepGradientDescent.Listener.of(l, (st, layers) -> {
                live[0] = layers;
                l.onIteration(st);
            });
        }
        DeepGradientDescent.Result r = new DeepGradientDescent(DeepGradientDescent.Options.fixed(eta, cap).withTol(TOL)).optimize(f, init,
            listener);
        Metrics q = metrics(r.w(), w);
        return new Row(depth, null, eta, r.iterations(), "deep", scale, r.seconds(), r.stopReason().name(), r.trainError(),
            q.reconstructionError(), q.nuclearNorm(), q.effectiveRank(), q.entropyRank(), q.top10(),
            traced ? trace.rows().stream().map(TraceRecorder.Row::describe).toList() : null);
    }

    /** Singular values kept in the dynamics traces. */
    static final int TRACE_TOP = 5;

    /**
     * The dynamics of the smallest m at the smallest init scale (issue 21; Arora et al.'s Figure 3): the traces, written to
     * traces/deep-m…-N….jsonl, as {@link TraceFile} reads them.
     */
    private List<TraceFile.Trace> dynamics(Context ctx, Map<String, Row> res, double sMin) {
        List<TraceFile.Trace> out = new ArrayList<>();
        for (int depth : DEPTHS) {
            String job = deepName(ms[0], depth, sMin);
            Row r = res.get(job);
            List<Map<String, Object>> lines = r == null ? null : r.trace();
            if (lines == null || lines.isEmpty()) {
                continue;
            }
            Map<String, Object> run = new LinkedHashMap<>(); // the trace file's run line
            run.put("method", "deep");
            run.put("depth", depth);
            run.put("m", ms[0]);
            run.put("init_scale", sMin);
            run.put("step", r.eta());
            Path file = ctx.dir().resolve("traces").resolve(job + ".jsonl");
            StringBuilder b = new StringBuilder(TraceFile.line(Map.of("run", run))).append('\n');
            for (Object line : lines) {
                b.append(TraceFile.line(line)).append('\n');
            }
            AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
            out.add(new TraceFile.Trace(file, run, lines));
        }
        return out;
    }

    /** The metrics of an end-to-end X against W*. */
    private record Metrics(double reconstructionError, double nuclearNorm, double effectiveRank, double entropyRank, double[] top10) {}

    private Metrics metrics(double[] x, double[] w) {
        double[] sv = Linalg.singularValues(x.clone(), n, n);
        double nuc = 0;
        for (double s : sv) {
            nuc += s;
        }
        return new Metrics(Linalg.distance(x, w) / Linalg.norm(w), nuc, SolutionMetrics.effectiveRank(sv),
            SolutionMetrics.entropyEffectiveRank(sv), java.util.Arrays.copyOf(sv, Math.min(10, sv.length)));
    }

    /** The value of a metric of summary.json's per-m plots ("reconstruction_error", "nuclear_norm", "effective_rank"). */
    private static double metric(Row r, String metric) {
        return switch (metric) {
            case "reconstruction_error" -> r.reconstructionError();
            case "nuclear_norm" -> r.nuclearNorm();
            case "effective_rank" -> r.effectiveRank();
            default -> throw new IllegalArgumentException(metric);
        };
    }

    private static String orEmpty(Object o, String empty) {
        return o == null ? empty : String.valueOf(o);
    }

    private Arora2019Summary report(Context ctx, double[] scales, long cap, double spectral, Map<String, Row> res,
                                    Provenance.Info provenance, long start) {
        List<String> metrics = List.of("reconstruction_error", "nuclear_norm", "effective_rank");
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("m,method,depth,scale,eta,stop_reason,iterations,seconds,train_error,reconstruction_error,"
            + "nuclear_norm,effective_rank,entropy_rank\n");
        List<RunEntry> rows = new ArrayList<>();
        for (Map.Entry<String, Row> e : res.entrySet()) {
            Row r = e.getValue();
            int m = Integer.parseInt(e.getKey().replaceAll(".*-m(\\d+).*", "$1"));
            rows.add(RunEntry.of(m, r));
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", m, r.method(), orEmpty(r.depth(), ""),
                orEmpty(r.scale(), ""), orEmpty(r.eta(), ""), r.stopReason(), r.iterations(), r.seconds(), r.trainError(),
                r.reconstructionError(), r.nuclearNorm(), r.effectiveRank(), r.entropyRank()));
        }
        AtomicFiles.write(ctx.dir().resolve("runs.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, PerM> perM = new LinkedHashMap<>();
        for (int m : ms) {
            Row nuc = res.get("nucmin-m" + m);
            Map<Integer, Map<String, DeepPoint>> byDepth = new LinkedHashMap<>();
            for (String metric : metrics) {
                XYChart c = Charts.chart(String.format(Locale.ROOT, "Arora et al.: %d×%d rank %d, m = %d: %s vs init scale", n, n, RANK, m,
                    org.implreg.report.Labels.of(metric)), "end-to-end init scale ‖W(0)‖_F (log)", metric);
                c.getStyler().setXAxisLogarithmic(true);
                if (metric.equals("reconstruction_error")) {
                    c.getStyler().setYAxisLogarithmic(true);
                }
                for (int depth : DEPTHS) {
                    double[] ys = new double[scales.length];
                    for (int i = 0; i < scales.length; i++) {
                        ys[i] = metric(res.get(deepName(m, depth, scales[i])), metric);
                    }
                    Charts.line(c, "depth " + depth, scales, ys);
                    Map<String, DeepPoint> pd = new LinkedHashMap<>();
                    for (int i = 0; i < scales.length; i++) {
                        Row r = res.get(deepName(m, depth, scales[i]));
                        pd.put(String.format(Locale.ROOT, "%.0e", scales[i]), new DeepPoint(r.reconstructionError(), r.nuclearNorm(),
                            r.effectiveRank(), r.stopReason(), r.iterations(), r.trainError()));
                    }
                    byDepth.put(depth, pd);
                }
                Charts.reference(c, "min ‖X‖_* (certified)", scales[0], scales[scales.length - 1], metric(nuc, metric));
                String name = "m" + m + "-" + metric;
                SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
                figures.add(name);
                captions.put(name, "m = " + m + ": " + metric + " of the end-to-end W after GD (stop at training error " + TOL + " or "
                    + cap + " steps) vs the init scale; dashed: the minimum nuclear norm completion");
            }
            perM.put(String.valueOf(m), new PerM(new MinNuclearNorm(nuc.reconstructionError(), nuc.nuclearNorm(), nuc.effectiveRank(),
                nuc.dualityGap() == null ? Double.NaN : nuc.dualityGap()), byDepth.get(2), byDepth.get(3), byDepth.get(4)));
        }
        // verdict: with few entries (smallest m) depth ≥ 3 at the smallest init beats depth 2 and the nuclear norm minimum
        int mLow = ms[0];
        double sMin = scales[scales.length - 1];
        double e2 = res.get(deepName(mLow, 2, sMin)).reconstructionError();
        double e3 = res.get(deepName(mLow, 3, sMin)).reconstructionError();
        double e4 = res.get(deepName(mLow, 4, sMin)).reconstructionError();
        double eN = res.get("nucmin-m" + mLow).reconstructionError();
        Finding verdict = verdict(mLow, sMin, e2, e3, e4, eN);
        // dynamics (issue 21): the top singular values of W along GD for depths 2, 3, 4 (Arora et al.'s Figure 3)
        List<TraceFile.Trace> dyn = dynamics(ctx, res, sMin);
        List<String> dynFigures = new ArrayList<>();
        Map<String, Dynamics.Rise> dynSummary = new LinkedHashMap<>();
        if (!dyn.isEmpty()) {
            String name = "dynamics-m" + mLow + "-singular_values";
            SweepReport.save(TracePlot.chart(dyn, "singular_values", String.format(Locale.ROOT,
                "m = %d, init scale %.0e: top %d singular values of W vs iteration", mLow, sMin, TRACE_TOP), "iteration"),
                ctx.dir().resolve("figures").resolve(name));
            dynFigures.add(name);
            captions.put(name, "m = " + mLow + ", init scale " + sMin + ": the top " + TRACE_TOP + " singular values of the end-to-end W "
                + "along GD for depths 2, 3, 4 (as Arora et al.'s Figure 3); deeper: sharper, more separated rises");
            for (TraceFile.Trace t : dyn) {
                dynSummary.put("depth_" + t.run().get("depth"), Dynamics.describe(t, "traces/", RANK, true));
            }
        }

        String mode = ctx.full() ? "full" : "quick";
        Arora2019Summary summary = new Arora2019Summary(name(), "Arora, Cohen, Hu, Luo 2019 (cited in seed 000), matrix completion", mode,
            new Settings(n, RANK, n, spectral, ms, DEPTHS, scales, TOL, cap, ctx.seed(), "1/(N‖W*‖₂^(2−2/N))"), perM, rows,
            List.of(verdict), dynSummary, new Files("index.html", "runs.csv", java.util.stream.Stream.concat(figures.stream(),
            dynFigures.stream()).map(f -> "figures/" + f + ".png").toList()));

        StringBuilder table = new StringBuilder("<h2>Runs</h2>\n<table><tr><th>m</th><th>method</th><th>depth</th><th>init scale</th>"
            + "<th>stop</th><th>steps</th><th>train error</th><th>reconstruction error</th><th>nuclear norm</th><th>effective rank</th>"
            + "<th>seconds</th></tr>\n");
        for (RunEntry r : rows) {
            table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"l\">%s</td><td>%s</td><td>%s</td><td class=\"l\">%s</td>"
                    + "<td>%s</td><td>%.2e</td><td>%.3e</td><td>%.2f</td><td>%.3f</td><td>%.1f</td></tr>%n", r.m(), r.method(),
                orEmpty(r.depth(), "–"), r.scale() != null ? String.format(Locale.ROOT, "%.0e", r.scale()) : "–",
                r.stopReason(), r.iterations(), r.trainError(), r.reconstructionError(), r.nuclearNorm(), r.effectiveRank(), r.seconds()));
        }
        table.append("</table>\n");
        String v = verdict.verdict().word();
        String intro = String.format(Locale.ROOT, "<p>%s. Mode: %s (init scales %s, cap %d steps). W* = UVᵀ, ‖W*‖_F = %d, ‖W*‖₂ = %.2f; "
                + "loss ½Σ_Ω (W_ij − W*_ij)²; step η_N = 1/(N‖W*‖₂^(2−2/N)); Gaussian layers rescaled to the end-to-end scale. Numbers: "
                + "<a href=\"runs.csv\">runs.csv</a>, <a href=\"summary.json\">summary.json</a>.</p>\n<p><b>Paper:</b> %s<br><b>implreg:"
                + "</b> <span class=\"%s\">%s</span> — %s</p>\n", Html.esc(description()), mode,
            java.util.Arrays.toString(scales), cap, n, spectral, Html.esc(QUOTE), verdict.verdict().cssClass(),
            Html.esc(verdict.headline()), Html.esc(verdict.evidence()));
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Arora et al. 2019 (deep matrix completion)",
            List.of(intro, Html.figures("Reconstruction error, nuclear norm and effective rank vs init scale", figures, captions),
                dynFigures.isEmpty() ? "" : Html.figures("Dynamics: singular values of W along GD (traces: traces/*.jsonl, drawn by implreg plot)", dynFigures, captions),
                table.toString()), null);
        ctx.out().printf(Locale.ROOT, "%s (%s): %d runs, %.1f s%n", name(), mode, rows.size(), (System.nanoTime() - start) / 1e9);
        for (RunEntry r : rows) {
            ctx.out().printf(Locale.ROOT, "  m = %-5s %-17s N = %-2s init %-6s %-9s %7s steps  rec. error %.3e  ‖W‖_* %8.2f  eff. rank %.3f%n",
                r.m(), r.method(), orEmpty(r.depth(), "-"), r.scale() != null ? String.format(Locale.ROOT, "%.0e", r.scale()) : "-",
                r.stopReason(), r.iterations(), r.reconstructionError(), r.nuclearNorm(), r.effectiveRank());
        }
        ctx.out().printf("Arora et al. 2019: %s%nwrote %s and %s%n", v, ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    /**
     * With the fewest entries ({@code m}) and the smallest init ({@code scale}): depth 3 or 4 completes at
     * least twice as accurately as the better of depth 2 and the minimum nuclear norm: agrees; more
     * accurately at all: partly; else disagrees. The errors are reconstruction errors ‖W − W*‖_F/‖W*‖_F.
     */
    static Finding verdict(int m, double scale, double e2, double e3, double e4, double eNucmin) {
        boolean deeperBetter = Math.min(e3, e4) < 0.5 * Math.min(e2, eNucmin);
        return Finding.claim("Arora et al. 2019, matrix completion", "with few observed entries, depth ≥ 3 from small init completes more "
                + "accurately than depth 2 and than the minimum nuclear norm", Verdict.of(deeperBetter, Math.min(e3, e4) < Math.min(e2, eNucmin)),
            String.format(Locale.ROOT, "m = %d, init %.0e: reconstruction error depth 2 %.3e, depth 3 %.3e, depth 4 %.3e; min nuclear norm "
                + "%.3e", m, scale, e2, e3, e4, eNucmin))
            .by(Finding.Owner.of("Arora et al.", "deep matrix completion claim"), String.format(Locale.ROOT, "with %d observed entries, "
                + "the best of depth 3 and 4 reconstructs to %.2e against %.2e for the better of depth 2 and the minimum nuclear norm "
                + "(%.1f× %s)", m, Math.min(e3, e4), Math.min(e2, eNucmin), Math.max(Math.min(e2, eNucmin), Math.min(e3, e4))
                    / Math.min(Math.min(e2, eNucmin), Math.min(e3, e4)), Math.min(e3, e4) < Math.min(e2, eNucmin) ? "better" : "worse"));
    }
}

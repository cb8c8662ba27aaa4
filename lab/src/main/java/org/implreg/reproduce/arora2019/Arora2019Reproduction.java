package org.implreg.reproduce.arora2019;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

    @Override
    public Summary run(Context ctx) {
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
        List<Rows.Job> tasks = new ArrayList<>();
        for (int m : ms) {
            AsymmetricCompletion c = data.get(m);
            String base = name() + "|" + ctx.seed() + "|" + n + "|" + m;
            tasks.add(new Rows.Job("nucmin-m" + m, Rows.hash(base + "|nucmin"), () -> nucmin(c, w)));
            for (int depth : DEPTHS) {
                for (double s : scales) {
                    double eta = step(depth, spectral);
                    Map<String, Object> settings = new TreeMap<>(Map.of("m", m, "depth", depth, "scale", s, "eta", eta, "tol", TOL, "cap", cap));
                    boolean traced = m == ms[0] && s == scales[scales.length - 1]; // the dynamics figure's runs
                    tasks.add(new Rows.Job(String.format(Locale.ROOT, "deep-m%d-N%d-s%.0e", m, depth, s),
                        Rows.hash(base + "|" + settings + (traced ? "|trace" : "")), () -> deep(c, w, depth, s, eta, cap, ctx.seed(), traced)));
                }
            }
        }
        Map<String, Map<String, Object>> res = Rows.runAll(ctx, name(), tasks);
        return Summary.untyped(report(ctx, scales, cap, spectral, res, provenance, start));
    }

    private Map<String, Object> nucmin(AsymmetricCompletion c, double[] w) {
        CompletionNucmin.Result r = new CompletionNucmin(CompletionNucmin.Options.defaults().withTol(1e-6).withMaxIterations(20_000))
            .optimize(c, IterationListener.NONE);
        return metrics(r.x(), w, Map.of("method", "min_nuclear_norm", "stop_reason", r.stopReason().name(), "iterations", r.iterations(),
            "seconds", r.seconds(), "duality_gap", r.dualityGap(), "train_error", 0.0));
    }

    private Map<String, Object> deep(AsymmetricCompletion c, double[] w, int depth, double scale, double eta, long cap, long seed,
                                     boolean traced) {
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
        Map<String, Object> m = metrics(r.w(), w, Map.of("method", "deep", "depth", depth, "scale", scale, "eta", eta, "stop_reason",
            r.stopReason().name(), "iterations", r.iterations(), "seconds", r.seconds(), "train_error", r.trainError()));
        if (traced) {
            m.put("trace", trace.rows().stream().map(TraceRecorder.Row::describe).toList());
        }
        return m;
    }

    /** Singular values kept in the dynamics traces. */
    static final int TRACE_TOP = 5;

    /**
     * The dynamics of the smallest m at the smallest init scale (issue 21; Arora et al.'s Figure 3): the traces, written to
     * traces/deep-m…-N….jsonl, as {@link TraceFile} reads them.
     */
    @SuppressWarnings("unchecked")
    private List<TraceFile.Trace> dynamics(Context ctx, Map<String, Map<String, Object>> res, double sMin) {
        List<TraceFile.Trace> out = new ArrayList<>();
        for (int depth : DEPTHS) {
            String job = String.format(Locale.ROOT, "deep-m%d-N%d-s%.0e", ms[0], depth, sMin);
            Map<String, Object> r = res.get(job);
            Object lines = r == null ? null : r.get("trace");
            if (!(lines instanceof List<?> l) || l.isEmpty()) {
                continue;
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("method", "deep");
            run.put("depth", depth);
            run.put("m", ms[0]);
            run.put("init_scale", sMin);
            run.put("step", r.get("eta"));
            Path file = ctx.dir().resolve("traces").resolve(job + ".jsonl");
            StringBuilder b = new StringBuilder(TraceFile.line(Map.of("run", run))).append('\n');
            for (Object line : l) {
                b.append(TraceFile.line(line)).append('\n');
            }
            AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
            out.add(new TraceFile.Trace(file, run, (List<Map<String, Object>>) lines));
        }
        return out;
    }

    private Map<String, Object> metrics(double[] x, double[] w, Map<String, Object> info) {
        double[] sv = Linalg.singularValues(x.clone(), n, n);
        double nuc = 0;
        for (double s : sv) {
            nuc += s;
        }
        Map<String, Object> m = new LinkedHashMap<>(new TreeMap<>(info));
        m.put("reconstruction_error", Linalg.distance(x, w) / Linalg.norm(w));
        m.put("nuclear_norm", nuc);
        m.put("effective_rank", SolutionMetrics.effectiveRank(sv));
        m.put("entropy_rank", SolutionMetrics.entropyEffectiveRank(sv));
        m.put("singular_values_top10", java.util.Arrays.copyOf(sv, Math.min(10, sv.length)));
        return m;
    }

    private static double d(Object o) {
        return o instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    private Map<String, Object> report(Context ctx, double[] scales, long cap, double spectral, Map<String, Map<String, Object>> res,
                                       Provenance.Info provenance, long start) {
        List<String> metrics = List.of("reconstruction_error", "nuclear_norm", "effective_rank");
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("m,method,depth,scale,eta,stop_reason,iterations,seconds,train_error,reconstruction_error,"
            + "nuclear_norm,effective_rank,entropy_rank\n");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : res.entrySet()) {
            Map<String, Object> r = e.getValue();
            int m = Integer.parseInt(e.getKey().replaceAll(".*-m(\\d+).*", "$1"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("m", m);
            row.putAll(r);
            row.remove("trace"); // in traces/
            rows.add(row);
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", m, r.get("method"), r.getOrDefault("depth", ""),
                r.getOrDefault("scale", ""), r.getOrDefault("eta", ""), r.get("stop_reason"), r.get("iterations"), r.get("seconds"),
                r.get("train_error"), r.get("reconstruction_error"), r.get("nuclear_norm"), r.get("effective_rank"), r.get("entropy_rank")));
        }
        AtomicFiles.write(ctx.dir().resolve("runs.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> perM = new LinkedHashMap<>();
        for (int m : ms) {
            Map<String, Object> nuc = res.get("nucmin-m" + m);
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("min_nuclear_norm", Map.of("reconstruction_error", nuc.get("reconstruction_error"), "nuclear_norm", nuc.get("nuclear_norm"),
                "effective_rank", nuc.get("effective_rank"), "duality_gap", nuc.get("duality_gap")));
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
                        ys[i] = d(res.get(String.format(Locale.ROOT, "deep-m%d-N%d-s%.0e", m, depth, scales[i])).get(metric));
                    }
                    Charts.line(c, "depth " + depth, scales, ys);
                    Map<String, Object> pd = new LinkedHashMap<>();
                    for (int i = 0; i < scales.length; i++) {
                        Map<String, Object> r = res.get(String.format(Locale.ROOT, "deep-m%d-N%d-s%.0e", m, depth, scales[i]));
                        pd.put(String.format(Locale.ROOT, "%.0e", scales[i]), Map.of("reconstruction_error", r.get("reconstruction_error"),
                            "nuclear_norm", r.get("nuclear_norm"), "effective_rank", r.get("effective_rank"), "stop_reason", r.get("stop_reason"),
                            "iterations", r.get("iterations"), "train_error", r.get("train_error")));
                    }
                    pm.put("depth_" + depth, pd);
                }
                Charts.reference(c, "min ‖X‖_* (certified)", scales[0], scales[scales.length - 1], d(nuc.get(metric)));
                String name = "m" + m + "-" + metric;
                SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
                figures.add(name);
                captions.put(name, "m = " + m + ": " + metric + " of the end-to-end W after GD (stop at training error " + TOL + " or "
                    + cap + " steps) vs the init scale; dashed: the minimum nuclear norm completion");
            }
            perM.put(String.valueOf(m), pm);
        }
        // verdict: with few entries (smallest m) depth ≥ 3 at the smallest init beats depth 2 and the nuclear norm minimum
        int mLow = ms[0];
        double sMin = scales[scales.length - 1];
        double e2 = d(res.get(String.format(Locale.ROOT, "deep-m%d-N2-s%.0e", mLow, sMin)).get("reconstruction_error"));
        double e3 = d(res.get(String.format(Locale.ROOT, "deep-m%d-N3-s%.0e", mLow, sMin)).get("reconstruction_error"));
        double e4 = d(res.get(String.format(Locale.ROOT, "deep-m%d-N4-s%.0e", mLow, sMin)).get("reconstruction_error"));
        double eN = d(res.get("nucmin-m" + mLow).get("reconstruction_error"));
        Finding verdict = verdict(mLow, sMin, e2, e3, e4, eN);
        // dynamics (issue 21): the top singular values of W along GD for depths 2, 3, 4 (Arora et al.'s Figure 3)
        List<TraceFile.Trace> dyn = dynamics(ctx, res, sMin);
        List<String> dynFigures = new ArrayList<>();
        Map<String, Object> dynSummary = new LinkedHashMap<>();
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

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Arora, Cohen, Hu, Luo 2019 (cited in seed 000), matrix completion");
        summary.put("mode", ctx.full() ? "full" : "quick");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("rank", RANK);
        settings.put("truth_frobenius", n);
        settings.put("truth_spectral", spectral);
        settings.put("ms", ms);
        settings.put("depths", DEPTHS);
        settings.put("scales", scales);
        settings.put("tol", TOL);
        settings.put("cap", cap);
        settings.put("seed", ctx.seed());
        settings.put("eta", "1/(N‖W*‖₂^(2−2/N))");
        summary.put("settings", settings);
        summary.put("per_m", perM);
        summary.put("runs", rows);
        summary.put("verdicts", List.of(verdict.toMap()));
        summary.put("dynamics", dynSummary);
        summary.put("files", Map.of("index", "index.html", "runs", "runs.csv", "figures", java.util.stream.Stream.concat(figures.stream(),
            dynFigures.stream()).map(f -> "figures/" + f + ".png").toList()));

        StringBuilder table = new StringBuilder("<h2>Runs</h2>\n<table><tr><th>m</th><th>method</th><th>depth</th><th>init scale</th>"
            + "<th>stop</th><th>steps</th><th>train error</th><th>reconstruction error</th><th>nuclear norm</th><th>effective rank</th>"
            + "<th>seconds</th></tr>\n");
        for (Map<String, Object> r : rows) {
            table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"l\">%s</td><td>%s</td><td>%s</td><td class=\"l\">%s</td>"
                    + "<td>%s</td><td>%.2e</td><td>%.3e</td><td>%.2f</td><td>%.3f</td><td>%.1f</td></tr>%n", r.get("m"), r.get("method"),
                r.getOrDefault("depth", "–"), r.containsKey("scale") ? String.format(Locale.ROOT, "%.0e", d(r.get("scale"))) : "–",
                r.get("stop_reason"), r.get("iterations"), d(r.get("train_error")), d(r.get("reconstruction_error")), d(r.get("nuclear_norm")),
                d(r.get("effective_rank")), d(r.get("seconds"))));
        }
        table.append("</table>\n");
        String v = verdict.verdict().word();
        String intro = String.format(Locale.ROOT, "<p>%s. Mode: %s (init scales %s, cap %d steps). W* = UVᵀ, ‖W*‖_F = %d, ‖W*‖₂ = %.2f; "
                + "loss ½Σ_Ω (W_ij − W*_ij)²; step η_N = 1/(N‖W*‖₂^(2−2/N)); Gaussian layers rescaled to the end-to-end scale. Numbers: "
                + "<a href=\"runs.csv\">runs.csv</a>, <a href=\"summary.json\">summary.json</a>.</p>\n<p><b>Paper:</b> %s<br><b>implreg:"
                + "</b> <span class=\"%s\">%s</span> — %s</p>\n", Html.esc(description()), ctx.full() ? "full" : "quick",
            java.util.Arrays.toString(scales), cap, n, spectral, Html.esc(QUOTE), verdict.verdict().cssClass(),
            Html.esc(verdict.headline()), Html.esc(verdict.evidence()));
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Arora et al. 2019 (deep matrix completion)",
            List.of(intro, Html.figures("Reconstruction error, nuclear norm and effective rank vs init scale", figures, captions),
                dynFigures.isEmpty() ? "" : Html.figures("Dynamics: singular values of W along GD (traces: traces/*.jsonl, drawn by implreg plot)", dynFigures, captions),
                table.toString()), null);
        ctx.out().printf(Locale.ROOT, "%s (%s): %d runs, %.1f s%n", name(), summary.get("mode"), rows.size(), (Double) summary.get("seconds"));
        for (Map<String, Object> r : rows) {
            ctx.out().printf(Locale.ROOT, "  m = %-5s %-17s N = %-2s init %-6s %-9s %7s steps  rec. error %.3e  ‖W‖_* %8.2f  eff. rank %.3f%n",
                r.get("m"), r.get("method"), r.getOrDefault("depth", "-"), r.containsKey("scale") ? String.format(Locale.ROOT, "%.0e",
                    d(r.get("scale"))) : "-", r.get("stop_reason"), r.get("iterations"), d(r.get("reconstruction_error")),
                d(r.get("nuclear_norm")), d(r.get("effective_rank")));
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

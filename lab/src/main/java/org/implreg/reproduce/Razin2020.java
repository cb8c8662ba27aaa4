package org.implreg.reproduce;

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
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.knowm.xchart.XYChart;

/**
 * Razin &amp; Cohen (NeurIPS 2020), the counterexample: 2×2 completion with W₁₂ = 1, W₂₁ = 1, W₂₂ = 0
 * observed (W₁₁ free), L(W) = ½Σ_Ω (W_ij − M_ij)², GD on W = W_N⋯W₁ (2×2 layers, balanced init:
 * rotations scaled by {@link #LAYER_SCALE}, {@link #init}), depths 2, 3, 4, with det W(0) &gt; 0 and, for contrast,
 * det W(0) &lt; 0 (the first row of W₁ negated). Along the path: loss, |W₁₁|, ‖W‖_F, ‖W‖_*, the
 * Schatten-½ quasi-norm (Σσ^½)², the effective rank ‖W‖_* / ‖W‖₂ and det W.
 *
 * <p>Why the norms must grow: det W = Π det W_j keeps its sign along GD as long as no layer becomes
 * singular (which small steps avoid: d/dt det W_j = det W_j·tr(W_j⁻¹Ẇ_j) under the flow). With
 * det W &gt; 0, W₁₁W₂₂ &gt; W₁₂W₂₁; with δ = √(2L) &lt; 1, |W₂₂| ≤ δ and W₁₂, W₂₁ ≥ 1 − δ, so
 * |W₁₁| ≥ (1 − δ)²/δ: the loss can go to 0 only with |W₁₁| → ∞ (≈ 1/√(2L)), and every norm with it.
 */
final class Razin2020 implements Reproduction {
    static final int[] DEPTHS = {2, 3, 4};
    static final double LAYER_SCALE = 0.5;
    static final double STEP = 2e-3;
    static final long QUICK_STEPS = 400_000;
    static final long FULL_STEPS = 2_000_000;
    static final int RECORDS = 160;
    static final String QUOTE = "\"There exist matrix completion problems on which gradient descent over a deep matrix factorization, "
        + "initialized arbitrarily close to the origin, drives all (quasi-)norms towards infinity while the rank essentially decreases "
        + "towards its minimum (here: the effective rank tends to 1); with det W(0) < 0 the norms stay bounded.\" (Razin & Cohen 2020, "
        + "Theorem 1 and Section 4, paraphrased)";

    private final long quickSteps;

    Razin2020() {
        this(QUICK_STEPS);
    }

    /** Another step count for the quick mode (CI size). */
    Razin2020(long quickSteps) {
        this.quickSteps = quickSteps;
    }

    @Override
    public Reproduction ciSized() {
        return new Razin2020(2_000);
    }

    @Override
    public String name() {
        return "razin2020";
    }

    @Override
    public String description() {
        return "Razin & Cohen 2020: 2×2 completion (W12 = W21 = 1, W22 = 0) where GD on a deep factorization fits the data "
            + "while every norm grows without bound (det W(0) > 0), depths 2, 3, 4";
    }

    /** One run: depth, sign of det W(0), step, step count. */
    record Job(int depth, int detSign, double step, long steps) {
        String file() {
            return "depth-" + depth + (detSign > 0 ? "-det-positive" : "-det-negative");
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("depth", depth);
            m.put("det_sign", detSign);
            m.put("layer_scale", LAYER_SCALE);
            m.put("step", step);
            m.put("steps", steps);
            m.put("records", RECORDS);
            return m;
        }
    }

    static List<Job> jobs(boolean full) {
        return jobs(full ? FULL_STEPS : QUICK_STEPS);
    }

    static List<Job> jobs(long steps) {
        List<Job> jobs = new ArrayList<>();
        for (int n : DEPTHS) {
            for (int s : new int[] {1, -1}) {
                jobs.add(new Job(n, s, STEP, steps));
            }
        }
        return jobs;
    }

    /** The problem: observed W₁₂ = 1, W₂₁ = 1, W₂₂ = 0. */
    static AsymmetricCompletion problem() {
        return new AsymmetricCompletion(2, 2, new int[] {0, 1, 1}, new int[] {1, 0, 1}, new double[] {1, 1, 0}, Map.of());
    }

    /**
     * Balanced layers W_j = a·R(θ_j), a = {@link #LAYER_SCALE}, R a rotation by a random angle (seed 1):
     * W_{j+1}ᵀW_{j+1} = W_jW_jᵀ = a²I, so the layers' singular values stay equal along the flow and none
     * becomes singular before W does; for det W(0) &lt; 0 the first layer is a reflection (its first row
     * negated). With unbalanced (e.g. Gaussian) layers one layer can pass through a singular matrix and
     * det W change sign, which the theorem's setting excludes.
     */
    static double[][] init(int depth, int detSign) {
        var rng = Rng.stream(1, "razin2020-depth-" + depth);
        double[][] l = new double[depth][];
        for (int j = 0; j < depth; j++) {
            double t = 2 * Math.PI * rng.nextDouble();
            l[j] = new double[] {LAYER_SCALE * Math.cos(t), LAYER_SCALE * Math.sin(t), -LAYER_SCALE * Math.sin(t), LAYER_SCALE * Math.cos(t)};
        }
        if (detSign < 0) {
            l[0][0] = -l[0][0];
            l[0][2] = -l[0][2];
        }
        return l;
    }

    static double det(double[] w) {
        return w[0] * w[3] - w[1] * w[2];
    }

    /** Singular values of a 2×2 column-major matrix, descending (closed form). */
    static double[] sigma(double[] w) {
        double f2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + w[3] * w[3];
        double d = Math.abs(det(w));
        double disc = Math.sqrt(Math.max(0, f2 * f2 - 4 * d * d));
        double s1 = Math.sqrt((f2 + disc) / 2);
        double s2 = s1 > 0 ? d / s1 : 0;
        return new double[] {s1, s2};
    }

    /** The path's metrics at W: loss, |W₁₁|, ‖W‖_F, ‖W‖_*, Schatten-½, effective rank, det. */
    static double[] metrics(double loss, double[] w) {
        double[] s = sigma(w);
        double half = Math.pow(Math.sqrt(s[0]) + Math.sqrt(s[1]), 2);
        return new double[] {loss, Math.abs(w[0]), Math.hypot(s[0], s[1]), s[0] + s[1], half, s[0] > 0 ? (s[0] + s[1]) / s[0] : Double.NaN,
            det(w)};
    }

    static final String[] COLUMNS = {"loss", "abs_w11", "frobenius", "nuclear", "schatten_half", "effective_rank", "det"};

    /** Runs one job: the path at log-spaced steps as columns, plus the final values. */
    static Map<String, Object> runJob(Job j) {
        DeepFactorization f = new DeepFactorization(EndToEndLoss.entries(problem()), DeepFactorization.squareDims(2, j.depth()));
        List<Long> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        double ratio = Math.pow(Math.max(2, j.steps()), 1.0 / RECORDS);
        double[] next = {1};
        int[] signChanges = {0};
        long[] firstChange = {-1};
        double[] lastDet = {Double.NaN};
        DeepGradientDescent.Result r = new DeepGradientDescent(DeepGradientDescent.Options.fixed(j.step(), j.steps())).optimize(f,
            init(j.depth(), j.detSign()), (st, layers) -> {
                double dt = det(st.point());
                if (!Double.isNaN(lastDet[0]) && Math.signum(dt) != Math.signum(lastDet[0])) {
                    signChanges[0]++;
                    if (firstChange[0] < 0) {
                        firstChange[0] = st.iteration();
                    }
                }
                lastDet[0] = dt;
                if (st.iteration() == 0 || st.iteration() >= next[0] || st.iteration() == j.steps()) {
                    steps.add(st.iteration());
                    rows.add(metrics(st.loss(), st.point()));
                    while (next[0] <= st.iteration()) {
                        next[0] = Math.max(next[0] + 1, Math.floor(next[0] * ratio));
                    }
                }
            });
        if (steps.get(steps.size() - 1) != r.iterations()) {
            steps.add(r.iterations());
            rows.add(metrics(r.loss(), r.w()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", j.describe());
        m.put("stop_reason", r.stopReason().name());
        m.put("iterations", r.iterations());
        m.put("seconds", r.seconds());
        m.put("det_sign_changes", signChanges[0]);
        m.put("first_sign_change_step", firstChange[0] < 0 ? null : firstChange[0]);
        m.put("final_w", r.w());
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("step", steps);
        for (int c = 0; c < COLUMNS.length; c++) {
            List<Double> col = new ArrayList<>();
            for (double[] row : rows) {
                col.add(row[c]);
            }
            path.put(COLUMNS[c], col);
        }
        m.put("path", path);
        return m;
    }

    @Override
    public Map<String, Object> run(Context ctx) {
        long start = System.nanoTime();
        List<Job> jobs = jobs(ctx.full() ? FULL_STEPS : quickSteps);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        List<Rows.Job> tasks = new ArrayList<>();
        for (Job j : jobs) {
            tasks.add(new Rows.Job(j.file(), Rows.hash(name() + "|" + new TreeMap<>(j.describe())), () -> runJob(j)));
        }
        Map<String, Map<String, Object>> res = Rows.runAll(ctx, name(), tasks);
        return report(ctx, jobs, res, provenance, start);
    }

    @SuppressWarnings("unchecked")
    static double[] column(Map<String, Object> run, String key) {
        List<?> l = (List<?>) ((Map<String, Object>) run.get("path")).get(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i) instanceof Number x ? x.doubleValue() : Double.NaN;
        }
        return out;
    }

    /** The summary of one run: first and last values of each path column, the bound check. */
    static Map<String, Object> runSummary(Map<String, Object> run) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("iterations", run.get("iterations"));
        s.put("stop_reason", run.get("stop_reason"));
        s.put("det_sign_changes", run.get("det_sign_changes"));
        s.put("first_sign_change_step", run.get("first_sign_change_step"));
        for (String c : COLUMNS) {
            double[] v = column(run, c);
            s.put(c + "_initial", v[0]);
            s.put(c + "_final", v[v.length - 1]);
        }
        double[] loss = column(run, "loss");
        double[] w11 = column(run, "abs_w11");
        s.put("w11_times_sqrt_2loss_final", w11[w11.length - 1] * Math.sqrt(2 * loss[loss.length - 1]));
        s.put("bound_violations", boundViolations(loss, w11, column(run, "det")));
        return s;
    }

    /**
     * The recorded points with det W &gt; 0 and δ = √(2L) &lt; 1 where |W₁₁| &lt; (1 − δ)²/δ (the bound; 0 when
     * it holds everywhere).
     */
    static int boundViolations(double[] loss, double[] w11, double[] det) {
        int v = 0;
        for (int k = 0; k < loss.length; k++) {
            double d = Math.sqrt(2 * loss[k]);
            if (det[k] > 0 && d < 1 && d > 0 && w11[k] < (1 - d) * (1 - d) / d * (1 - 1e-9)) {
                v++;
            }
        }
        return v;
    }

    private Map<String, Object> report(Context ctx, List<Job> jobs, Map<String, Map<String, Object>> res, Provenance.Info provenance,
                                       long start) {
        StringBuilder csv = new StringBuilder("run,depth,det_sign,step," + String.join(",", COLUMNS) + "\n");
        for (Job j : jobs) {
            Map<String, Object> r = res.get(j.file());
            double[] st = column(r, "step");
            double[][] cols = new double[COLUMNS.length][];
            for (int c = 0; c < COLUMNS.length; c++) {
                cols[c] = column(r, COLUMNS[c]);
            }
            for (int k = 0; k < st.length; k++) {
                csv.append(j.file()).append(',').append(j.depth()).append(',').append(j.detSign()).append(',').append((long) st[k]);
                for (double[] c : cols) {
                    csv.append(',').append(c[k]);
                }
                csv.append('\n');
            }
        }
        AtomicFiles.write(ctx.dir().resolve("paths.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        for (Job j : jobs) {
            Map<String, Object> r = res.get(j.file());
            double[] st = column(r, "step");
            double[] x = java.util.Arrays.copyOfRange(st, 1, st.length);
            XYChart c = Charts.chart("Razin & Cohen, depth " + j.depth() + ", det W(0) " + (j.detSign() > 0 ? "> 0" : "< 0"),
                "GD step (log)", "value (log)");
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmic(true);
            for (String col : new String[] {"loss", "abs_w11", "frobenius", "nuclear", "schatten_half", "effective_rank"}) {
                double[] v = column(r, col);
                Charts.line(c, col, x, java.util.Arrays.copyOfRange(v, 1, v.length));
            }
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(j.file()));
            figures.add(j.file());
            captions.put(j.file(), String.format(Locale.ROOT, "depth %d, det W(0) %s, η = %s, %d steps: loss, |W₁₁|, ‖W‖_F, ‖W‖_*, "
                + "Schatten-½ and effective rank along the path", j.depth(), j.detSign() > 0 ? "> 0" : "< 0", j.step(), j.steps()));
        }
        Map<String, Object> runs = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> positive = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> negative = new LinkedHashMap<>();
        for (Job j : jobs) {
            Map<String, Object> s = runSummary(res.get(j.file()));
            runs.put(j.file(), s);
            (j.detSign() > 0 ? positive : negative).put(j.depth(), s);
        }
        List<Finding> findings = List.of(normsGrow(positive), negativeBounded(negative), invariant(positive, negative));
        List<Map<String, Object>> verdicts = findings.stream().map(Finding::toMap).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Razin & Cohen 2020, Implicit Regularization in Deep Learning May Not Be Explainable by Norms");
        summary.put("mode", ctx.full() ? "full" : "quick");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("observed", "W12 = 1, W21 = 1, W22 = 0");
        settings.put("loss", "½Σ_Ω (W_ij − M_ij)²");
        settings.put("depths", DEPTHS);
        settings.put("layer_scale", LAYER_SCALE);
        settings.put("step", STEP);
        settings.put("steps", jobs.get(0).steps());
        summary.put("settings", settings);
        summary.put("runs", runs);
        summary.put("verdicts", verdicts);
        summary.put("files", Map.of("index", "index.html", "paths", "paths.csv", "figures",
            figures.stream().map(f -> "figures/" + f + ".png").toList()));
        StringBuilder html = new StringBuilder();
        html.append("<p>").append(Html.esc(description())).append(". GD with η = ").append(STEP).append(", balanced layers a·(random rotation), a = ")
            .append(LAYER_SCALE).append(". Numbers: <a href=\"summary.json\">summary.json</a>, <a href=\"paths.csv\">paths.csv</a>.</p>\n");
        for (Finding f : findings) {
            html.append(Page.verdictParagraph(f));
        }
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Razin & Cohen 2020 (norms are not the answer)",
            List.of(html.toString(), Html.figures("Paths per depth", figures, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (Double) summary.get("seconds"));
        for (Map<String, Object> v : verdicts) {
            ctx.out().printf("  %s: %s%n", v.get("figure"), v.get("verdict"));
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    // ---------------------------------------------------------------------------------------------
    // verdict rules: numbers in, finding out

    private static double num(Map<String, Object> s, String k) {
        return ((Number) s.get(k)).doubleValue();
    }

    /**
     * det W(0) &gt; 0: at every depth the final loss is below 1e-3 (and below a hundredth of the initial),
     * |W₁₁|, ‖W‖_F, ‖W‖_* and the Schatten-½ quasi-norm end at least 10× above their initial values and
     * ≥ 10, and the effective rank ends below 1.1: agrees; some depths: partly; none: disagrees.
     */
    static Finding normsGrow(Map<Integer, Map<String, Object>> positive) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<Integer, Map<String, Object>> e : positive.entrySet()) {
            Map<String, Object> s = e.getValue();
            boolean fit = num(s, "loss_final") < 1e-3 && num(s, "loss_final") < 0.01 * num(s, "loss_initial");
            boolean grow = true;
            for (String c : new String[] {"abs_w11", "frobenius", "nuclear", "schatten_half"}) {
                grow &= num(s, c + "_final") >= Math.max(10, 10 * num(s, c + "_initial"));
            }
            boolean rank = num(s, "effective_rank_final") < 1.1;
            if (fit && grow && rank) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "depth %d: loss %.2e → %.2e, |W11| %.3g → %.3g, ‖W‖_F → %.3g, ‖W‖_* → %.3g, "
                    + "Schatten-½ → %.3g, effective rank %.3f → %.4f%s; ", e.getKey(), num(s, "loss_initial"), num(s, "loss_final"),
                num(s, "abs_w11_initial"), num(s, "abs_w11_final"), num(s, "frobenius_final"), num(s, "nuclear_final"),
                num(s, "schatten_half_final"), num(s, "effective_rank_initial"), num(s, "effective_rank_final"),
                s.get("first_sign_change_step") == null ? "" : " (det W crossed 0 at step " + s.get("first_sign_change_step")
                    + ": GD's finite step jumps over the exponentially small singular value that the depth-2 flow only approaches; "
                    + "it then fits the data with bounded norms)"));
        }
        return Finding.claim("Theorem 1", "det W(0) > 0: loss → 0 while every norm grows without bound and the effective rank → 1",
            Verdict.of(ok == positive.size(), ok > 0), ev.toString().replaceAll("; $", ""))
            .by(Finding.Owner.of("Razin & Cohen", "Theorem 1"), ok + " of " + positive.size() + " depths with det W(0) > 0 fit the data "
                + "while every norm grows at least tenfold and the effective rank ends below 1.1");
    }

    /** det W(0) &lt; 0: at every depth the loss falls below 1e-3 with ‖W‖_F ≤ 3 (bounded; the data fit with ‖W‖_F = √2): agrees, some: partly. */
    static Finding negativeBounded(Map<Integer, Map<String, Object>> negative) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<Integer, Map<String, Object>> e : negative.entrySet()) {
            Map<String, Object> s = e.getValue();
            if (num(s, "loss_final") < 1e-3 && num(s, "frobenius_final") <= 3) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "depth %d: loss → %.2e, ‖W‖_F → %.4f, |W11| → %.3g, effective rank → %.4f; ", e.getKey(),
                num(s, "loss_final"), num(s, "frobenius_final"), num(s, "abs_w11_final"), num(s, "effective_rank_final")));
        }
        return Finding.claim("Contrast", "det W(0) < 0: the data are fitted with bounded norms", Verdict.of(ok == negative.size(), ok > 0),
            ev.toString().replaceAll("; $", "")).by(Finding.Owner.of("Razin & Cohen", "contrast case"), ok + " of " + negative.size()
                + " depths with det W(0) < 0 fit the data with ‖W‖_F ≤ 3");
    }

    /**
     * The invariant: det W keeps its sign on every run and, with det &gt; 0, the bound |W₁₁| ≥ (1 − δ)²/δ,
     * δ = √(2L), holds at every recorded point: agrees; some runs change sign (GD's finite step crosses
     * det = 0 where the flow cannot) or the bound fails somewhere: partly; every run changes sign: disagrees.
     */
    static Finding invariant(Map<Integer, Map<String, Object>> positive, Map<Integer, Map<String, Object>> negative) {
        int runs = 0;
        int changed = 0;
        long violations = 0;
        StringBuilder ev = new StringBuilder();
        for (Map<Integer, Map<String, Object>> g : List.of(positive, negative)) {
            for (Map.Entry<Integer, Map<String, Object>> e : g.entrySet()) {
                Map<String, Object> s = e.getValue();
                runs++;
                violations += ((Number) s.get("bound_violations")).longValue();
                if (((Number) s.get("det_sign_changes")).longValue() > 0) {
                    changed++;
                    ev.append(String.format(Locale.ROOT, "depth %d, det W(0) %s: det W changes sign at step %s; ", e.getKey(),
                        g == positive ? "> 0" : "< 0", s.get("first_sign_change_step")));
                }
            }
        }
        for (Map.Entry<Integer, Map<String, Object>> e : positive.entrySet()) {
            ev.append(String.format(Locale.ROOT, "depth %d: |W11|·√(2L) = %.4f at the end; ", e.getKey(),
                num(e.getValue(), "w11_times_sqrt_2loss_final")));
        }
        return Finding.claim("Invariant", "sign(det W) is preserved; |W11| ≥ (1 − √(2L))²/√(2L) when det W > 0",
            Verdict.of(changed == 0 && violations == 0, changed < runs),
            String.format(Locale.ROOT, "%d of %d runs keep the sign of det W, %d recorded points below the bound; ", runs - changed, runs,
                violations) + ev.toString().replaceAll("; $", ""))
            .by(Finding.Owner.of("Razin & Cohen", "invariant"), (runs - changed) + " of " + runs + " runs keep the sign of det W, with "
                + violations + " recorded points below the bound");
    }
}

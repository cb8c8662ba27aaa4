package org.implreg.reproduce.razin2020;

import java.awt.BasicStroke;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Verdict;
import org.implreg.run.IterationState;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Razin &amp; Cohen (NeurIPS 2020), the counterexample: 2×2 completion with W₁₂ = 1, W₂₁ = 1, W₂₂ = 0
 * observed (W₁₁ free), L(W) = ½Σ_Ω (W_ij − M_ij)², GD on W = W_N⋯W₁ (2×2 layers), depths 2, 3, 4, with
 * det W(0) &gt; 0 and, for contrast, det W(0) &lt; 0, in two settings ({@link Setting}): implreg's (balanced
 * layers, ‖W(0)‖_F 0.1–0.35, η = 2e-3) and the paper's (the authors' public code: each layer Gaussian with
 * std 8e-3, resampled until det W(0) has the wanted sign, η = 3e-3, stop at L ≤ 1e-4). Along the path: loss,
 * |W₁₁|, ‖W‖_F, ‖W‖_*, the Schatten-½ quasi-norm (Σσ^½)², the ratio ‖W‖_* / ‖W‖₂, the paper's effective rank
 * erank(W) = exp H(σ/‖σ‖₁) (Roy &amp; Vetterli; H the Shannon entropy) and det W.
 *
 * <p>Why the norms must grow: det W = Π det W_j keeps its sign along the flow as long as no layer becomes
 * singular (for balanced layers none does: σ̇ = −Nσ^{2−2/N}⟨∇L, u vᵀ⟩ cannot reach σ = 0 in finite time). With
 * det W &gt; 0, W₁₁W₂₂ &gt; W₁₂W₂₁; with δ = √(2L) &lt; 1, |W₂₂| ≤ δ and W₁₂, W₂₁ ≥ 1 − δ, so
 * |W₁₁| ≥ (1 − δ)²/δ: the loss can go to 0 only with |W₁₁| → ∞ (≈ 1/√(2L)), and every norm with it.
 *
 * <p>Crossings of det W = 0 ({@link #classify}): GD's finite step can leave the flow. At depth 2 the flow's
 * σ₂(W) decays exponentially in flow time, GD's layers drift from balance by O(η) and a layer passes through
 * a singular matrix once σ₂ is that small. Each run whose det W changes sign is rerun with η/4 to the same
 * flow time: a crossing the smaller step moves by more than {@link #SAME_CROSSING_TIME} (relative flow time)
 * is GD's ({@code discretization}: the path after it is not the flow's, and the run is judged up to the
 * step before), one it does not move is the flow's ({@code flow}: a layer passes through a singular matrix,
 * which unbalanced layers allow, and the theorem's hypothesis det W(t) &gt; 0 no longer holds).
 */
public final class Razin2020 implements Reproduction {
    static final int[] DEPTHS = {2, 3, 4};
    static final double LAYER_SCALE = 0.5;
    static final double STEP = 2e-3;
    static final long QUICK_STEPS = 400_000;
    static final long FULL_STEPS = 2_000_000;
    /** The authors' code (noamrazin/imp_reg_dl_not_norms, dmf_multiple_experiments_runner.py): init std per layer. */
    static final double PAPER_STD = 8e-3;
    /** The authors' learning rate. */
    static final double PAPER_STEP = 3e-3;
    /** The authors' stop: ½Σ_Ω (W_ij − M_ij)² below this. */
    static final double PAPER_STOP_LOSS = 1e-4;
    /** The authors' epoch cap (quick and full alike: depth 4 from the paper's init escapes the origin after 4.5·10⁶ steps). */
    static final long PAPER_STEPS = 5_000_000;
    /** A crossing of det W = 0 is the flow's when the η/4 rerun crosses within this fraction of its flow time. */
    static final double SAME_CROSSING_TIME = 0.05;
    /** The step of the rerun that classifies a crossing: η divided by this. */
    static final double REFINE = 4;
    static final int RECORDS = 160;
    static final String QUOTE = "\"There exist matrix completion problems on which gradient descent over a deep matrix factorization, "
        + "initialized arbitrarily close to the origin, drives all (quasi-)norms towards infinity while the rank essentially decreases "
        + "towards its minimum (here: the effective rank tends to 1).\" (Razin & Cohen 2020, Theorem 1 and Section 4, paraphrased)";

    /** Where the layers start and how GD steps. */
    enum Setting {
        /** Balanced layers a·R(θ_j), a = {@link #LAYER_SCALE}, η = {@link #STEP}, a fixed step count. */
        IMPLREG("implreg's setting", ""),
        /** Gaussian layers, std {@link #PAPER_STD}, η = {@link #PAPER_STEP}, stop at L ≤ {@link #PAPER_STOP_LOSS}. */
        PAPER("the paper's setting", "paper-");

        final String words;
        final String prefix;

        Setting(String words, String prefix) {
            this.words = words;
            this.prefix = prefix;
        }
    }

    private final long quickSteps;
    private final long paperQuickSteps;

    public Razin2020() {
        this(QUICK_STEPS, PAPER_STEPS);
    }

    /** Other step counts for the quick mode (CI size). */
    Razin2020(long quickSteps, long paperQuickSteps) {
        this.quickSteps = quickSteps;
        this.paperQuickSteps = paperQuickSteps;
    }

    @Override
    public Reproduction ciSized() {
        return new Razin2020(2_000, 2_000);
    }

    @Override
    public String name() {
        return "razin2020";
    }

    @Override
    public String description() {
        return "Razin & Cohen 2020: 2×2 completion (W12 = W21 = 1, W22 = 0) where GD on a deep factorization fits the data "
            + "while every norm grows without bound (det W(0) > 0), depths 2, 3, 4, at implreg's and at the paper's setting";
    }

    /** One run: setting, depth, sign of det W(0), step, step cap. */
    record Job(Setting setting, int depth, int detSign, double step, long steps) {
        Job(int depth, int detSign, double step, long steps) {
            this(Setting.IMPLREG, depth, detSign, step, steps);
        }

        String file() {
            return setting.prefix + "depth-" + depth + (detSign > 0 ? "-det-positive" : "-det-negative");
        }

        /** The loss to stop at (0: none). */
        double stopLoss() {
            return setting == Setting.PAPER ? PAPER_STOP_LOSS : 0;
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setting", setting.name().toLowerCase(Locale.ROOT));
            m.put("depth", depth);
            m.put("det_sign", detSign);
            if (setting == Setting.PAPER) {
                m.put("init", "gaussian");
                m.put("init_std", PAPER_STD);
                m.put("stop_loss", PAPER_STOP_LOSS);
            } else {
                m.put("init", "balanced");
                m.put("layer_scale", LAYER_SCALE);
            }
            m.put("step", step);
            m.put("steps", steps);
            m.put("records", RECORDS);
            m.put("refine", REFINE);
            return m;
        }
    }

    static List<Job> jobs(boolean full) {
        return jobs(full ? FULL_STEPS : QUICK_STEPS, full ? PAPER_STEPS : PAPER_STEPS);
    }

    static List<Job> jobs(long steps, long paperSteps) {
        List<Job> jobs = new ArrayList<>();
        for (Setting set : Setting.values()) {
            for (int n : DEPTHS) {
                for (int s : new int[] {1, -1}) {
                    jobs.add(set == Setting.PAPER ? new Job(set, n, s, PAPER_STEP, paperSteps) : new Job(set, n, s, STEP, steps));
                }
            }
        }
        return jobs;
    }

    /** The problem: observed W₁₂ = 1, W₂₁ = 1, W₂₂ = 0. */
    static AsymmetricCompletion problem() {
        return new AsymmetricCompletion(2, 2, new int[] {0, 1, 1}, new int[] {1, 0, 1}, new double[] {1, 1, 0}, Map.of());
    }

    /** The job's initial layers: {@link #init(int, int)} or {@link #paperInit(int, int)}. */
    static double[][] init(Job j) {
        return j.setting() == Setting.PAPER ? paperInit(j.depth(), j.detSign()) : init(j.depth(), j.detSign());
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

    /**
     * The paper's initialization (the authors' code): every entry of every layer N(0, {@link #PAPER_STD}²),
     * drawn again (seeded stream, seed 1) until sign det W(0) = {@code detSign}.
     */
    static double[][] paperInit(int depth, int detSign) {
        var rng = Rng.stream(1, "razin2020-paper-depth-" + depth + (detSign > 0 ? "-positive" : "-negative"));
        while (true) {
            double[][] l = new double[depth][];
            double d = 1;
            for (int j = 0; j < depth; j++) {
                l[j] = Rng.gaussian(rng, 4);
                for (int i = 0; i < 4; i++) {
                    l[j][i] *= PAPER_STD;
                }
                d *= det(l[j]);
            }
            if (d * detSign > 0) {
                return l;
            }
        }
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

    /**
     * The path's metrics at W ({@link #COLUMNS}): loss, |W₁₁|, ‖W‖_F, ‖W‖_*, Schatten-½ (Σσ^½)², ‖W‖_* / ‖W‖₂,
     * erank = exp H(σ/‖σ‖₁) (Roy &amp; Vetterli, the paper's effective rank), det W.
     */
    static double[] metrics(double loss, double[] w) {
        double[] s = sigma(w);
        double half = Math.pow(Math.sqrt(s[0]) + Math.sqrt(s[1]), 2);
        return new double[] {loss, Math.abs(w[0]), Math.hypot(s[0], s[1]), s[0] + s[1], half, SolutionMetrics.effectiveRank(s),
            SolutionMetrics.entropyEffectiveRank(s), det(w)};
    }

    static final String[] COLUMNS = {"loss", "abs_w11", "frobenius", "nuclear", "schatten_half", "nuclear_to_spectral", "erank", "det"};
    /** The columns' names on the page and the figures. */
    static final String[] LABELS = {"loss", "|W₁₁|", "‖W‖_F", "‖W‖_*", "Schatten-½", "‖W‖_*/‖W‖₂", "erank", "det W"};

    /** A GD run's first change of sign(det W): the step that made it (−1: none), the flow time, the iterate before it. */
    private static final class Crossings implements DeepGradientDescent.Listener {
        int count;
        long firstStep = -1;
        double firstTime = Double.NaN;
        double[] before;
        double beforeLoss = Double.NaN;
        private final double[] last = new double[4];
        private double lastLoss = Double.NaN;
        private boolean started;

        @Override
        public void iterate(IterationState st, double[][] layers) {
            double[] w = st.point();
            if (started && Math.signum(det(w)) != Math.signum(det(last))) {
                count++;
                if (firstStep < 0) {
                    firstStep = st.iteration();
                    firstTime = st.time();
                    before = last.clone();
                    beforeLoss = lastLoss;
                }
            }
            System.arraycopy(w, 0, last, 0, 4);
            lastLoss = st.loss();
            started = true;
        }
    }

    private static DeepGradientDescent.Result gd(Job j, double step, long steps, DeepGradientDescent.Listener listener) {
        DeepFactorization f = new DeepFactorization(EndToEndLoss.entries(problem()), DeepFactorization.squareDims(2, j.depth()));
        DeepGradientDescent.Options o = DeepGradientDescent.Options.fixed(step, steps);
        if (j.stopLoss() > 0) {
            o = o.withTol(Math.sqrt(2 * j.stopLoss()) / f.loss().targetNorm()); // √(2L)/‖target‖ ≤ tol ⇔ L ≤ stopLoss
        }
        return new DeepGradientDescent(o).optimize(f, init(j), listener);
    }

    /**
     * Whose crossing of det W = 0 at flow time {@code time} it is, given the first crossing time of the
     * rerun with η/{@link #REFINE} (NaN: none up to (1 + {@link #SAME_CROSSING_TIME})·time): "flow" when
     * |t' − t| ≤ {@link #SAME_CROSSING_TIME}·t, else "discretization"; "none" without a crossing (NaN time).
     */
    static String classify(double time, double refinedTime) {
        if (Double.isNaN(time)) {
            return "none";
        }
        return !Double.isNaN(refinedTime) && Math.abs(refinedTime - time) <= SAME_CROSSING_TIME * time ? "flow" : "discretization";
    }

    /** Runs one job: the path at log-spaced steps as columns, plus the final values and the crossing's class. */
    static Map<String, Object> runJob(Job j) {
        List<Long> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        double ratio = Math.pow(Math.max(2, j.steps()), 1.0 / RECORDS);
        double[] next = {1};
        Crossings cross = new Crossings();
        DeepGradientDescent.Result r = gd(j, j.step(), j.steps(), (st, layers) -> {
            cross.iterate(st, layers);
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
        m.put("det_sign_changes", cross.count);
        m.put("first_sign_change_step", cross.firstStep < 0 ? null : cross.firstStep);
        double refinedTime = Double.NaN;
        if (cross.firstStep >= 0) {
            double fine = j.step() / REFINE;
            Crossings again = new Crossings();
            gd(j, fine, (long) Math.ceil((1 + SAME_CROSSING_TIME) * cross.firstTime / fine) + 1, again);
            refinedTime = again.firstTime;
            m.put("first_sign_change_time", cross.firstTime);
            m.put("refined_step", fine);
            m.put("refined_sign_change_time", Double.isNaN(refinedTime) ? null : refinedTime);
            double[] s = sigma(cross.before);
            m.put("sigma_ratio_before_change", s[1] / s[0]);
            double[] b = metrics(cross.beforeLoss, cross.before);
            Map<String, Object> before = new LinkedHashMap<>();
            for (int c = 0; c < COLUMNS.length; c++) {
                before.put(COLUMNS[c], b[c]);
            }
            m.put("before_change", before);
        }
        m.put("crossing", classify(cross.firstTime, refinedTime));
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
    public Summary run(Context ctx) {
        long start = System.nanoTime();
        List<Job> jobs = jobs(ctx.full() ? FULL_STEPS : quickSteps, ctx.full() ? PAPER_STEPS : paperQuickSteps);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        List<Rows.Job> tasks = new ArrayList<>();
        for (Job j : jobs) {
            tasks.add(new Rows.Job(j.file(), Rows.hash(name() + "|" + new TreeMap<>(j.describe())), () -> runJob(j)));
        }
        Map<String, Map<String, Object>> res = Rows.runAll(ctx, name(), tasks);
        return Summary.untyped(report(ctx, jobs, res, provenance, start));
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

    /**
     * The summary of one run: first and last values of each path column, the bound check, the crossing of
     * det W = 0 (its class, step, flow time, the η/4 rerun's flow time, σ₂/σ₁ and each column just before it).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runSummary(Map<String, Object> run) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("iterations", run.get("iterations"));
        s.put("stop_reason", run.get("stop_reason"));
        s.put("det_sign_changes", run.get("det_sign_changes"));
        s.put("first_sign_change_step", run.get("first_sign_change_step"));
        s.put("crossing", run.get("crossing"));
        for (String k : new String[] {"first_sign_change_time", "refined_step", "refined_sign_change_time", "sigma_ratio_before_change"}) {
            if (run.containsKey(k)) {
                s.put(k, run.get(k));
            }
        }
        for (String c : COLUMNS) {
            double[] v = column(run, c);
            s.put(c + "_initial", v[0]);
            s.put(c + "_final", v[v.length - 1]);
        }
        if (run.get("before_change") instanceof Map<?, ?> b) {
            for (String c : COLUMNS) {
                s.put(c + "_before_change", ((Map<String, Object>) b).get(c));
            }
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> report(Context ctx, List<Job> jobs, Map<String, Map<String, Object>> res, Provenance.Info provenance,
                                       long start) {
        StringBuilder csv = new StringBuilder("run,setting,depth,det_sign,step," + String.join(",", COLUMNS) + "\n");
        for (Job j : jobs) {
            Map<String, Object> r = res.get(j.file());
            double[] st = column(r, "step");
            double[][] cols = new double[COLUMNS.length][];
            for (int c = 0; c < COLUMNS.length; c++) {
                cols[c] = column(r, COLUMNS[c]);
            }
            for (int k = 0; k < st.length; k++) {
                csv.append(j.file()).append(',').append(j.setting().name().toLowerCase(Locale.ROOT)).append(',').append(j.depth()).append(',')
                    .append(j.detSign()).append(',').append((long) st[k]);
                for (double[] c : cols) {
                    csv.append(',').append(c[k]);
                }
                csv.append('\n');
            }
        }
        AtomicFiles.write(ctx.dir().resolve("paths.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<Setting, List<String>> figures = new EnumMap<>(Setting.class);
        Map<String, String> captions = new LinkedHashMap<>();
        for (Job j : jobs) {
            if (j.setting() == Setting.PAPER) {
                if (j.detSign() > 0) {
                    String file = paperFigure(ctx, j.depth(), res.get(j.file()), res.get(new Job(Setting.PAPER, j.depth(), -1, j.step(),
                        j.steps()).file()));
                    figures.computeIfAbsent(j.setting(), k -> new ArrayList<>()).add(file);
                    captions.put(file, String.format(Locale.ROOT, "the paper's setting (as the authors plot it): |W₁₁| against the loss L "
                        + "along GD, depth %d, det W(0) > 0 and < 0, with the bound |W₁₁| ≥ (1 − δ)²/δ, δ = √(2L), that holds while "
                        + "det W > 0", j.depth()));
                }
                continue;
            }
            Map<String, Object> r = res.get(j.file());
            double[] st = column(r, "step");
            double[] x = java.util.Arrays.copyOfRange(st, 1, st.length);
            XYChart c = Charts.chart("Razin & Cohen, " + j.setting().words + ", depth " + j.depth() + ", det W(0) "
                + (j.detSign() > 0 ? "> 0" : "< 0"), "GD step", "value");
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmic(true);
            for (int col = 0; col < COLUMNS.length - 1; col++) {
                double[] v = column(r, COLUMNS[col]);
                Charts.line(c, LABELS[col], x, java.util.Arrays.copyOfRange(v, 1, v.length));
            }
            if (r.get("first_sign_change_step") instanceof Number k && k.longValue() > 0) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = 0;
                for (int col = 0; col < COLUMNS.length - 1; col++) {
                    for (double v : column(r, COLUMNS[col])) {
                        if (v > 0 && Double.isFinite(v)) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                }
                XYSeries jump = c.addSeries("discretization".equals(r.get("crossing")) ? "det jump" : "det = 0",
                    new double[] {k.doubleValue(), k.doubleValue()}, new double[] {lo, hi});
                jump.setMarker(SeriesMarkers.NONE);
                jump.setLineColor(java.awt.Color.BLACK);
                jump.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            }
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(j.file()));
            figures.computeIfAbsent(j.setting(), k -> new ArrayList<>()).add(j.file());
            captions.put(j.file(), String.format(Locale.ROOT, "%s: depth %d, det W(0) %s, η = %s, %d steps: loss, |W₁₁|, ‖W‖_F, ‖W‖_*, "
                    + "Schatten-½, ‖W‖_*/‖W‖₂ and erank along the path%s", j.setting().words, j.depth(), j.detSign() > 0 ? "> 0" : "< 0",
                j.step(), ((Number) r.get("iterations")).longValue(), crossingWords(runSummary(r))));
        }
        Map<String, Object> runs = new LinkedHashMap<>();
        Map<Setting, Map<Integer, Map<String, Object>>> positive = new EnumMap<>(Setting.class);
        Map<Setting, Map<Integer, Map<String, Object>>> negative = new EnumMap<>(Setting.class);
        for (Job j : jobs) {
            Map<String, Object> s = runSummary(res.get(j.file()));
            runs.put(j.file(), s);
            (j.detSign() > 0 ? positive : negative).computeIfAbsent(j.setting(), k -> new LinkedHashMap<>()).put(j.depth(), s);
        }
        List<Finding> findings = List.of(
            normsGrow("Theorem 1", Setting.IMPLREG, positive.get(Setting.IMPLREG)),
            negativeBounded("Contrast", Setting.IMPLREG, negative.get(Setting.IMPLREG)),
            invariant(positive.get(Setting.IMPLREG), negative.get(Setting.IMPLREG)),
            normsGrow("Theorem 1, paper's setting", Setting.PAPER, positive.get(Setting.PAPER)),
            negativeBounded("Contrast, paper's setting", Setting.PAPER, negative.get(Setting.PAPER)));
        List<Map<String, Object>> verdicts = findings.stream().map(Finding::toMap).toList();
        List<String> artefacts = new ArrayList<>();
        for (Job j : jobs) {
            String a = artefact(j, (Map<String, Object>) runs.get(j.file()));
            if (a != null) {
                artefacts.add(a);
            }
        }
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
        settings.put("paper_init_std", PAPER_STD);
        settings.put("paper_step", PAPER_STEP);
        settings.put("paper_stop_loss", PAPER_STOP_LOSS);
        settings.put("paper_steps", jobs.get(jobs.size() - 1).steps());
        settings.put("refine", REFINE);
        settings.put("same_crossing_time", SAME_CROSSING_TIME);
        summary.put("settings", settings);
        summary.put("runs", runs);
        summary.put("verdicts", verdicts);
        summary.put("discretization_artefacts", artefacts);
        List<String> allFigures = new ArrayList<>();
        figures.values().forEach(allFigures::addAll);
        summary.put("files", Map.of("index", "index.html", "paths", "paths.csv", "figures",
            allFigures.stream().map(f -> "figures/" + f + ".png").toList()));
        StringBuilder html = new StringBuilder();
        html.append("<p>").append(Html.esc(description())).append(". implreg's setting: GD with η = ").append(STEP)
            .append(", balanced layers a·(random rotation), a = ").append(LAYER_SCALE).append(". The paper's setting (the authors' code): ")
            .append("Gaussian layers, std ").append(PAPER_STD).append(", η = ").append(PAPER_STEP).append(", stop at L ≤ ")
            .append(PAPER_STOP_LOSS).append(". erank is the paper's effective rank exp H(σ/‖σ‖₁) (Roy &amp; Vetterli); ‖W‖_*/‖W‖₂ is "
                + "another quantity. Numbers: <a href=\"summary.json\">summary.json</a>, <a href=\"paths.csv\">paths.csv</a>.</p>\n");
        for (Finding f : findings) {
            html.append(Page.verdictParagraph(f));
        }
        if (!artefacts.isEmpty()) {
            html.append("<p><b>Discretization artefacts</b> (GD's, not the theory's):</p>\n<ul>\n");
            for (String a : artefacts) {
                html.append("<li>").append(Html.esc(a)).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Razin & Cohen 2020 (norms are not the answer)",
            List.of(html.toString(), Html.figures("Paths per depth, implreg's setting", figures.get(Setting.IMPLREG), captions),
                Html.figures("Paths per depth, the paper's setting", figures.get(Setting.PAPER), captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (Double) summary.get("seconds"));
        for (Map<String, Object> v : verdicts) {
            ctx.out().printf("  %s: %s%n", v.get("figure"), v.get("verdict"));
        }
        for (String a : artefacts) {
            ctx.out().printf("  %s%n", a);
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    /**
     * The authors' figure at one depth: |W₁₁| against the loss for det W(0) &gt; 0 and &lt; 0 (log axes),
     * and the bound (1 − δ)²/δ, δ = √(2L), over the positive run's losses with δ &lt; 1.
     */
    private static String paperFigure(Context ctx, int depth, Map<String, Object> pos, Map<String, Object> neg) {
        XYChart c = Charts.chart("Razin & Cohen, the paper's setting, depth " + depth + ": |W₁₁| against the loss", "loss L", "|W₁₁|");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        Charts.line(c, "det W(0) > 0", column(pos, "loss"), column(pos, "abs_w11"));
        Charts.line(c, "det W(0) < 0", column(neg, "loss"), column(neg, "abs_w11"));
        List<Double> lx = new ArrayList<>();
        List<Double> ly = new ArrayList<>();
        for (double l : column(pos, "loss")) {
            double d = Math.sqrt(2 * l);
            if (d > 0 && d < 0.9) {
                lx.add(l);
                ly.add((1 - d) * (1 - d) / d);
            }
        }
        if (lx.size() > 1) {
            Charts.line(c, "bound (1 − δ)²/δ, δ = √(2L)", lx.stream().mapToDouble(Double::doubleValue).toArray(),
                ly.stream().mapToDouble(Double::doubleValue).toArray());
        }
        String file = "paper-depth-" + depth + "-w11-vs-loss";
        SweepReport.save(c, ctx.dir().resolve("figures").resolve(file));
        return file;
    }

    /** The artefact sentence of a run whose det W crossing is GD's, else null. */
    static String artefact(Job j, Map<String, Object> s) {
        if (!"discretization".equals(s.get("crossing"))) {
            return null;
        }
        Object refined = s.get("refined_sign_change_time");
        return String.format(Locale.ROOT, "discretization artefact: %s, depth %d, det W(0) %s: GD with η = %s jumped det W = 0 at step %s "
                + "(flow time %.3g, σ₂/σ₁ = %.2g before the step); with η/%s det W %s, so the path after step %s is GD's, not the flow's, "
                + "and the run is judged up to it", j.setting().words, j.depth(), j.detSign() > 0 ? "> 0" : "< 0", j.step(),
            s.get("first_sign_change_step"), num(s, "first_sign_change_time"), num(s, "sigma_ratio_before_change"), fmt(REFINE),
            refined == null ? String.format(Locale.ROOT, "keeps its sign past flow time %.3g", (1 + SAME_CROSSING_TIME)
                * num(s, "first_sign_change_time")) : String.format(Locale.ROOT, "changes sign at flow time %.3g instead",
                ((Number) refined).doubleValue()), s.get("first_sign_change_step"));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A caption's note on the run's crossing of det W = 0. */
    private static String crossingWords(Map<String, Object> s) {
        return switch (String.valueOf(s.get("crossing"))) {
            case "discretization" -> "; GD jumps det W = 0 at step " + s.get("first_sign_change_step") + " (a discretization artefact; "
                + "the dashed \"det jump\" line)";
            case "flow" -> "; det W changes sign at step " + s.get("first_sign_change_step") + " along the flow too (a layer passes through "
                + "a singular matrix; the dashed \"det = 0\" line)";
            default -> "";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // verdict rules: numbers in, finding out

    private static double num(Map<String, Object> s, String k) {
        return ((Number) s.get(k)).doubleValue();
    }

    /**
     * det W(0) &gt; 0. A run shows the theorem when its final loss is below 1e-3 (and below a hundredth of
     * the initial), |W₁₁|, ‖W‖_F, ‖W‖_* and the Schatten-½ quasi-norm end at least 10× above their initial
     * values and ≥ 10, and erank ends below 1.1, with no crossing of det W = 0 or one that is GD's
     * ({@code discretization}) after which the path is not the flow's. A run whose GD crossed det W = 0
     * ({@code discretization}) is judged up to the step before: consistent when by then the loss has halved,
     * |W₁₁| has grown and the bound holds (it neither shows nor contradicts the theorem, which needs L → 0).
     * A run whose flow crosses det W = 0 ({@code flow}) is outside the theorem's hypothesis, and one whose
     * loss has not halved by its step cap is still on the plateau near the origin (from the paper's tiny
     * init the escape takes longer the deeper the factorization): both are reported apart. Agrees when some
     * run shows it and none fails; partly when some shows it or none decides; disagrees when a run fails
     * and none shows it.
     */
    static Finding normsGrow(String figure, Setting setting, Map<Integer, Map<String, Object>> positive) {
        int shown = 0;
        int failed = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<Integer, Map<String, Object>> e : positive.entrySet()) {
            Map<String, Object> s = e.getValue();
            String crossing = String.valueOf(s.getOrDefault("crossing", "none"));
            boolean fit = num(s, "loss_final") < 1e-3 && num(s, "loss_final") < 0.01 * num(s, "loss_initial");
            boolean grow = true;
            for (String c : new String[] {"abs_w11", "frobenius", "nuclear", "schatten_half"}) {
                grow &= num(s, c + "_final") >= Math.max(10, 10 * num(s, c + "_initial"));
            }
            boolean rank = num(s, "erank_final") < 1.1;
            String note = "";
            if ("discretization".equals(crossing)) {
                boolean consistent = num(s, "loss_before_change") < 0.5 * num(s, "loss_initial")
                    && num(s, "abs_w11_before_change") > num(s, "abs_w11_initial") && ((Number) s.get("bound_violations")).longValue() == 0;
                if (!consistent) {
                    failed++;
                }
                ev.append(String.format(Locale.ROOT, "depth %d: GD left the flow at step %s (a discretization artefact); until then loss "
                        + "%.2e → %.2e, |W11| %.3g → %.3g, erank %.3f → %.4f, the bound %s: %s (after it GD fits with |W11| = %.3g, "
                        + "a path that is not the flow's); ", e.getKey(), s.get("first_sign_change_step"), num(s, "loss_initial"),
                    num(s, "loss_before_change"), num(s, "abs_w11_initial"), num(s, "abs_w11_before_change"), num(s, "erank_initial"),
                    num(s, "erank_before_change"), consistent ? "holds" : "fails or the loss has not halved",
                    consistent ? "consistent with the theorem, not decided" : "inconsistent", num(s, "abs_w11_final")));
                continue;
            } else if ("flow".equals(crossing)) {
                note = String.format(Locale.ROOT, " (det W changes sign along the flow at step %s, η/%s crossing at the same flow time: "
                    + "a layer passes through a singular matrix, which unbalanced layers allow; the theorem's argument needs det W > 0 "
                    + "throughout, so this run is outside it)", s.get("first_sign_change_step"), fmt(REFINE));
            } else if (fit && grow && rank) {
                shown++;
            } else if (num(s, "loss_final") > 0.5 * num(s, "loss_initial")) {
                note = " (still on the plateau near the origin at the step cap: not decided)";
            } else {
                failed++;
            }
            ev.append(String.format(Locale.ROOT, "depth %d: loss %.2e → %.2e, |W11| %.3g → %.3g, ‖W‖_F → %.3g, ‖W‖_* → %.3g, "
                    + "Schatten-½ → %.3g, erank %.3f → %.4f, ‖W‖_*/‖W‖₂ → %.4f%s; ", e.getKey(), num(s, "loss_initial"), num(s, "loss_final"),
                num(s, "abs_w11_initial"), num(s, "abs_w11_final"), num(s, "frobenius_final"), num(s, "nuclear_final"),
                num(s, "schatten_half_final"), num(s, "erank_initial"), num(s, "erank_final"), num(s, "nuclear_to_spectral_final"), note));
        }
        return Finding.claim(figure, "det W(0) > 0 (" + setting.words + "): loss → 0 while every norm grows without bound and erank → 1",
            Verdict.of(shown > 0 && failed == 0, shown > 0 || failed == 0), ev.toString().replaceAll("; $", "")
                + (shown == 0 && failed == 0 ? "; no run decides it" : ""))
            .by(Finding.Owner.of("Razin & Cohen", "Theorem 1"), String.format(Locale.ROOT, "at %s, %d of %d depths with det W(0) > 0 fit "
                + "the data while every norm grows at least tenfold and erank ends below 1.1, %d contradict it%s", setting.words, shown,
                positive.size(), failed, shown + failed < positive.size() ? ", the others do not decide it (see below)" : ""));
    }

    /**
     * det W(0) &lt; 0 (implreg's contrast, not a claim of the paper: the data can be fitted with ‖W‖_F = √2):
     * at every depth the loss falls below 1e-3 with ‖W‖_F ≤ 3 (a run whose loss has not halved by its step cap,
     * still on the plateau near the origin, is not counted): agrees, some: partly.
     */
    static Finding negativeBounded(String figure, Setting setting, Map<Integer, Map<String, Object>> negative) {
        int ok = 0;
        int plateau = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<Integer, Map<String, Object>> e : negative.entrySet()) {
            Map<String, Object> s = e.getValue();
            boolean waiting = num(s, "loss_final") > 0.5 * num(s, "loss_initial");
            if (num(s, "loss_final") < 1e-3 && num(s, "frobenius_final") <= 3) {
                ok++;
            } else if (waiting) {
                plateau++;
            }
            ev.append(String.format(Locale.ROOT, "depth %d: loss → %.2e, ‖W‖_F → %.4f, |W11| → %.3g, erank → %.4f%s%s; ", e.getKey(),
                num(s, "loss_final"), num(s, "frobenius_final"), num(s, "abs_w11_final"), num(s, "erank_final"),
                crossingWords(s), waiting ? " (still on the plateau near the origin at the step cap: not decided)" : ""));
        }
        List<String> grown = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : negative.entrySet()) {
            Map<String, Object> s = e.getValue();
            if (num(s, "loss_final") < 1e-3 && num(s, "frobenius_final") > 3 && num(s, "erank_final") < 1.1) {
                grown.add(String.format(Locale.ROOT, "depth %d (|W11| → %.3g, erank → %.4f)", e.getKey(), num(s, "abs_w11_final"),
                    num(s, "erank_final")));
            }
        }
        String why = grown.isEmpty() ? "" : "; at " + String.join(", ", grown) + " GD kept W near rank one and fitted it with a growing "
            + "|W11| although a fit with ‖W‖_F = √2 exists: the bias to low rank, not to small norms, decides which fit GD finds";
        return Finding.claim(figure, "det W(0) < 0 (" + setting.words + "; implreg's contrast, not a claim of the paper): the data are "
                + "fitted with bounded norms", Verdict.of(ok > 0 && ok + plateau == negative.size(), ok > 0),
            ev.toString().replaceAll("; $", "") + why)
            .by(Finding.Owner.of("implreg", "contrast check"), String.format(Locale.ROOT, "at %s, %d of %d depths with det W(0) < 0 fit "
                + "the data with ‖W‖_F ≤ 3%s%s", setting.words, ok, negative.size(), plateau > 0 ? ", " + plateau + " still on the plateau" : "",
                grown.isEmpty() ? "" : "; " + grown.size() + " fit it with a growing |W11| at rank one"));
    }

    /**
     * The invariant at implreg's (balanced) setting: det W keeps its sign along the flow and, with
     * det &gt; 0, the bound |W₁₁| ≥ (1 − δ)²/δ, δ = √(2L), holds at every recorded point. A crossing that
     * is GD's ({@code discretization}) is an artefact, not a counterexample. Agrees when no run's flow
     * crosses det W = 0 and the bound holds everywhere; partly when some run keeps it; disagrees when none does.
     */
    static Finding invariant(Map<Integer, Map<String, Object>> positive, Map<Integer, Map<String, Object>> negative) {
        int runs = 0;
        int flow = 0;
        int artefacts = 0;
        long violations = 0;
        StringBuilder ev = new StringBuilder();
        for (Map<Integer, Map<String, Object>> g : List.of(positive, negative)) {
            for (Map.Entry<Integer, Map<String, Object>> e : g.entrySet()) {
                Map<String, Object> s = e.getValue();
                runs++;
                violations += ((Number) s.get("bound_violations")).longValue();
                String crossing = String.valueOf(s.getOrDefault("crossing", "none"));
                if (!"none".equals(crossing)) {
                    if ("flow".equals(crossing)) {
                        flow++;
                    } else {
                        artefacts++;
                    }
                    ev.append(String.format(Locale.ROOT, "depth %d, det W(0) %s: det W changes sign at step %s (%s); ", e.getKey(),
                        g == positive ? "> 0" : "< 0", s.get("first_sign_change_step"),
                        "flow".equals(crossing) ? "along the flow too" : "GD's step only: a discretization artefact"));
                }
            }
        }
        for (Map.Entry<Integer, Map<String, Object>> e : positive.entrySet()) {
            ev.append(String.format(Locale.ROOT, "depth %d: |W11|·√(2L) = %.4f at the end; ", e.getKey(),
                num(e.getValue(), "w11_times_sqrt_2loss_final")));
        }
        return Finding.claim("Invariant", "sign(det W) is preserved along the flow; |W11| ≥ (1 − √(2L))²/√(2L) when det W > 0",
            Verdict.of(flow == 0 && violations == 0, flow < runs),
            String.format(Locale.ROOT, "%d of %d runs keep the sign of det W along the flow (%d crossings are GD's only), %d recorded "
                + "points below the bound; ", runs - flow, runs, artefacts, violations) + ev.toString().replaceAll("; $", ""))
            .by(Finding.Owner.of("Razin & Cohen", "invariant"), (runs - flow) + " of " + runs + " runs keep the sign of det W along the "
                + "flow" + (artefacts > 0 ? " (" + artefacts + " crossings are GD's step only, a discretization artefact)" : "") + ", with "
                + violations + " recorded points below the bound");
    }
}

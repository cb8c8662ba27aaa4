package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.io.Provenance;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.knowm.xchart.XYChart;

/**
 * The analytical claims of Gunasekar et al. 2017 (§1, §3, §4, §6 and the slides), checked numerically:
 * one job per claim (cached in rows.jsonl), one section per claim on the page, the verdicts from
 * {@link Gunasekar2017TheoryVerdicts}. Each claim's computation is its own class:
 * {@link Gunasekar2017TheoryWarmUp}, {@link Gunasekar2017TheorySingleMeasurement},
 * {@link Gunasekar2017TheoryCommuting}, {@link Gunasekar2017TheoryLieClosure},
 * {@link Gunasekar2017TheoryOrderedExponential}, {@link Gunasekar2017TheoryMomentum}; this class holds the
 * settings of each mode, runs the jobs and writes the page.
 */
public final class Gunasekar2017Theory implements Reproduction {

    /** Sizes of one mode. */
    record Settings(int warmN, int warmM, int vecM, int vecN, int m1N, double[] m1Alphas, double[] m1FlowAlphas, int commN, int commM,
                    double[] commAlphas, double commStep, long commMaxIter, int[] lieNs, int toeN, double[] toeAlphas, double toeEps, int toeRandom,
                    int momN, int momM, double momAlpha, double[] momSteps, double[] momBetas, long momMaxIter) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("warm_up", Map.of("n", warmN, "m", warmM, "vector_m", vecM, "vector_N", vecN, "momentum", 0.9));
            m.put("m1", Map.of("n", m1N, "alphas", m1Alphas, "flow_alphas", m1FlowAlphas));
            m.put("commuting", Map.of("n", commN, "m", commM, "alphas", commAlphas, "step", commStep, "lp", L_P, "max_iter", commMaxIter));
            m.put("lie", Map.of("n", lieNs, "tol", LIE_TOL));
            m.put("ordered", Map.of("n", toeN, "m", 2, "alphas", toeAlphas, "eps", toeEps, "random_controls", toeRandom));
            m.put("momentum", Map.of("n", momN, "m", momM, "init_norm", momAlpha, "steps", momSteps, "betas", momBetas, "max_iter",
                momMaxIter, "tol", MOMENTUM_TOL));
            return m;
        }
    }

    static final double LIE_TOL = 1e-8;
    static final double L_P = 1.5;
    /** Training error at which the factor-space momentum runs stop (d = n: the surplus directions decay sublinearly). */
    static final double MOMENTUM_TOL = 1e-4;

    static Settings settings(boolean full) {
        return full
            ? new Settings(10, 30, 6, 14, 10, logspace(-1, -14, 14), new double[] {1e-2, 1e-4, 1e-6, 1e-8}, 6, 3,
                new double[] {1e-2, 1e-4, 1e-6, 1e-8}, 2e-3, 20_000_000L, new int[] {2, 3, 4, 5, 6, 8, 10, 12}, 5, logspace(-1, -8, 8), 5e-4, 8, 10, 30,
                1e-3, new double[] {1e-2, 3e-2}, new double[] {0, 0.5, 0.8, 0.9, 0.95}, 400_000)
            : new Settings(6, 10, 5, 12, 6, logspace(-1, -12, 12), new double[] {1e-2, 1e-4, 1e-6}, 6, 3,
                new double[] {1e-2, 1e-4, 1e-6}, 2e-3, 20_000_000L, new int[] {2, 3, 4, 5, 6, 8}, 5, logspace(-1, -8, 8), 2e-3, 3, 8, 24,
                1e-3, new double[] {1e-2, 3e-2}, new double[] {0, 0.5, 0.9}, 200_000);
    }

    /** Seconds-sized settings for the pages' browser test ({@link #ciSized()}); the numbers mean nothing. */
    static final Settings CI = new Settings(3, 4, 3, 6, 3, new double[] {1e-1, 1e-3, 1e-6}, new double[] {1e-2}, 3, 2,
        new double[] {1e-2}, 5e-3, 20_000, new int[] {2, 3}, 3, new double[] {1e-1, 1e-2, 1e-3}, 1e-2, 1, 4, 6, 1e-3,
        new double[] {1e-2}, new double[] {0, 0.5}, 5_000);

    private final Settings override;

    public Gunasekar2017Theory() {
        this(null);
    }

    private Gunasekar2017Theory(Settings override) {
        this.override = override;
    }

    @Override
    public Reproduction ciSized() {
        return new Gunasekar2017Theory(CI);
    }

    static double[] logspace(int from, int to, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.pow(10, from + (to - from) * (double) i / (count - 1));
        }
        return out;
    }

    @Override
    public String name() {
        return "gunasekar2017-theory";
    }

    @Override
    public String description() {
        return "Gunasekar et al. 2017, the analytical claims: GD on X ends at the minimum Frobenius solution (coordinate descent does not), "
            + "m = 1 limits, commuting A_i (other losses, SGD), the Lie closure and the time-ordered exponential, momentum";
    }

    @Override
    public Summary run(Context ctx) {
        long start = System.nanoTime();
        Settings st = override != null ? override : settings(ctx.full());
        long seed = ctx.seed();
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        // a row's key: the reproduction, seed, code version and the settings of its section (sorted JSON)
        java.util.function.Function<String, String> key = section -> Rows.hash(name() + "|" + seed + "|v4|" + section + "|"
            + org.implreg.io.Json.toJson(new java.util.TreeMap<>(map(st.describe().get(section)))));
        List<Rows.Job> jobs = List.of(
            new Rows.Job("warm-up", key.apply("warm_up"), () -> Gunasekar2017TheoryWarmUp.compute(st, seed)),
            new Rows.Job("m1", key.apply("m1"), () -> Gunasekar2017TheorySingleMeasurement.compute(st, seed)),
            new Rows.Job("commuting", key.apply("commuting"), () -> Gunasekar2017TheoryCommuting.compute(st, seed)),
            new Rows.Job("lie", key.apply("lie"), () -> Gunasekar2017TheoryLieClosure.compute(st, seed)),
            new Rows.Job("ordered", key.apply("ordered"), () -> Gunasekar2017TheoryOrderedExponential.compute(st, seed)),
            new Rows.Job("momentum", key.apply("momentum"), () -> Gunasekar2017TheoryMomentum.compute(st, seed)));
        Map<String, Map<String, Object>> res = Rows.runAll(ctx, name(), jobs);
        return Summary.untyped(report(ctx, st, res, provenance, start));
    }

    /** c·x, a copy (the claims scale initializations and planted matrices with it). */
    static double[] scaled(double[] x, double c) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= c;
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // the page

    static final String Q_INTRO = "using gradient descent to optimize an unregularized, underdetermined least squares problem would yield the "
        + "minimum Euclidean norm solution, while using coordinate descent or preconditioned gradient descent might yield a different "
        + "solution. (§1; slides: \"Coordinate descent: L1 norm, Gradient descent: L2 norm\")";
    static final String Q_WARM = "Since gradient descent stays on this manifold, this establishes that if gradient descent converges to a "
        + "zero-error solution, it is the minimum Frobenius norm solution. (§3, Warm up)";
    static final String Q_M1 = "Consider the simplest case of the factorized problem when m = 1 [...] the solution for X_t is given by "
        + "X_t = exp(s_t A) X_0 exp(s_t A) [...] X̂ is spanned by the top eigenvector(s) of A. (§3, Getting started: m = 1)";
    static final String Q_COMM = "For any control r_t such that following Ẋ_t = −𝒜*(r_t)X_t − X_t𝒜*(r_t) leads to a zero error global optimum, "
        + "that optimum will be a minimum nuclear norm solution. This implies in particular that the conjecture extends to gradient flow on "
        + "(2) even when the Euclidean norm is replaced by certain other norms, or when only a subset of measurements are used for each "
        + "step (such as in stochastic gradient descent). (§3, Theorem 1 and after)";
    static final String Q_LIE = "The possible directions of movements indeed corresponds to the Lie algebra defined by the closure of {A_i} "
        + "under the commutator operator [A_i, A_j] := A_iA_j − A_jA_i. Even when m = 2, this closure will generally encompass all of "
        + "ℝ^{n×n} (§4)";
    static final String Q_TOE = "We expect the actual residuals r_t to behave much more smoothly and that for smooth control the "
        + "non-commutative terms in the expansion of the time ordered exponential (12) are asymptotically lower order then the direct "
        + "term 𝒜*(s) (as X_init → 0). This is indeed confirmed numerically, both for the actual residual controls of the gradient flow "
        + "path, and for other random controls. (§4)";
    static final String Q_MOM = "for linear least square problems [...] any global optimization method that uses linear combination of "
        + "gradients, including conjugate gradient descent, Nesterov acceleration and momentum methods, remains on the manifold spanned by "
        + "the gradients, and so leads to the same minimum norm solution. This is not true if the manifold is curved, as using momentum or "
        + "passed gradients will lead us to \"shoot off\" the manifold. (§6)";

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    static double[] col(List<Map<String, Object>> rows, String k) {
        return rows.stream().mapToDouble(r -> num(r, k)).toArray();
    }

    private Map<String, Object> report(Context ctx, Settings st, Map<String, Map<String, Object>> res, Provenance.Info provenance, long start) {
        Map<String, Object> warm = res.get("warm-up");
        Map<String, Object> m1 = res.get("m1");
        Map<String, Object> comm = res.get("commuting");
        Map<String, Object> lie = res.get("lie");
        Map<String, Object> toe = res.get("ordered");
        Map<String, Object> mom = res.get("momentum");
        List<Finding> findings = List.of(
            Gunasekar2017TheoryVerdicts.warmUp(map(warm.get("x_space"))),
            Gunasekar2017TheoryVerdicts.coordinateDescent(map(warm.get("vector"))),
            Gunasekar2017TheoryVerdicts.singleMeasurement(list(m1.get("positive_y")), list(m1.get("negative_y")), list(m1.get("flow"))),
            Gunasekar2017TheoryVerdicts.commuting(map(comm.get("variants"))),
            Gunasekar2017TheoryVerdicts.lieClosure(list(lie.get("rows"))),
            Gunasekar2017TheoryVerdicts.orderedExponential(list(toe.get("rows"))),
            Gunasekar2017TheoryVerdicts.momentumX(map(warm.get("x_space"))),
            Gunasekar2017TheoryVerdicts.momentumU(list(mom.get("rows")), list(mom.get("gd_effective_step"))));
        List<Map<String, Object>> verdicts = findings.stream().map(Finding::toMap).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Gunasekar, Woodworth, Bhojanapalli, Neyshabur & Srebro 2017, Implicit Regularization in Matrix Factorization");
        summary.put("mode", ctx.full() ? "full" : "quick");
        summary.put("settings", st.describe());
        summary.put("warm_up", warm);
        summary.put("m1", m1);
        summary.put("commuting", comm);
        summary.put("lie", lie);
        summary.put("ordered", toe);
        summary.put("momentum", mom);
        summary.put("verdicts", verdicts);
        List<String> figures = figures(ctx, warm, m1, comm, lie, toe, mom);
        summary.put("files", Map.of("index", "index.html", "figures", figures.stream().map(f -> "figures/" + f + ".png").toList()));
        String[] quotes = {Q_WARM, Q_INTRO, Q_M1, Q_COMM, Q_LIE, Q_TOE, Q_MOM, Q_MOM};
        String[] titles = {"1. Warm-up: gradient descent on X", "1. Coordinate descent and preconditioning (introduction, slides)",
            "2. m = 1", "3. Commuting A_i (Theorem 1): other losses, SGD", "4a. The Lie algebra of two symmetric A_i",
            "4b. The time-ordered exponential (12)", "5a. Momentum, Nesterov, CG in X-space", "5b. Momentum in factor space"};
        String[] figOf = {"warm-up-vector", "warm-up-vector", "m1", "commuting", "lie", "ordered", null, "momentum"};
        List<String> sections = new ArrayList<>();
        sections.add("<p>" + Html.esc(description()) + ". Numbers: <a href=\"summary.json\">summary.json</a>.</p>\n");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            StringBuilder h = new StringBuilder("<h2>").append(Html.esc(titles[i])).append("</h2>\n");
            h.append("<p><b>Quote:</b> ").append(Html.esc(quotes[i])).append("</p>\n");
            h.append(Page.verdictParagraph(f));
            if (figOf[i] != null && (i == 0 || !figOf[i].equals(figOf[i - 1]))) {
                h.append("<figure><a href=\"figures/").append(figOf[i]).append(".svg\"><img src=\"figures/").append(figOf[i])
                    .append(".png\" alt=\"").append(figOf[i]).append("\"></a></figure>\n");
            }
            sections.add(h.toString());
        }
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Gunasekar et al. 2017, the analytical claims",
            sections, null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (Double) summary.get("seconds"));
        for (Map<String, Object> v : verdicts) {
            ctx.out().printf("  %s: %s%n", v.get("figure"), v.get("verdict"));
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    private static List<String> figures(Context ctx, Map<String, Object> warm, Map<String, Object> m1, Map<String, Object> comm,
                                        Map<String, Object> lie, Map<String, Object> toe, Map<String, Object> mom) {
        List<String> names = new ArrayList<>();
        // warm-up: ‖x‖₂/min ℓ2 against ‖x‖₁/min ℓ1, one point per method
        XYChart w = Charts.chart("Underdetermined least squares from 0: where each method ends", "‖x‖₂ / min ‖x‖₂", "‖x‖₁ / min ‖x‖₁");
        for (Map.Entry<String, Object> e : map(warm.get("vector")).entrySet()) {
            Map<String, Object> r = map(e.getValue());
            Charts.line(w, e.getKey(), new double[] {num(r, "l2_ratio")}, new double[] {num(r, "l1_ratio")});
        }
        save(ctx, w, "warm-up-vector", names);
        XYChart c1 = logLog("m = 1: the limit X(s*) against α", "α (X₀ = α X_init)", "value");
        c1.getStyler().setXAxisDecimalPattern("0.#E0");
        for (String sign : List.of("positive_y", "negative_y")) {
            List<Map<String, Object>> rows = list(m1.get(sign));
            Charts.line(c1, "nuclear gap, " + sign, col(rows, "alpha"), floor(col(rows, "nuclear_gap")));
            Charts.line(c1, "angle to top eigenspace, " + sign, col(rows, "alpha"), floor(col(rows, "angle")));
        }
        save(ctx, c1, "m1", names);
        XYChart c3 = logLog("Commuting A_i: nuclear-norm gap to the certified minimum", "α (X₀ = αI)", "‖X‖_* / min − 1");
        for (Map.Entry<String, Object> e : map(comm.get("variants")).entrySet()) {
            List<Map<String, Object>> rows = list(e.getValue());
            Charts.line(c3, e.getKey(), col(rows, "alpha"), floor(col(rows, "nuclear_gap")));
        }
        save(ctx, c3, "commuting", names);
        XYChart c4 = Charts.chart("Lie closure of two symmetric matrices", "n", "dimension");
        List<Map<String, Object>> lr = list(lie.get("rows"));
        for (String k : List.of("n_squared", "generic", "traceless", "commuting")) {
            Charts.line(c4, k, col(lr, "n"), col(lr, k));
        }
        save(ctx, c4, "lie", names);
        XYChart c5 = logLog("Non-commutative part of the ordered exponential", "α (X₀ = αI)", "‖½log(GGᵀ) − 𝒜*(s)‖ / ‖𝒜*(s)‖");
        List<Map<String, Object>> tr = list(toe.get("rows"));
        for (String k : List.of("residual_ratio", "random_start_ratio_mean", "random_end_ratio_mean", "commuting_ratio")) {
            Charts.line(c5, k, col(tr, "alpha"), floor(col(tr, k)));
        }
        save(ctx, c5, "ordered", names);
        XYChart c6 = Charts.chart("Momentum on U: nuclear-norm gap to the certified minimum", "momentum β", "‖X‖_* / min − 1 (log)");
        c6.getStyler().setYAxisLogarithmic(true);
        List<Map<String, Object>> mr = list(mom.get("rows"));
        for (double step : mr.stream().mapToDouble(r -> num(r, "step")).distinct().toArray()) {
            for (boolean nest : new boolean[] {false, true}) {
                List<Map<String, Object>> sel = mr.stream().filter(r -> num(r, "step") == step
                    && (num(r, "momentum") == 0 || Boolean.valueOf(nest).equals(r.get("nesterov")))).toList();
                Charts.line(c6, (nest ? "Nesterov" : "heavy ball") + ", η = " + step, col(sel, "momentum"), floor(col(sel, "nuclear_gap")));
            }
        }
        save(ctx, c6, "momentum", names);
        return names;
    }

    private static XYChart logLog(String title, String x, String y) {
        XYChart c = Charts.chart(title, x, y);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        return c;
    }

    /** |v| floored at 1e-16 for log axes (NaN kept). */
    private static double[] floor(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isNaN(v[i]) ? Double.NaN : Math.max(1e-16, Math.abs(v[i]));
        }
        return out;
    }

    private static void save(Context ctx, XYChart c, String name, List<String> names) {
        SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
        names.add(name);
    }
}

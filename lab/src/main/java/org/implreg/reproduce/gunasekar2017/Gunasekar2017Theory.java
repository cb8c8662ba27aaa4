package org.implreg.reproduce.gunasekar2017;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.implreg.io.Json;
import org.implreg.io.Provenance;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.report.RecordJson;
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
        /** The settings of each claim, as summary.json's {@code settings} holds them and the rows' keys hash them. */
        SettingsSummary describe() {
            return new SettingsSummary(new WarmUpSettings(warmN, warmM, vecM, vecN, 0.9), new M1Settings(m1N, m1Alphas, m1FlowAlphas),
                new CommutingSettings(commN, commM, commAlphas, commStep, L_P, commMaxIter), new LieSettings(lieNs, LIE_TOL),
                new OrderedSettings(toeN, 2, toeAlphas, toeEps, toeRandom),
                new MomentumSettings(momN, momM, momAlpha, momSteps, momBetas, momMaxIter, MOMENTUM_TOL));
        }
    }

    /** Warm-up: X-space n and m, the vector problem's m × N, the momentum β of heavy ball and Nesterov. */
    record WarmUpSettings(int n, int m, int vectorM, @JsonProperty("vector_N") int vectorN, double momentum) {}

    /** m = 1: n, the curve's α and the flow's α. */
    record M1Settings(int n, double[] alphas, double[] flowAlphas) {}

    /** Commuting A_i: n, m, the α, GD's step, the ℓ_p loss's p, the iteration cap. */
    record CommutingSettings(int n, int m, double[] alphas, double step, double lp, long maxIter) {}

    /** The Lie closure: the sizes n and the rank test's tolerance. */
    record LieSettings(int[] n, double tol) {}

    /** The ordered exponential: n, m, the α, the product's step ε, the number of random controls. */
    record OrderedSettings(int n, int m, double[] alphas, double eps, int randomControls) {}

    /** Momentum on U: n, m, ‖U₀‖_F, the steps η and momenta β, the iteration cap, the training error to stop at. */
    record MomentumSettings(int n, int m, double initNorm, double[] steps, double[] betas, long maxIter, double tol) {}

    /** summary.json's {@code settings}: each claim's. */
    record SettingsSummary(WarmUpSettings warmUp, M1Settings m1, CommutingSettings commuting, LieSettings lie, OrderedSettings ordered,
                           MomentumSettings momentum) {}

    /** summary.json's {@code files}. */
    record Files(String index, List<String> figures) {}

    /** summary.json, key by key: the settings, each claim's numbers, the verdicts, the files. */
    public record TheorySummary(String reproduction, String paper, String mode, SettingsSummary settings,
                                Gunasekar2017TheoryWarmUp.Result warmUp, Gunasekar2017TheorySingleMeasurement.Result m1,
                                Gunasekar2017TheoryCommuting.Result commuting, Gunasekar2017TheoryLieClosure.Result lie,
                                Gunasekar2017TheoryOrderedExponential.Result ordered, Gunasekar2017TheoryMomentum.Result momentum,
                                List<Finding> verdicts, Files files) implements Summary {}

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
    public TheorySummary run(Context ctx) {
        long start = System.nanoTime();
        Settings st = override != null ? override : settings(ctx.full());
        long seed = ctx.seed();
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        SettingsSummary d = st.describe();
        List<Rows.Job<JsonNode>> jobs = List.of(
            job("warm-up", rowKey(seed, "warm_up", d.warmUp()), () -> Gunasekar2017TheoryWarmUp.compute(st, seed)),
            job("m1", rowKey(seed, "m1", d.m1()), () -> Gunasekar2017TheorySingleMeasurement.compute(st, seed)),
            job("commuting", rowKey(seed, "commuting", d.commuting()), () -> Gunasekar2017TheoryCommuting.compute(st, seed)),
            job("lie", rowKey(seed, "lie", d.lie()), () -> Gunasekar2017TheoryLieClosure.compute(st, seed)),
            job("ordered", rowKey(seed, "ordered", d.ordered()), () -> Gunasekar2017TheoryOrderedExponential.compute(st, seed)),
            job("momentum", rowKey(seed, "momentum", d.momentum()), () -> Gunasekar2017TheoryMomentum.compute(st, seed)));
        Map<String, JsonNode> res = Rows.runAll(ctx, name(), JsonNode.class, jobs);
        return report(ctx, d, new Claims(
            RecordJson.fromTree(res.get("warm-up"), Gunasekar2017TheoryWarmUp.Result.class),
            RecordJson.fromTree(res.get("m1"), Gunasekar2017TheorySingleMeasurement.Result.class),
            RecordJson.fromTree(res.get("commuting"), Gunasekar2017TheoryCommuting.Result.class),
            RecordJson.fromTree(res.get("lie"), Gunasekar2017TheoryLieClosure.Result.class),
            RecordJson.fromTree(res.get("ordered"), Gunasekar2017TheoryOrderedExponential.Result.class),
            RecordJson.fromTree(res.get("momentum"), Gunasekar2017TheoryMomentum.Result.class)), provenance, start);
    }

    /** The six claims' results, as their rows read back. */
    record Claims(Gunasekar2017TheoryWarmUp.Result warm, Gunasekar2017TheorySingleMeasurement.Result m1,
                  Gunasekar2017TheoryCommuting.Result comm, Gunasekar2017TheoryLieClosure.Result lie,
                  Gunasekar2017TheoryOrderedExponential.Result toe, Gunasekar2017TheoryMomentum.Result mom) {}

    /**
     * A row's key: SHA-256 (12 bytes) of the reproduction, seed, code version, the section's name and its settings as
     * JSON with sorted keys (the same text as when the settings were a map, so rows stored by earlier versions are found).
     */
    String rowKey(long seed, String section, Record settings) {
        return Rows.hash(name() + "|" + seed + "|v4|" + section + "|" + Json.toJson(new TreeMap<>(RecordJson.toMap(settings))));
    }

    /**
     * A claim's job for {@link Rows#runAll}: the framework's runAll reads every row as one type and the six claims'
     * records differ, so the row travels as its JSON tree (written by {@link RecordJson}) and {@link #run} reads each
     * back as its record.
     */
    static <T> Rows.Job<JsonNode> job(String file, String key, java.util.function.Supplier<T> compute) {
        return new Rows.Job<>(file, key, () -> RecordJson.toTree(compute.get()));
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

    /** The column {@code f} of {@code rows}. */
    static <R> double[] col(List<R> rows, ToDoubleFunction<R> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    /** The verdicts of the claims, in the page's order (pure: {@link Gunasekar2017TheoryVerdicts}). */
    static List<Finding> findings(Claims c) {
        return List.of(
            Gunasekar2017TheoryVerdicts.warmUp(c.warm().xSpace().gd()),
            Gunasekar2017TheoryVerdicts.coordinateDescent(c.warm().vector()),
            Gunasekar2017TheoryVerdicts.singleMeasurement(c.m1().positiveY(), c.m1().negativeY(), c.m1().flow()),
            Gunasekar2017TheoryVerdicts.commuting(c.comm().variants()),
            Gunasekar2017TheoryVerdicts.lieClosure(c.lie().rows()),
            Gunasekar2017TheoryVerdicts.orderedExponential(c.toe().rows()),
            Gunasekar2017TheoryVerdicts.momentumX(c.warm().xSpace()),
            Gunasekar2017TheoryVerdicts.momentumU(c.mom().rows(), c.mom().gdEffectiveStep()));
    }

    private TheorySummary report(Context ctx, SettingsSummary settings, Claims c, Provenance.Info provenance, long start) {
        List<Finding> findings = findings(c);
        List<String> figures = figures(ctx, c);
        TheorySummary summary = new TheorySummary(name(),
            "Gunasekar, Woodworth, Bhojanapalli, Neyshabur & Srebro 2017, Implicit Regularization in Matrix Factorization",
            ctx.full() ? "full" : "quick", settings, c.warm(), c.m1(), c.comm(), c.lie(), c.toe(), c.mom(), findings,
            new Files("index.html", figures.stream().map(f -> "figures/" + f + ".png").toList()));
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
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (System.nanoTime() - start) / 1e9);
        for (Finding f : findings) {
            ctx.out().printf("  %s: %s%n", f.figure(), f.verdict());
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    private static List<String> figures(Context ctx, Claims c) {
        List<String> names = new ArrayList<>();
        // warm-up: ‖x‖₂/min ℓ2 against ‖x‖₁/min ℓ1, one point per method
        XYChart w = Charts.chart("Underdetermined least squares from 0: where each method ends", "‖x‖₂ / min ‖x‖₂", "‖x‖₁ / min ‖x‖₁");
        for (Map.Entry<String, Gunasekar2017TheoryWarmUp.VectorRun> e : c.warm().vector().byKey().entrySet()) {
            Charts.line(w, e.getKey(), new double[] {e.getValue().l2Ratio()}, new double[] {e.getValue().l1Ratio()});
        }
        save(ctx, w, "warm-up-vector", names);
        XYChart c1 = logLog("m = 1: the limit X(s*) against α", "α (X₀ = α X_init)", "value");
        c1.getStyler().setXAxisDecimalPattern("0.#E0");
        for (String sign : List.of("positive_y", "negative_y")) {
            List<Gunasekar2017TheorySingleMeasurement.CurvePoint> rows = sign.equals("positive_y") ? c.m1().positiveY() : c.m1().negativeY();
            double[] alpha = col(rows, Gunasekar2017TheorySingleMeasurement.CurvePoint::alpha);
            Charts.line(c1, "nuclear gap, " + sign, alpha, floor(col(rows, Gunasekar2017TheorySingleMeasurement.CurvePoint::nuclearGap)));
            Charts.line(c1, "angle to top eigenspace, " + sign, alpha, floor(col(rows, Gunasekar2017TheorySingleMeasurement.CurvePoint::angle)));
        }
        save(ctx, c1, "m1", names);
        XYChart c3 = logLog("Commuting A_i: nuclear-norm gap to the certified minimum", "α (X₀ = αI)", "‖X‖_* / min − 1");
        for (Map.Entry<String, List<Gunasekar2017TheoryCommuting.Run>> e : c.comm().variants().entrySet()) {
            Charts.line(c3, e.getKey(), col(e.getValue(), Gunasekar2017TheoryCommuting.Run::alpha),
                floor(col(e.getValue(), Gunasekar2017TheoryCommuting.Run::nuclearGap)));
        }
        save(ctx, c3, "commuting", names);
        XYChart c4 = Charts.chart("Lie closure of two symmetric matrices", "n", "dimension");
        List<Gunasekar2017TheoryLieClosure.Row> lr = c.lie().rows();
        double[] ns = col(lr, Gunasekar2017TheoryLieClosure.Row::n);
        Charts.line(c4, "n_squared", ns, col(lr, Gunasekar2017TheoryLieClosure.Row::nSquared));
        Charts.line(c4, "generic", ns, col(lr, Gunasekar2017TheoryLieClosure.Row::generic));
        Charts.line(c4, "traceless", ns, col(lr, Gunasekar2017TheoryLieClosure.Row::traceless));
        Charts.line(c4, "commuting", ns, col(lr, Gunasekar2017TheoryLieClosure.Row::commuting));
        save(ctx, c4, "lie", names);
        XYChart c5 = logLog("Non-commutative part of the ordered exponential", "α (X₀ = αI)", "‖½log(GGᵀ) − 𝒜*(s)‖ / ‖𝒜*(s)‖");
        List<Gunasekar2017TheoryOrderedExponential.Row> tr = c.toe().rows();
        double[] ta = col(tr, Gunasekar2017TheoryOrderedExponential.Row::alpha);
        Charts.line(c5, "residual_ratio", ta, floor(col(tr, Gunasekar2017TheoryOrderedExponential.Row::residualRatio)));
        Charts.line(c5, "random_start_ratio_mean", ta, floor(col(tr, Gunasekar2017TheoryOrderedExponential.Row::randomStartRatioMean)));
        Charts.line(c5, "random_end_ratio_mean", ta, floor(col(tr, Gunasekar2017TheoryOrderedExponential.Row::randomEndRatioMean)));
        Charts.line(c5, "commuting_ratio", ta, floor(col(tr, Gunasekar2017TheoryOrderedExponential.Row::commutingRatio)));
        save(ctx, c5, "ordered", names);
        XYChart c6 = Charts.chart("Momentum on U: nuclear-norm gap to the certified minimum", "momentum β", "‖X‖_* / min − 1 (log)");
        c6.getStyler().setYAxisLogarithmic(true);
        List<Gunasekar2017TheoryMomentum.Run> mr = c.mom().rows();
        for (double step : mr.stream().mapToDouble(Gunasekar2017TheoryMomentum.Run::step).distinct().toArray()) {
            for (boolean nest : new boolean[] {false, true}) {
                List<Gunasekar2017TheoryMomentum.Run> sel = mr.stream().filter(r -> r.step() == step && (r.momentum() == 0 || r.nesterov() == nest))
                    .toList();
                Charts.line(c6, (nest ? "Nesterov" : "heavy ball") + ", η = " + step, col(sel, Gunasekar2017TheoryMomentum.Run::momentum),
                    floor(col(sel, Gunasekar2017TheoryMomentum.Run::nuclearGap)));
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

package org.implreg.reproduce.li2021;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.analysis.Conjecture;
import org.implreg.convex.TinyCompletion;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.flow.GreedyLowRank;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.PaperAxes;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Verdict;
import org.implreg.run.IterationListener;
import org.knowm.xchart.XYChart;

/**
 * Li, Luo &amp; Lyu (ICLR 2021): gradient flow from an infinitesimal initialization follows greedy
 * low-rank learning (GLRL), which can differ from the minimum nuclear norm.
 * <ul>
 *   <li>(a) planted problems (Gaussian sensing n = 5, rank 2, m = 8; uniform completion n = 6, rank 2,
 *   m = 12): {@link Conjecture#analyze} at α = 1e-2 … 1e-8, distance to GLRL vs α.</li>
 *   <li>(b) the Figure-4 grid ({@link PsdCompletionGrid}): on a sample of instances (every mask), the
 *   flow limit at α = 1e-5 (the grid's own U₀ and flow settings) against GLRL and the exact minimum
 *   ({@link TinyCompletion}): the fraction within {@link Conjecture#SAME} of each; Δ histograms on the
 *   paper's axes, masks observing the whole diagonal apart, GLRL's Δ beside the flow's.</li>
 *   <li>(c) the grid instance with the largest Δ: flows at α = 1e-2 … 1e-8 against the certified minimum.</li>
 * </ul>
 */
public final class Li2021 implements Reproduction {
    static final double[] ALPHAS = {1e-2, 1e-4, 1e-6, 1e-8};
    /** Quick mode: a seeded sample of this many instance ids per mask; full mode examines every instance. */
    static final int QUICK_PER_MASK = 30;
    /** Full mode's unit of work (and of resumption): this many consecutive instance ids. */
    static final int FULL_CHUNK = 1000;
    static final double GRID_ALPHA = 1e-5;
    static final double COUNTEREXAMPLE_GAP = 0.05;
    /** (c) judges the α at or below this (small initialization); α = 1e-2 is shown for the trend. */
    static final double SMALL_ALPHA = 1e-4;
    static final String QUOTE = "\"Gradient flow with infinitesimal initialization is mathematically equivalent to a simple heuristic "
        + "rank minimization algorithm, Greedy Low-Rank Learning, under some reasonable assumptions ... it can differ from the minimum "
        + "nuclear norm solution, a counterexample to the conjecture of Gunasekar et al.\" (Li, Luo & Lyu 2021, abstract, paraphrased)";

    @Override
    public String name() {
        return "li2021";
    }

    private final int quickPerMask;
    private final int figure2cSeeds;

    public Li2021() {
        this(QUICK_PER_MASK, FIGURE2C_SEEDS);
    }

    /** Another quick grid sample per mask and number of Figure 2(c) problem seeds (CI size). */
    Li2021(int quickPerMask, int figure2cSeeds) {
        this.quickPerMask = quickPerMask;
        this.figure2cSeeds = figure2cSeeds;
    }

    @Override
    public Reproduction ciSized() {
        return new Li2021(1, 1);
    }

    @Override
    public String description() {
        return "Li, Luo & Lyu 2021: small-init gradient flow vs greedy low-rank learning (GLRL) vs the minimum nuclear norm, "
            + "planted problems and the Figure-4 grid, a certified counterexample";
    }

    /** Problem seeds of (d), Figure 2(c). */
    static final int FIGURE2C_SEEDS = 5;

    /** Gunasekar et al.'s Figure 2(c) problem: n = 50, rank 2, m = nr/4 = 25 Gaussian measurements, problem seed {@code seed}. */
    static Problem figure2c(long seed) {
        return org.implreg.problem.ProblemGenerator.generate(new org.implreg.problem.ProblemSpec(50, 2, 25,
            org.implreg.problem.ProblemSpec.Planted.parse("low-rank"), org.implreg.problem.ProblemSpec.Measurement.parse("gaussian"), 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT), seed);
    }

    /** The planted problems of (a). */
    static Problem planted(String kind, long seed) {
        var rng = Rng.stream(seed, "li2021-" + kind);
        int n = kind.equals("sensing") ? 5 : 6;
        int m = kind.equals("sensing") ? 8 : 12;
        MeasurementOperator op = kind.equals("sensing") ? MeasurementOperators.gaussian(n, m, rng)
            : MeasurementOperators.uniformCompletion(n, m, rng);
        double[] z = Rng.gaussian(rng, n * 2);
        double[] xs = new double[n * n];
        Linalg.gram(z, n, 2, xs);
        double s = 1 / Linalg.norm(xs);
        for (int i = 0; i < xs.length; i++) {
            xs[i] *= s;
        }
        double[] y = new double[m];
        op.apply(xs, y);
        return new Problem(op, y, xs, Map.of("kind", kind, "n", n, "m", m, "rank", 2, "seed", seed));
    }

    /** One grid instance of (b): exact minimum, the flow limit at {@link #GRID_ALPHA}, GLRL. Null when infeasible. */
    static Map<String, Object> gridInstance(int id, PsdCompletionGrid.Options o) {
        PsdCompletionGrid.Observations obs = PsdCompletionGrid.observations(id);
        int k = obs.mask();
        int[][] mk = obs.entries();
        long[] num = obs.numerators();
        double[] y = obs.y();
        TinyCompletion.Result exact = TinyCompletion.solve(mk[0], mk[1], num, PsdCompletionGrid.DENOMINATOR);
        if (!exact.feasible()) {
            return null;
        }
        CompletionOperator op = new CompletionOperator(3, mk[0], mk[1]);
        double[] u0 = Initializers.gaussian(3, 3, GRID_ALPHA, Rng.stream(o.seed(), "grid-" + id + "-" + GRID_ALPHA));
        FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-9).withRtol(1e-9).withMaxEvaluations(GRID_EVALUATIONS))
            .optimize(new FactorizedObjective(op, y, 3), u0);
        boolean retried = fr.result().trainError() > FITTED;
        if (retried) { // a slow tail (51 of the 31 350 on the full grid): once more from U₀ with 10× the budget
            fr = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-9).withRtol(1e-9).withMaxEvaluations(10 * GRID_EVALUATIONS))
                .optimize(new FactorizedObjective(op, y, 3), u0);
        }
        GreedyLowRank.Result g = new GreedyLowRank(GreedyLowRank.Options.defaults(3).withTol(1e-9)).solve(op, y, IterationListener.NONE);
        double min = exact.minTrace();
        double scale = Math.max(Linalg.norm(exact.x()), 1e-12);
        double flowNuc = SolutionMetrics.of(fr.result().x(), 3, null).nuclearNorm();
        double glrlNuc = SolutionMetrics.of(g.result().x(), 3, null).nuclearNorm();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("mask", k);
        r.put("whole_diagonal", PsdCompletionGrid.observesWholeDiagonal(k));
        r.put("certified", exact.certificate().holds(1e-9));
        r.put("min", min);
        r.put("flow_delta", (flowNuc - min) / min);
        r.put("glrl_delta", (glrlNuc - min) / min);
        r.put("flow_to_glrl", Linalg.distance(fr.result().x(), g.result().x()) / scale);
        r.put("flow_to_min", Linalg.distance(fr.result().x(), exact.x()) / scale);
        r.put("glrl_to_min", Linalg.distance(g.result().x(), exact.x()) / scale);
        r.put("flow_train_error", fr.result().trainError());
        r.put("flow_retried", retried);
        r.put("glrl_train_error", g.result().trainError());
        r.put("glrl_has_limit", !g.result().criterion().startsWith("phase "));
        return r;
    }

    /** (c): the flow at each α of {@link #ALPHAS} on instance {@code id}, nuclear norm and Δ against the certified minimum. */
    static Map<String, Object> counterexample(int id, long seed) {
        PsdCompletionGrid.Observations obs = PsdCompletionGrid.observations(id);
        int k = obs.mask();
        int[][] mk = obs.entries();
        long[] num = obs.numerators();
        double[] y = obs.y();
        TinyCompletion.Result exact = TinyCompletion.solve(mk[0], mk[1], num, PsdCompletionGrid.DENOMINATOR);
        CompletionOperator op = new CompletionOperator(3, mk[0], mk[1]);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double a : ALPHAS) {
            for (long s = 0; s < 3; s++) {
                double[] u0 = Initializers.gaussian(3, 3, a, Rng.stream(seed + s, "li2021-counterexample-" + id));
                FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-10).withRtol(1e-10))
                    .optimize(new FactorizedObjective(op, y, 3), u0);
                double nuc = SolutionMetrics.of(fr.result().x(), 3, null).nuclearNorm();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("alpha", a);
                r.put("seed", seed + s);
                r.put("nuclear_norm", nuc);
                r.put("delta", (nuc - exact.minTrace()) / exact.minTrace());
                r.put("train_error", fr.result().trainError());
                r.put("x", fr.result().x());
                rows.add(r);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("mask", PsdCompletionGrid.maskText(k));
        m.put("observed", y);
        m.put("min_nuclear_norm", exact.minTrace());
        m.put("min_x", exact.x());
        m.put("certified", exact.certificate().holds(1e-9));
        m.put("flows", rows);
        return m;
    }

    /** The sample of (b): {@code perMask} instance ids per mask (seeded). */
    static List<Integer> sample(int perMask, long seed) {
        List<Integer> ids = new ArrayList<>();
        var rng = Rng.stream(seed, "li2021-grid-sample");
        for (int k = 0; k < PsdCompletionGrid.MASKS; k++) {
            java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
            while (chosen.size() < perMask) {
                chosen.add(rng.nextInt(PsdCompletionGrid.PER_MASK));
            }
            for (int c : chosen) {
                ids.add(k * PsdCompletionGrid.PER_MASK + c);
            }
        }
        return ids;
    }

    @Override
    public Summary run(Context ctx) {
        long start = System.nanoTime();
        int perMask = ctx.full() ? PsdCompletionGrid.PER_MASK : quickPerMask;
        int seeds = ctx.full() ? 3 : 1;
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        PsdCompletionGrid.Options go = PsdCompletionGrid.Options.paper(ctx.seed());
        List<Rows.Job> jobs = new ArrayList<>();
        for (String kind : List.of("sensing", "completion")) {
            String key = Rows.hash(name() + "|a|" + kind + "|" + ctx.seed() + "|" + seeds + "|" + java.util.Arrays.toString(ALPHAS));
            jobs.add(new Rows.Job("planted-" + kind, key, () -> {
                Map<String, Object> r = Conjecture.analyze(planted(kind, ctx.seed()), new Conjecture.Options(2, ALPHAS, seeds, 1));
                r.put("problem", kind);
                return r;
            }));
        }
        for (long ps = 1; ps <= figure2cSeeds; ps++) {
            long problemSeed = ps;
            String key = Rows.hash(name() + "|d|" + problemSeed + "|" + seeds + "|" + java.util.Arrays.toString(ALPHAS));
            jobs.add(new Rows.Job("figure2c-seed-" + ps, key, () -> {
                Map<String, Object> r = Conjecture.analyze(figure2c(problemSeed), new Conjecture.Options(2, ALPHAS, seeds, 1));
                r.put("problem_seed", problemSeed);
                return r;
            }));
        }
        List<Integer> ids = ctx.full() ? java.util.stream.IntStream.range(0, PsdCompletionGrid.SIZE).boxed().toList()
            : sample(perMask, ctx.seed());
        int chunk = ctx.full() ? FULL_CHUNK : perMask;
        List<String> gridJobs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += chunk) {
            List<Integer> mine = ids.subList(from, Math.min(ids.size(), from + chunk));
            String key = Rows.hash(name() + "|b-retry|" + go.seed() + "|" + GRID_ALPHA + "|" + mine);
            String job = "grid-" + mine.get(0) + "-" + mine.get(mine.size() - 1);
            gridJobs.add(job);
            jobs.add(new Rows.Job(job, key, () -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int id : mine) {
                    Map<String, Object> r = gridInstance(id, go);
                    if (r != null) {
                        rows.add(r);
                    }
                }
                return Map.of("instances", rows);
            }));
        }
        Map<String, Map<String, Object>> res = Rows.runAll(ctx, name(), jobs);
        List<Map<String, Object>> grid = new ArrayList<>();
        for (String job : gridJobs) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> l = (List<Map<String, Object>>) res.get(job).get("instances");
            grid.addAll(l);
        }
        Map<String, Object> worst = grid.stream().filter(r -> Boolean.TRUE.equals(r.get("certified")) && fitted(r))
            .max(java.util.Comparator.comparingDouble(r -> num(r, "flow_delta"))).orElseThrow();
        int cid = ((Number) worst.get("id")).intValue();
        Map<String, Object> cx = Rows.runAll(ctx, name() + " (c)", List.of(new Rows.Job("counterexample",
            Rows.hash(name() + "|c|" + cid + "|" + ctx.seed() + "|" + java.util.Arrays.toString(ALPHAS)), () -> counterexample(cid, ctx.seed()))))
            .get("counterexample");
        return Summary.untyped(report(ctx, res, grid, cx, provenance, start, ids.size()));
    }

    /** Gradient evaluations of a grid flow; one that has not fitted the data by then is rerun with ten times as many. */
    static final long GRID_EVALUATIONS = 200_000;

    /** A grid flow counts as having reached its limit when it fits the observations to this (relative training error). */
    static final double FITTED = 1e-6;

    /** Whether the flow of grid row {@code r} fitted the data ({@link #FITTED}); the others are counted, never used. */
    static boolean fitted(Map<String, Object> r) {
        return num(r, "flow_train_error") <= FITTED;
    }

    /** Whether GLRL reached a solution on grid row {@code r} (false when one of its phases has no limit). */
    static boolean hasLimit(Map<String, Object> r) {
        return !Boolean.FALSE.equals(r.get("glrl_has_limit"));
    }

    private static String perMaskText(int examined) {
        return String.valueOf(examined / PsdCompletionGrid.MASKS);
    }

    static double num(Map<String, Object> r, String k) {
        Object o = r.get(k);
        return o instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> report(Context ctx, Map<String, Map<String, Object>> res, List<Map<String, Object>> feasibleRows,
                                       Map<String, Object> cx, Provenance.Info provenance, long start, int examined) {
        List<Map<String, Object>> grid = feasibleRows.stream().filter(Li2021::fitted).toList();
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        // (a)
        Map<String, Object> planted = new LinkedHashMap<>();
        XYChart ca = Charts.chart("Li et al. (a): small-init flow limit vs GLRL", "α = ‖U₀‖_F (log)", "‖X − X_glrl‖/‖X_glrl‖ (log)");
        ca.getStyler().setXAxisLogarithmic(true);
        ca.getStyler().setYAxisLogarithmic(true);
        List<double[]> slopes = new ArrayList<>();
        for (String kind : List.of("sensing", "completion")) {
            Map<String, Object> r = res.get("planted-" + kind);
            List<Map<String, Object>> pa = (List<Map<String, Object>>) r.get("per_alpha");
            double[] a = new double[pa.size()];
            double[] d = new double[pa.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = num(pa.get(i), "alpha");
                d[i] = Math.max(1e-16, num(pa.get(i), "distance_to_glrl"));
            }
            Charts.line(ca, kind, a, d);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("answer", r.get("answer"));
            p.put("min_nuclear_norm", r.get("min_nuclear_norm"));
            p.put("glrl_nuclear_norm", r.get("glrl_nuclear_norm"));
            p.put("glrl_rank_path", r.get("glrl_rank_path"));
            p.put("distance_to_glrl", java.util.Arrays.stream(d).boxed().toList());
            p.put("distance_to_min", pa.stream().map(e -> num(e, "distance_to_min")).toList());
            p.put("rel_gap", pa.stream().map(e -> num(e, "rel_gap")).toList());
            p.put("slope", ((Map<String, Object>) r.get("trend")).get("distance_to_glrl_slope"));
            planted.put(kind, p);
            slopes.add(new double[] {d[0], d[d.length - 1], num((Map<String, Object>) r.get("trend"), "distance_to_glrl_slope")});
        }
        SweepReport.save(ca, ctx.dir().resolve("figures").resolve("planted-distance"));
        figures.add("planted-distance");
        captions.put("planted-distance", "(a) distance of the flow limit to GLRL's solution against α (mean over seeds)");
        // (b)
        int n = grid.size();
        long byGlrl = grid.stream().filter(r -> num(r, "flow_to_glrl") <= Conjecture.SAME).count();
        long byMin = grid.stream().filter(r -> num(r, "flow_to_min") <= Conjecture.SAME).count();
        long byBoth = grid.stream().filter(r -> num(r, "flow_to_glrl") <= Conjecture.SAME && num(r, "flow_to_min") <= Conjecture.SAME).count();
        List<Map<String, Object>> differ = grid.stream().filter(r -> hasLimit(r) && num(r, "glrl_to_min") > Conjecture.SAME)
            .sorted(java.util.Comparator.comparingDouble(r -> -num(r, "flow_delta"))).toList();
        List<Map<String, Object>> noLimit = grid.stream().filter(r -> !hasLimit(r)).toList();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("coverage", ctx.full() ? "every instance" : "seeded sample of " + perMaskText(examined) + " per mask");
        b.put("instances_examined", examined);
        b.put("feasible", feasibleRows.size());
        b.put("flow_retried", feasibleRows.stream().filter(r -> Boolean.TRUE.equals(r.get("flow_retried"))).count());
        b.put("flow_not_fitted", feasibleRows.size() - n);
        b.put("flow_not_fitted_ids", feasibleRows.stream().filter(r -> !fitted(r)).map(r -> r.get("id")).limit(100).toList());
        b.put("compared", n);
        b.put("alpha", GRID_ALPHA);
        b.put("fraction_explained_by_glrl", (double) byGlrl / n);
        b.put("fraction_explained_by_min_nuclear_norm", (double) byMin / n);
        b.put("fraction_explained_by_both", (double) byBoth / n);
        b.put("fraction_explained_by_neither", (double) grid.stream().filter(r -> num(r, "flow_to_glrl") > Conjecture.SAME
            && num(r, "flow_to_min") > Conjecture.SAME).count() / n);
        b.put("glrl_without_limit", noLimit.size());
        b.put("fraction_glrl_without_limit", (double) noLimit.size() / n);
        b.put("fraction_explained_by_min_where_glrl_has_no_limit", noLimit.isEmpty() ? Double.NaN
            : (double) noLimit.stream().filter(r -> num(r, "flow_to_min") <= Conjecture.SAME).count() / noLimit.size());
        b.put("glrl_without_limit_examples", noLimit.stream().limit(5).map(r -> Map.of("id", r.get("id"), "mask",
            PsdCompletionGrid.maskText(((Number) r.get("mask")).intValue()), "flow_delta", r.get("flow_delta"))).toList());
        b.put("glrl_differs_from_min", differ.size());
        b.put("differ_examples", differ.stream().limit(10).map(r -> Map.of("id", r.get("id"), "mask",
            PsdCompletionGrid.maskText(((Number) r.get("mask")).intValue()), "flow_delta", r.get("flow_delta"), "glrl_delta",
            r.get("glrl_delta"), "flow_to_glrl", r.get("flow_to_glrl"))).toList());
        Map<String, Object> hist = new LinkedHashMap<>();
        for (boolean diag : new boolean[] {false, true}) {
            List<Map<String, Object>> part = grid.stream().filter(r -> Boolean.TRUE.equals(r.get("whole_diagonal")) == diag).toList();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("flow", PaperAxes.paperAxesCounts(part.stream().map(r -> num(r, "flow_delta")).toList()));
            h.put("glrl", PaperAxes.paperAxesCounts(part.stream().filter(Li2021::hasLimit).map(r -> num(r, "glrl_delta")).toList()));
            hist.put(diag ? "whole_diagonal_masks" : "other_masks", h);
        }
        b.put("figure4_histogram", hist);
        XYChart ch = Charts.chart("Figure 4 on the paper's axes (other masks): Δ = (‖X‖_* − min)/min", "Δ", "instances");
        Map<String, Object> other = (Map<String, Object>) hist.get("other_masks");
        double[] centers = new double[20];
        for (int i = 0; i < 20; i++) {
            centers[i] = -0.19 + 0.02 * i;
        }
        for (String s : List.of("flow", "glrl")) {
            int[] c = (int[]) ((Map<String, Object>) other.get(s)).get("counts");
            Charts.line(ch, s.equals("flow") ? "flow, α = 1e-5" : "GLRL", centers, java.util.Arrays.stream(c).asDoubleStream().toArray());
        }
        SweepReport.save(ch, ctx.dir().resolve("figures").resolve("figure4-histogram"));
        figures.add("figure4-histogram");
        captions.put("figure4-histogram", "(b) counts of Δ in bins of 0.02 over [−0.2, 0.2], masks not observing the whole diagonal; "
            + "the whole-diagonal masks (trace fixed, Δ ≡ 0) are counted apart in summary.json");
        // (c)
        List<Map<String, Object>> flows = (List<Map<String, Object>>) cx.get("flows");
        Map<String, Object> c = new LinkedHashMap<>(cx);
        c.remove("flows");
        List<Map<String, Object>> perAlpha = new ArrayList<>();
        double minDelta = Double.POSITIVE_INFINITY;
        for (double a : ALPHAS) {
            List<Map<String, Object>> at = flows.stream().filter(f -> num(f, "alpha") == a).toList();
            double md = at.stream().mapToDouble(f -> num(f, "delta")).min().orElse(Double.NaN);
            if (a <= SMALL_ALPHA) {
                minDelta = Math.min(minDelta, md);
            }
            perAlpha.add(Map.of("alpha", a, "min_delta", md, "max_delta", at.stream().mapToDouble(f -> num(f, "delta")).max().orElse(Double.NaN),
                "nuclear_norms", at.stream().map(f -> f.get("nuclear_norm")).toList(),
                "max_train_error", at.stream().mapToDouble(f -> num(f, "train_error")).max().orElse(Double.NaN)));
        }
        c.put("per_alpha", perAlpha);
        c.put("min_delta_small_alphas", minDelta);
        // (d) Figure 2(c)
        Map<String, Object> f2c = new LinkedHashMap<>();
        List<double[]> gaps = new ArrayList<>();
        List<Double> glrlGaps = new ArrayList<>();
        XYChart cd = Charts.chart("Figure 2(c) settled: gap of the small-init limit to the minimum nuclear norm", "α = ‖U₀‖_F (log)",
            "(‖X‖_* − min)/min");
        cd.getStyler().setXAxisLogarithmic(true);
        for (long ps = 1; ps <= figure2cSeeds; ps++) {
            Map<String, Object> r = res.get("figure2c-seed-" + ps);
            List<Map<String, Object>> pa = (List<Map<String, Object>>) r.get("per_alpha");
            double[] g = pa.stream().mapToDouble(e -> num(e, "rel_gap")).toArray();
            gaps.add(g);
            glrlGaps.add(r.get("glrl_rel_gap") instanceof Number x ? x.doubleValue() : Double.NaN);
            Charts.line(cd, "problem seed " + ps, ALPHAS, g);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("min_nuclear_norm", r.get("min_nuclear_norm"));
            e.put("glrl_rel_gap", r.get("glrl_rel_gap"));
            e.put("glrl_rank_path", r.get("glrl_rank_path"));
            e.put("rel_gap", java.util.Arrays.stream(g).boxed().toList());
            e.put("distance_to_glrl", pa.stream().map(x -> num(x, "distance_to_glrl")).toList());
            e.put("distance_to_min", pa.stream().map(x -> num(x, "distance_to_min")).toList());
            e.put("answer", r.get("answer"));
            f2c.put(String.valueOf(ps), e);
        }
        SweepReport.save(cd, ctx.dir().resolve("figures").resolve("figure2c-gap"));
        figures.add("figure2c-gap");
        captions.put("figure2c-gap", "(d) Figure 2(c) (n = 50, r = 2, m = 25 Gaussian): relative nuclear-norm gap of the flow limit against α, "
            + "5 problem seeds");
        List<Finding> findings = List.of(approachesGlrl(slopes), explained(n, byGlrl, byMin, differ.size(), noLimit.size(),
                feasibleRows.size() - n, ctx.full()),
            counterexampleFinding(Boolean.TRUE.equals(cx.get("certified")), minDelta, c), figure2c(gaps, glrlGaps));
        List<Map<String, Object>> verdicts = findings.stream().map(Finding::toMap).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Li, Luo & Lyu 2021, Towards Resolving the Implicit Bias of Gradient Descent for Matrix Factorization");
        summary.put("mode", ctx.full() ? "full" : "quick");
        summary.put("settings", Map.of("alphas", ALPHAS, "grid_alpha", GRID_ALPHA, "grid_instances", examined, "same", Conjecture.SAME,
            "counterexample_gap", COUNTEREXAMPLE_GAP));
        summary.put("planted", planted);
        summary.put("grid", b);
        summary.put("counterexample", c);
        summary.put("figure2c", f2c);
        summary.put("verdicts", verdicts);
        summary.put("files", Map.of("index", "index.html", "figures", figures.stream().map(f -> "figures/" + f + ".png").toList()));
        StringBuilder html = new StringBuilder("<p>").append(Html.esc(description())).append(". Numbers: <a href=\"summary.json\">"
            + "summary.json</a>.</p>\n");
        for (Finding f : findings) {
            html.append(Page.verdictParagraph(f));
        }
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Li, Luo & Lyu 2021 (greedy low-rank learning)",
            List.of(html.toString(), Html.figures("Figures", figures, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (Double) summary.get("seconds"));
        for (Map<String, Object> v : verdicts) {
            ctx.out().printf("  %s: %s%n", v.get("figure"), v.get("verdict"));
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        AtomicFiles.write(ctx.dir().resolve("grid.json"), org.implreg.io.Json.bytes(feasibleRows));
        return summary;
    }

    // ---------------------------------------------------------------------------------------------
    // verdict rules: numbers in, finding out

    /** Li et al.'s claim of {@code kind}. */
    static Finding.Owner li(String kind) {
        return Finding.Owner.of("Li et al.", kind);
    }

    /** Gunasekar et al.'s conjecture: small-init GD on a full-width factorization converges to the minimum nuclear norm solution. */
    static final Finding.Owner GUNASEKAR_CONJECTURE = Finding.Owner.of("Gunasekar et al.", "conjecture");

    /**
     * (a) Each problem's {distance at the largest α, at the smallest α, slope}: agrees when on every problem
     * the distance to GLRL falls (smallest-α distance below half the largest-α one, or ≤ 1e-3) with a
     * positive slope; partly on some; disagrees on none.
     */
    static Finding approachesGlrl(List<double[]> problems) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        List<String> path = new ArrayList<>();
        for (double[] p : problems) {
            if ((p[1] <= Conjecture.SAME || p[1] < 0.5 * p[0]) && (p[1] <= Conjecture.SAME || p[2] > 0)) {
                ok++;
            }
            path.add(String.format(Locale.ROOT, "%.1e → %.1e", p[0], p[1]));
            ev.append(String.format(Locale.ROOT, "%.3e at α = 1e-2 → %.3e at α = 1e-8 (slope %.3f); ", p[0], p[1], p[2]));
        }
        return Finding.claim("(a)", "the small-init flow approaches GLRL's solution as α → 0", Verdict.of(ok == problems.size(), ok > 0),
            "distance to GLRL per planted problem (sensing, completion): " + ev.toString().replaceAll("; $", ""))
            .by(li("GLRL theorem"), String.format(Locale.ROOT, "the flow limit's distance to GLRL's solution falls as α goes from 1e-2 to "
                + "1e-8 on %d of %d planted problems (%s)", ok, problems.size(), String.join(", ", path)));
    }

    /**
     * (b) Agrees when GLRL explains (within 1e-3) at least as many flow limits as the minimum nuclear norm and
     * at least 90% of the feasible instances; partly when GLRL explains more than the minimum but under 90%;
     * disagrees otherwise. Instances on which GLRL has no solution (a phase without a limit) count as not
     * explained by GLRL.
     */
    static Finding explained(int n, long byGlrl, long byMin, int differ, int withoutLimit, int notFitted, boolean everyInstance) {
        double g = (double) byGlrl / n;
        double m = (double) byMin / n;
        return Finding.claim("(b)", "on the Figure-4 grid the small-init limit is GLRL's solution more often than the minimum nuclear norm",
            g >= 0.9 && g >= m ? Verdict.AGREES : g > m ? Verdict.PARTLY : Verdict.DISAGREES,
            String.format(Locale.ROOT, "of %d feasible instances whose flow fitted the data (%s; %d more flows did not fit the data "
                + "to %s within their evaluation cap, rerun once with 10×, and are left out), %.1f%% of the flow limits (α = 1e-5) are within 1e-3 of GLRL's "
                + "solution and %.1f%% within 1e-3 of the minimum nuclear norm solution; GLRL and the minimum differ on %d; on %d "
                + "(%.1f%%) GLRL defines no solution (a phase's ‖U‖ grows without bound)", n,
                everyInstance ? "every feasible instance of the grid" : "a seeded sample; --full examines every instance", notFitted,
                FITTED, 100 * g, 100 * m, differ, withoutLimit, 100.0 * withoutLimit / n))
            .by(li("prediction on the Figure-4 grid"), String.format(Locale.ROOT, "of %d grid instances, %.1f%% of the small-init limits "
                + "are GLRL's solution and %.1f%% the minimum nuclear norm solution", n, 100 * g, 100 * m));
    }

    /** (c) A certified instance whose flow limit stays ≥ 5% above the minimum for every α down to 1e-8: agrees; certified but under 5%: partly; else disagrees. */
    static Finding counterexampleFinding(boolean certified, double minDelta, Map<String, Object> c) {
        return Finding.claim("(c)", "a certified counterexample: the α → 0 limit's nuclear norm stays ≥ 5% above the minimum",
            certified && minDelta >= COUNTEREXAMPLE_GAP ? Verdict.AGREES : certified && minDelta > 0 ? Verdict.PARTLY : Verdict.DISAGREES,
            String.format(Locale.ROOT, "instance %s (mask %s, observed %s): certified min ‖X‖_* = %.6f; the flow's Δ is at least %.2f%% over "
                + "α = 1e-4 … 1e-8 and 3 initializations each, and grows as α falls (per α: %s)", c.get("id"), c.get("mask"),
                list(c.get("observed")), num(c, "min_nuclear_norm"), 100 * minDelta, deltas(c)))
            .by(li("counterexample").against(GUNASEKAR_CONJECTURE), String.format(Locale.ROOT, "on %s grid instance %s the "
                + "small-init limit's nuclear norm stays at least %.1f%% above the minimum for every α from 1e-4 to 1e-8",
                certified ? "the certified" : "the (uncertified)", c.get("id"), 100 * minDelta));
    }

    /**
     * (d) Figure 2(c): Gunasekar et al.'s conjecture predicts the gap g(α) = (‖X_α‖_* − min)/min → 0 as α → 0;
     * Li et al. predict the limit is GLRL's solution, which here is not the minimum, so that the gap persists.
     * The verdict is on Li et al.'s prediction: on a problem seed it holds when the gap does not shrink,
     * |g(α_min)| &gt; {@link Conjecture#SAME} and |g(α_min)| ≥ ½|g(α_max)|; every seed: agrees, some: partly, none
     * (the gap shrinks everywhere, as Gunasekar et al. conjecture): disagrees.
     *
     * @param gaps     per problem seed, the gap at each α from the largest to the smallest
     * @param glrlGaps per problem seed, the gap of GLRL's solution (NaN where GLRL has none), for the sentence
     */
    static Finding figure2c(List<double[]> gaps, List<Double> glrlGaps) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] g : gaps) {
            double last = g[g.length - 1];
            if (Math.abs(last) > Conjecture.SAME && Math.abs(last) >= 0.5 * Math.abs(g[0])) {
                ok++;
            }
            lo = Math.min(lo, last);
            hi = Math.max(hi, last);
            StringBuilder one = new StringBuilder();
            for (double x : g) {
                one.append(one.length() == 0 ? "" : " → ").append(String.format(Locale.ROOT, "%+.1f%%", 100 * x));
            }
            ev.append(one).append("; ");
        }
        double glo = glrlGaps.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double ghi = glrlGaps.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return Finding.claim("(d) Figure 2(c)", "Gunasekar et al.'s conjecture fails on their Figure 2(c) problem: the small-init "
                + "gap to the minimum nuclear norm does not shrink as α → 0 (the limit is GLRL's solution, not the minimum)",
            Verdict.of(ok == gaps.size(), ok > 0), "gap at α = 1e-2 → 1e-4 → 1e-6 → 1e-8 per problem seed: "
                + ev.toString().replaceAll("; $", ""))
            .by(li("prediction").against(GUNASEKAR_CONJECTURE), String.format(Locale.ROOT, "on %d of %d problem seeds the small-init "
                + "limit's nuclear norm does not approach the minimum as α → 0 (gap %s at α = 1e-8%s)", ok, gaps.size(), range(lo, hi),
                Double.isNaN(glo) ? "" : "; GLRL's solution " + range(glo, ghi)));
    }

    /** A range of relative gaps as percentages: "+5.3%", or "+5.3% to +14.3%". */
    private static String range(double lo, double hi) {
        String a = String.format(Locale.ROOT, "%+.1f%%", 100 * lo);
        String b = String.format(Locale.ROOT, "%+.1f%%", 100 * hi);
        return a.equals(b) ? a : a + " to " + b;
    }

    @SuppressWarnings("unchecked")
    private static String deltas(Map<String, Object> c) {
        Object pa = c.get("per_alpha");
        if (!(pa instanceof List<?> l)) {
            return "n/a";
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : l) {
            Map<String, Object> e = (Map<String, Object>) o;
            sb.append(String.format(Locale.ROOT, "%sα = %.0e: Δ %.2f%%–%.2f%%", sb.length() == 0 ? "" : ", ", num(e, "alpha"),
                100 * num(e, "min_delta"), 100 * num(e, "max_delta")));
        }
        return sb.toString();
    }

    private static String list(Object o) {
        if (o instanceof double[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", a[i]));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(o);
    }
}

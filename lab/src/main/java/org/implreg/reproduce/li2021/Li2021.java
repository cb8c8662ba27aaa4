package org.implreg.reproduce.li2021;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import org.implreg.report.RecordJson;
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
 * Typed end to end: the rows in rows.jsonl are records ({@link Analysis} for (a) and (d), {@link GridChunk} of
 * {@link GridInstance}s for (b), {@link CounterexampleRow} for (c)), summary.json is {@link Li2021Summary}, and the
 * verdict rules are functions of numbers and of {@link Counterexample}.
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

    /**
     * A row of (a) and (d): {@link Conjecture#analyze}'s keys (conjecture.json's, read once where the analysis
     * returns them), then which problem it is: {@code problem} ("sensing", "completion") for (a),
     * {@code problem_seed} for (d).
     */
    record Analysis(String answer, String evidence, boolean settled, int n, int depth,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String method, int seeds, double smallestAlpha, int alphasExtended,
                    int maxExtensions, double minNuclearNorm, Boolean minNuclearNormCertified, int minRank, String glrlStopReason,
                    String glrlStopCriterion, double glrlTrainError, boolean glrlFits, double glrlNuclearNorm, double glrlRelGap, int glrlRank,
                    List<Integer> glrlRankPath, double glrlDistanceToMin, List<AnalysisAlpha> perAlpha, Trend trend, Rule rule,
                    double normalization, @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long problemSeed) {
        /** The analysis of {@code p} with {@code o}, tagged with its problem ({@code key} = {@code value}). */
        static Analysis of(Problem p, Conjecture.Options o, String key, Object value) {
            var keys = Conjecture.analyze(p, o); // conjecture.json's keys: the JSON boundary of the analysis
            keys.put(key, value);
            return RecordJson.fromTree(RecordJson.toTree(keys), Analysis.class);
        }
    }

    /** {@link Analysis}'s entry per α. */
    record AnalysisAlpha(double alpha, boolean extended, double nuclearNorm, double relGap, double rank, double distanceToGlrl,
                         double distanceToGlrlMin, double distanceToGlrlMax, double distanceToMin, double distanceToMinMin,
                         double distanceToMinMax, int converged, int runs, double maxTrainError, List<String> stops,
                         double[] perSeedNuclearNorm) {}

    /** {@link Analysis}'s trend of the distances in α. */
    record Trend(double distanceToGlrlPerDecade, double distanceToMinPerDecade, double distanceToGlrlSlope, double distanceToMinSlope,
                 String note) {}

    /** {@link Analysis}'s thresholds. */
    record Rule(double same, double settledPerDecade, double gapSame, double glrlFit, double extensionFactor) {}

    /**
     * One grid instance of (b): Δ = (‖X‖_* − min)/min of the flow limit and of GLRL's solution, and their relative
     * distances ‖X − X′‖_F / max(‖X_min‖_F, 1e-12) to each other and to the exact minimum {@code min}.
     */
    record GridInstance(int id, int mask, boolean wholeDiagonal, boolean certified, double min, double flowDelta, double glrlDelta,
                        double flowToGlrl, double flowToMin, double glrlToMin, double flowTrainError, boolean flowRetried,
                        double glrlTrainError, boolean glrlHasLimit) {
        /** Whether the flow fitted the data ({@link #FITTED}); the others are counted, never used. */
        boolean fitted() {
            return flowTrainError <= FITTED;
        }
    }

    /** A row of (b): the feasible instances of one chunk of instance ids. */
    record GridChunk(List<GridInstance> instances) {}

    /** One grid instance of (b): exact minimum, the flow limit at {@link #GRID_ALPHA}, GLRL. Null when infeasible. */
    static GridInstance gridInstance(int id, PsdCompletionGrid.Options o) {
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
        return new GridInstance(id, k, PsdCompletionGrid.observesWholeDiagonal(k), exact.certificate().holds(1e-9), min, (flowNuc - min) / min,
            (glrlNuc - min) / min, Linalg.distance(fr.result().x(), g.result().x()) / scale, Linalg.distance(fr.result().x(), exact.x()) / scale,
            Linalg.distance(g.result().x(), exact.x()) / scale, fr.result().trainError(), retried, g.result().trainError(),
            !g.result().criterion().startsWith("phase "));
    }

    /** One flow of (c): its α, U₀'s seed, ‖X‖_*, Δ against the certified minimum, training error and limit X. */
    record CounterexampleFlow(double alpha, long seed, double nuclearNorm, double delta, double trainError, double[] x) {}

    /** The row of (c): the instance, its certified minimum and the flows. */
    record CounterexampleRow(int id, String mask, double[] observed, double minNuclearNorm, double[] minX, boolean certified,
                             List<CounterexampleFlow> flows) {}

    /** (c): the flow at each α of {@link #ALPHAS} on instance {@code id}, nuclear norm and Δ against the certified minimum. */
    static CounterexampleRow counterexample(int id, long seed) {
        PsdCompletionGrid.Observations obs = PsdCompletionGrid.observations(id);
        int k = obs.mask();
        int[][] mk = obs.entries();
        long[] num = obs.numerators();
        double[] y = obs.y();
        TinyCompletion.Result exact = TinyCompletion.solve(mk[0], mk[1], num, PsdCompletionGrid.DENOMINATOR);
        CompletionOperator op = new CompletionOperator(3, mk[0], mk[1]);
        List<CounterexampleFlow> rows = new ArrayList<>();
        for (double a : ALPHAS) {
            for (long s = 0; s < 3; s++) {
                double[] u0 = Initializers.gaussian(3, 3, a, Rng.stream(seed + s, "li2021-counterexample-" + id));
                FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-10).withRtol(1e-10))
                    .optimize(new FactorizedObjective(op, y, 3), u0);
                double nuc = SolutionMetrics.of(fr.result().x(), 3, null).nuclearNorm();
                rows.add(new CounterexampleFlow(a, seed + s, nuc, (nuc - exact.minTrace()) / exact.minTrace(), fr.result().trainError(),
                    fr.result().x()));
            }
        }
        return new CounterexampleRow(id, PsdCompletionGrid.maskText(k), y, exact.minTrace(), exact.x(), exact.certificate().holds(1e-9),
            rows);
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
    public Li2021Summary run(Context ctx) {
        long start = System.nanoTime();
        int perMask = ctx.full() ? PsdCompletionGrid.PER_MASK : quickPerMask;
        int seeds = ctx.full() ? 3 : 1;
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "mode", ctx.full() ? "full" : "quick"));
        PsdCompletionGrid.Options go = PsdCompletionGrid.Options.paper(ctx.seed());
        List<Rows.Job<Analysis>> analyses = new ArrayList<>();
        for (String kind : List.of("sensing", "completion")) {
            String key = Rows.hash(name() + "|a|" + kind + "|" + ctx.seed() + "|" + seeds + "|" + java.util.Arrays.toString(ALPHAS));
            analyses.add(new Rows.Job<>("planted-" + kind, key, () -> Analysis.of(planted(kind, ctx.seed()),
                new Conjecture.Options(2, ALPHAS, seeds, 1), "problem", kind)));
        }
        for (long ps = 1; ps <= figure2cSeeds; ps++) {
            long problemSeed = ps;
            String key = Rows.hash(name() + "|d|" + problemSeed + "|" + seeds + "|" + java.util.Arrays.toString(ALPHAS));
            analyses.add(new Rows.Job<>("figure2c-seed-" + ps, key, () -> Analysis.of(figure2c(problemSeed),
                new Conjecture.Options(2, ALPHAS, seeds, 1), "problem_seed", problemSeed)));
        }
        List<Integer> ids = ctx.full() ? java.util.stream.IntStream.range(0, PsdCompletionGrid.SIZE).boxed().toList()
            : sample(perMask, ctx.seed());
        int chunk = ctx.full() ? FULL_CHUNK : perMask;
        List<Rows.Job<GridChunk>> gridJobs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += chunk) {
            List<Integer> mine = ids.subList(from, Math.min(ids.size(), from + chunk));
            String key = Rows.hash(name() + "|b-retry|" + go.seed() + "|" + GRID_ALPHA + "|" + mine);
            gridJobs.add(new Rows.Job<>("grid-" + mine.get(0) + "-" + mine.get(mine.size() - 1), key, () -> {
                List<GridInstance> rows = new ArrayList<>();
                for (int id : mine) {
                    GridInstance r = gridInstance(id, go);
                    if (r != null) {
                        rows.add(r);
                    }
                }
                return new GridChunk(rows);
            }));
        }
        Map<String, Analysis> res = Rows.runAll(ctx, name() + " (a, d)", Analysis.class, analyses);
        List<GridInstance> grid = new ArrayList<>();
        for (GridChunk c : Rows.runAll(ctx, name() + " (b)", GridChunk.class, gridJobs).values()) {
            grid.addAll(c.instances());
        }
        GridInstance worst = grid.stream().filter(r -> r.certified() && r.fitted())
            .max(java.util.Comparator.comparingDouble(GridInstance::flowDelta)).orElseThrow();
        int cid = worst.id();
        CounterexampleRow cx = Rows.runAll(ctx, name() + " (c)", CounterexampleRow.class, List.of(new Rows.Job<>("counterexample",
            Rows.hash(name() + "|c|" + cid + "|" + ctx.seed() + "|" + java.util.Arrays.toString(ALPHAS)), () -> counterexample(cid, ctx.seed()))))
            .get("counterexample");
        return report(ctx, res, grid, cx, provenance, start, ids.size());
    }

    /** Gradient evaluations of a grid flow; one that has not fitted the data by then is rerun with ten times as many. */
    static final long GRID_EVALUATIONS = 200_000;

    /** A grid flow counts as having reached its limit when it fits the observations to this (relative training error). */
    static final double FITTED = 1e-6;

    private static String perMaskText(int examined) {
        return String.valueOf(examined / PsdCompletionGrid.MASKS);
    }

    /** Li2021's summary.json, key by key. */
    public record Li2021Summary(String reproduction, String paper, String mode, Settings settings, Map<String, PlantedProblem> planted,
                                Grid grid, Counterexample counterexample, Map<String, Figure2cSeed> figure2c, List<Finding> verdicts,
                                Files files) implements Summary {}

    /** summary.json's {@code settings}. */
    public record Settings(double[] alphas, double gridAlpha, int gridInstances, double same, double counterexampleGap) {}

    /** (a) per planted problem: the analysis's answer, the nuclear norms, and per α the distances (to GLRL floored at 1e-16) and gap. */
    public record PlantedProblem(String answer, double minNuclearNorm, double glrlNuclearNorm, List<Integer> glrlRankPath,
                                 double[] distanceToGlrl, double[] distanceToMin, double[] relGap, double slope) {}

    /**
     * (b) over the grid's feasible instances whose flow fitted the data ({@code compared}): the fractions of flow
     * limits within {@link Conjecture#SAME} of GLRL's solution, of the minimum, of both, of neither; where GLRL
     * has no solution; examples; Figure 4's histograms.
     */
    public record Grid(String coverage, int instancesExamined, int feasible, long flowRetried, int flowNotFitted, List<Integer> flowNotFittedIds,
                       int compared, double alpha, double fractionExplainedByGlrl, double fractionExplainedByMinNuclearNorm,
                       double fractionExplainedByBoth, double fractionExplainedByNeither, int glrlWithoutLimit, double fractionGlrlWithoutLimit,
                       double fractionExplainedByMinWhereGlrlHasNoLimit, List<NoLimitExample> glrlWithoutLimitExamples,
                       int glrlDiffersFromMin, List<DifferExample> differExamples, Histograms figure4Histogram) {}

    /** An instance on which GLRL has no solution. */
    public record NoLimitExample(int id, String mask, double flowDelta) {}

    /** An instance on which GLRL's solution and the minimum differ. */
    public record DifferExample(int id, String mask, double flowDelta, double glrlDelta, double flowToGlrl) {}

    /** Figure 4's histograms, masks observing the whole diagonal apart. */
    public record Histograms(Histogram otherMasks, Histogram wholeDiagonalMasks) {}

    /** Counts of the flow's Δ and of GLRL's (where it has a solution) on the paper's axes. */
    public record Histogram(PaperAxes.Counts flow, PaperAxes.Counts glrl) {}

    /** (c) the counterexample: the instance, its certified minimum, per α the flows' Δ, and the least Δ at α ≤ {@link #SMALL_ALPHA}. */
    public record Counterexample(int id, String mask, double[] observed, double minNuclearNorm, double[] minX, boolean certified,
                                 List<CounterexampleAlpha> perAlpha, double minDeltaSmallAlphas) {}

    /** (c) at one α: the least and largest Δ of its flows, their nuclear norms, the largest training error. */
    public record CounterexampleAlpha(double alpha, double minDelta, double maxDelta, double[] nuclearNorms, double maxTrainError) {}

    /** (d) per problem seed of Figure 2(c): the analysis's answer, the gaps and distances per α. */
    public record Figure2cSeed(double minNuclearNorm, double glrlRelGap, List<Integer> glrlRankPath, double[] relGap, double[] distanceToGlrl,
                               double[] distanceToMin, String answer) {}

    /** summary.json's {@code files}. */
    public record Files(String index, List<String> figures) {}

    private Li2021Summary report(Context ctx, Map<String, Analysis> res, List<GridInstance> feasibleRows, CounterexampleRow cx,
                                 Provenance.Info provenance, long start, int examined) {
        List<GridInstance> grid = feasibleRows.stream().filter(GridInstance::fitted).toList();
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        // (a)
        Map<String, PlantedProblem> planted = new LinkedHashMap<>();
        XYChart ca = Charts.chart("Li et al. (a): small-init flow limit vs GLRL", "α = ‖U₀‖_F (log)", "‖X − X_glrl‖/‖X_glrl‖ (log)");
        ca.getStyler().setXAxisLogarithmic(true);
        ca.getStyler().setYAxisLogarithmic(true);
        List<double[]> slopes = new ArrayList<>();
        for (String kind : List.of("sensing", "completion")) {
            Analysis r = res.get("planted-" + kind);
            List<AnalysisAlpha> pa = r.perAlpha();
            double[] a = pa.stream().mapToDouble(AnalysisAlpha::alpha).toArray();
            double[] d = pa.stream().mapToDouble(e -> Math.max(1e-16, e.distanceToGlrl())).toArray();
            Charts.line(ca, kind, a, d);
            planted.put(kind, new PlantedProblem(r.answer(), r.minNuclearNorm(), r.glrlNuclearNorm(), r.glrlRankPath(), d,
                pa.stream().mapToDouble(AnalysisAlpha::distanceToMin).toArray(), pa.stream().mapToDouble(AnalysisAlpha::relGap).toArray(),
                r.trend().distanceToGlrlSlope()));
            slopes.add(new double[] {d[0], d[d.length - 1], r.trend().distanceToGlrlSlope()});
        }
        SweepReport.save(ca, ctx.dir().resolve("figures").resolve("planted-distance"));
        figures.add("planted-distance");
        captions.put("planted-distance", "(a) distance of the flow limit to GLRL's solution against α (mean over seeds)");
        // (b)
        int n = grid.size();
        long byGlrl = grid.stream().filter(r -> r.flowToGlrl() <= Conjecture.SAME).count();
        long byMin = grid.stream().filter(r -> r.flowToMin() <= Conjecture.SAME).count();
        long byBoth = grid.stream().filter(r -> r.flowToGlrl() <= Conjecture.SAME && r.flowToMin() <= Conjecture.SAME).count();
        List<GridInstance> differ = grid.stream().filter(r -> r.glrlHasLimit() && r.glrlToMin() > Conjecture.SAME)
            .sorted(java.util.Comparator.comparingDouble(r -> -r.flowDelta())).toList();
        List<GridInstance> noLimit = grid.stream().filter(r -> !r.glrlHasLimit()).toList();
        Histogram[] hist = new Histogram[2];
        for (boolean diag : new boolean[] {false, true}) {
            List<GridInstance> part = grid.stream().filter(r -> r.wholeDiagonal() == diag).toList();
            hist[diag ? 1 : 0] = new Histogram(PaperAxes.counts(part.stream().map(GridInstance::flowDelta).toList()),
                PaperAxes.counts(part.stream().filter(GridInstance::glrlHasLimit).map(GridInstance::glrlDelta).toList()));
        }
        Grid b = new Grid(ctx.full() ? "every instance" : "seeded sample of " + perMaskText(examined) + " per mask", examined,
            feasibleRows.size(), feasibleRows.stream().filter(GridInstance::flowRetried).count(), feasibleRows.size() - n,
            feasibleRows.stream().filter(r -> !r.fitted()).map(GridInstance::id).limit(100).toList(), n, GRID_ALPHA, (double) byGlrl / n,
            (double) byMin / n, (double) byBoth / n, (double) grid.stream().filter(r -> r.flowToGlrl() > Conjecture.SAME
                && r.flowToMin() > Conjecture.SAME).count() / n, noLimit.size(), (double) noLimit.size() / n,
            noLimit.isEmpty() ? Double.NaN : (double) noLimit.stream().filter(r -> r.flowToMin() <= Conjecture.SAME).count() / noLimit.size(),
            noLimit.stream().limit(5).map(r -> new NoLimitExample(r.id(), PsdCompletionGrid.maskText(r.mask()), r.flowDelta())).toList(),
            differ.size(), differ.stream().limit(10).map(r -> new DifferExample(r.id(), PsdCompletionGrid.maskText(r.mask()), r.flowDelta(),
                r.glrlDelta(), r.flowToGlrl())).toList(), new Histograms(hist[0], hist[1]));
        XYChart ch = Charts.chart("Figure 4 on the paper's axes (other masks): Δ = (‖X‖_* − min)/min", "Δ", "instances");
        double[] centers = new double[20];
        for (int i = 0; i < 20; i++) {
            centers[i] = -0.19 + 0.02 * i;
        }
        Charts.line(ch, "flow, α = 1e-5", centers, java.util.Arrays.stream(hist[0].flow().counts()).asDoubleStream().toArray());
        Charts.line(ch, "GLRL", centers, java.util.Arrays.stream(hist[0].glrl().counts()).asDoubleStream().toArray());
        SweepReport.save(ch, ctx.dir().resolve("figures").resolve("figure4-histogram"));
        figures.add("figure4-histogram");
        captions.put("figure4-histogram", "(b) counts of Δ in bins of 0.02 over [−0.2, 0.2], masks not observing the whole diagonal; "
            + "the whole-diagonal masks (trace fixed, Δ ≡ 0) are counted apart in summary.json");
        // (c)
        List<CounterexampleAlpha> perAlpha = new ArrayList<>();
        double minDelta = Double.POSITIVE_INFINITY;
        for (double a : ALPHAS) {
            List<CounterexampleFlow> at = cx.flows().stream().filter(f -> f.alpha() == a).toList();
            double md = at.stream().mapToDouble(CounterexampleFlow::delta).min().orElse(Double.NaN);
            if (a <= SMALL_ALPHA) {
                minDelta = Math.min(minDelta, md);
            }
            perAlpha.add(new CounterexampleAlpha(a, md, at.stream().mapToDouble(CounterexampleFlow::delta).max().orElse(Double.NaN),
                at.stream().mapToDouble(CounterexampleFlow::nuclearNorm).toArray(),
                at.stream().mapToDouble(CounterexampleFlow::trainError).max().orElse(Double.NaN)));
        }
        Counterexample c = new Counterexample(cx.id(), cx.mask(), cx.observed(), cx.minNuclearNorm(), cx.minX(), cx.certified(), perAlpha,
            minDelta);
        // (d) Figure 2(c)
        Map<String, Figure2cSeed> f2c = new LinkedHashMap<>();
        List<double[]> gaps = new ArrayList<>();
        List<Double> glrlGaps = new ArrayList<>();
        XYChart cd = Charts.chart("Figure 2(c) settled: gap of the small-init limit to the minimum nuclear norm", "α = ‖U₀‖_F (log)",
            "(‖X‖_* − min)/min");
        cd.getStyler().setXAxisLogarithmic(true);
        for (long ps = 1; ps <= figure2cSeeds; ps++) {
            Analysis r = res.get("figure2c-seed-" + ps);
            double[] g = r.perAlpha().stream().mapToDouble(AnalysisAlpha::relGap).toArray();
            gaps.add(g);
            glrlGaps.add(r.glrlRelGap());
            Charts.line(cd, "problem seed " + ps, ALPHAS, g);
            f2c.put(String.valueOf(ps), new Figure2cSeed(r.minNuclearNorm(), r.glrlRelGap(), r.glrlRankPath(), g,
                r.perAlpha().stream().mapToDouble(AnalysisAlpha::distanceToGlrl).toArray(),
                r.perAlpha().stream().mapToDouble(AnalysisAlpha::distanceToMin).toArray(), r.answer()));
        }
        SweepReport.save(cd, ctx.dir().resolve("figures").resolve("figure2c-gap"));
        figures.add("figure2c-gap");
        captions.put("figure2c-gap", "(d) Figure 2(c) (n = 50, r = 2, m = 25 Gaussian): relative nuclear-norm gap of the flow limit against α, "
            + "5 problem seeds");
        List<Finding> findings = List.of(approachesGlrl(slopes), explained(n, byGlrl, byMin, differ.size(), noLimit.size(),
                feasibleRows.size() - n, ctx.full()),
            counterexampleFinding(c), figure2c(gaps, glrlGaps));
        Li2021Summary summary = new Li2021Summary(name(),
            "Li, Luo & Lyu 2021, Towards Resolving the Implicit Bias of Gradient Descent for Matrix Factorization", ctx.full() ? "full" : "quick",
            new Settings(ALPHAS, GRID_ALPHA, examined, Conjecture.SAME, COUNTEREXAMPLE_GAP), planted, b, c, f2c, findings,
            new Files("index.html", figures.stream().map(f -> "figures/" + f + ".png").toList()));
        StringBuilder html = new StringBuilder("<p>").append(Html.esc(description())).append(". Numbers: <a href=\"summary.json\">"
            + "summary.json</a>.</p>\n");
        for (Finding f : findings) {
            html.append(Page.verdictParagraph(f));
        }
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n");
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Li, Luo & Lyu 2021 (greedy low-rank learning)",
            List.of(html.toString(), Html.figures("Figures", figures, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", name(), (System.nanoTime() - start) / 1e9);
        for (Finding f : findings) {
            ctx.out().printf("  %s: %s%n", f.figure(), f.verdict().word());
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        AtomicFiles.write(ctx.dir().resolve("grid.json"), org.implreg.io.Json.bytes(RecordJson.toTree(feasibleRows)));
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

    /**
     * (c) The counterexample's verdict from its record: a certified instance whose flow limit stays ≥
     * {@link #COUNTEREXAMPLE_GAP} above the minimum (Δ = (‖X‖_* − min)/min, the least over α ≤ {@link #SMALL_ALPHA}
     * and the initializations, {@code min_delta_small_alphas}): agrees; certified with 0 &lt; Δ &lt; the gap: partly;
     * else disagrees.
     */
    static Finding counterexampleFinding(Counterexample c) {
        boolean certified = c.certified();
        double minDelta = c.minDeltaSmallAlphas();
        return Finding.claim("(c)", "a certified counterexample: the α → 0 limit's nuclear norm stays ≥ 5% above the minimum",
            certified && minDelta >= COUNTEREXAMPLE_GAP ? Verdict.AGREES : certified && minDelta > 0 ? Verdict.PARTLY : Verdict.DISAGREES,
            String.format(Locale.ROOT, "instance %s (mask %s, observed %s): certified min ‖X‖_* = %.6f; the flow's Δ is at least %.2f%% over "
                + "α = 1e-4 … 1e-8 and 3 initializations each, and grows as α falls (per α: %s)", c.id(), c.mask(),
                java.util.Arrays.toString(c.observed()), c.minNuclearNorm(), 100 * minDelta, deltas(c)))
            .by(li("counterexample").against(GUNASEKAR_CONJECTURE), String.format(Locale.ROOT, "on %s grid instance %s the "
                + "small-init limit's nuclear norm stays at least %.1f%% above the minimum for every α from 1e-4 to 1e-8",
                certified ? "the certified" : "the (uncertified)", c.id(), 100 * minDelta));
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

    private static String deltas(Counterexample c) {
        StringBuilder sb = new StringBuilder();
        for (CounterexampleAlpha e : c.perAlpha()) {
            sb.append(String.format(Locale.ROOT, "%sα = %.0e: Δ %.2f%%–%.2f%%", sb.length() == 0 ? "" : ", ", e.alpha(),
                100 * e.minDelta(), 100 * e.maxDelta()));
        }
        return sb.toString();
    }
}

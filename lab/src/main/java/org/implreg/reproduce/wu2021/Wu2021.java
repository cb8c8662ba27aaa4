package org.implreg.reproduce.wu2021;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.io.Provenance;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.problem.Problem;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.run.IterationListener;
import org.knowm.xchart.XYChart;

/**
 * Wu &amp; Rebeschini (NeurIPS 2021), "Implicit regularization in matrix sensing via mirror descent", the experiments of
 * their public code ({@code fawuuu/irmsmd}, {@code experiments.py}) with its settings: n = 50, r = 5, X* = UUᵀ scaled to
 * nuclear norm 1, Gaussian sensing (Figure 1) and entry completion (Figure 2) with m = 3nr and m = nr, 5 000 iterations,
 * α = 10⁻¹ … 10⁻¹⁰, GD on X = UUᵀ from U₀ = √α·I at step η/4 and MD with the spectral entropy from X₀ = α·I at step η
 * (η = 1 sensing, 2 000 completion, in the paper's units, converted to implreg's by {@link Wu2021Problems} and
 * {@link Wu2021Runs}), against implreg's certified minimum ({@code nucmin}; the paper uses cvxpy at 1e-5) and X*.
 * Then (d) the commuting case ({@link Wu2021Commuting}) and issue 31's item 3, li2021's counterexamples under MD
 * ({@link Wu2021Counterexamples}). Verdicts: {@link Wu2021Verdicts}.
 */
public final class Wu2021 implements Reproduction {
    static final String NAME = "wu2021";
    /** The paper's sizes and iterations. */
    static final int N = 50;
    static final int R = 5;
    static final long ITERATIONS = 5000;
    static final double ETA_SENSING = 1;
    static final double ETA_COMPLETION = 2000;
    /** The paper's α = 10⁻¹ … 10⁻¹⁰ (full); quick mode keeps four of them. */
    static final double[] ALPHAS_FULL = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
    static final double[] ALPHAS_QUICK = {1e-1, 1e-4, 1e-7, 1e-10};
    /** (d): the diagonal family's sizes and steps (at the paper's sensing step). */
    static final int DIAG_N = 20;
    static final int DIAG_R = 3;
    static final int DIAG_M = 10;
    static final long DIAG_STEPS = 2000;
    /** Item 3: grid instances per mask (quick, full). */
    static final int GRID_PER_MASK_QUICK = 2;
    static final int GRID_PER_MASK_FULL = 20;
    static final String QUOTE = "\"mirror descent ... converges to a minimizer of a quantity built from the nuclear norm, the Frobenius "
        + "norm and the von Neumann entropy ... so it recovers low-rank matrices under the same conditions as nuclear-norm minimisation; "
        + "with commuting sensing matrices, gradient descent with full-rank factorized parametrization is a first-order approximation to "
        + "mirror descent\" (Wu & Rebeschini 2021, abstract, paraphrased)";

    private final int n;
    private final int r;
    private final long iterations;
    private final double[] quickAlphas;
    private final int diagN;
    private final long diagSteps;
    private final double[] cxAlphas;
    private final int gridPerMask;
    private final double etaCompletion;

    public Wu2021() {
        this(N, R, ITERATIONS, ALPHAS_QUICK, DIAG_N, DIAG_STEPS, Wu2021Counterexamples.ALPHAS, GRID_PER_MASK_QUICK);
    }

    Wu2021(int n, int r, long iterations, double[] quickAlphas, int diagN, long diagSteps, double[] cxAlphas, int gridPerMask) {
        this.n = n;
        this.r = r;
        this.iterations = iterations;
        this.quickAlphas = quickAlphas;
        this.diagN = diagN;
        this.diagSteps = diagSteps;
        this.cxAlphas = cxAlphas;
        this.gridPerMask = gridPerMask;
        this.etaCompletion = ETA_COMPLETION * n * r / (N * R);
    }

    /**
     * CI size: n = 12, r = 2, 300 iterations, two α's, (d) at n = 6 with 200 steps, item 3 at two α's and 1 grid instance per mask.
     * The completion step is the paper's 2 000 scaled by nr/(50·5) (GD's stability limit on completion grows with m·r: at
     * n = 12 the paper's 2 000 diverges).
     */
    @Override
    public Reproduction ciSized() {
        return new Wu2021(12, 2, 300, new double[] {1e-1, 1e-4}, 6, 200, new double[] {1e-2, 1e-4}, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Wu & Rebeschini 2021: mirror descent (spectral entropy) vs gradient descent on UUᵀ vs the certified minimum nuclear norm, "
            + "Figures 1 and 2, the commuting case, and li2021's counterexamples under mirror descent";
    }

    /** One experiment's problem: kind and m. */
    record Spec(String name, Wu2021Problems.Kind kind, int m, double eta) {}

    /** The four experiments: Figure 1 (sensing) and Figure 2 (completion), each with m = 3nr and m = nr. */
    List<Spec> specs() {
        return List.of(new Spec("sensing-3nr", Wu2021Problems.Kind.SENSING, 3 * n * r, ETA_SENSING),
            new Spec("sensing-nr", Wu2021Problems.Kind.SENSING, n * r, ETA_SENSING),
            new Spec("completion-3nr", Wu2021Problems.Kind.COMPLETION, 3 * n * r, etaCompletion),
            new Spec("completion-nr", Wu2021Problems.Kind.COMPLETION, n * r, etaCompletion));
    }

    /** The certified minimum's row: its metrics and X (n×n), which the runs measure their distance to. */
    record MinRow(double nuclearNorm, double effectiveRank, double relError, boolean certified, double truthNuclearNorm,
                  double truthEffectiveRank, double[] x) {}

    /** A run's row: a method's limit after the iterations, measured ({@link Wu2021Runs.Measured}). */
    record RunRow(String method, double alpha, double step, long iterations, String stopReason, double trainError, double nuclearNorm,
                  double effectiveRank, double relError, double distanceToMin, double gapToMin) {}

    @Override
    public Wu2021Summary run(Context ctx) {
        long start = System.nanoTime();
        double[] alphas = ctx.full() ? ALPHAS_FULL : quickAlphas;
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", NAME, "mode", ctx.full() ? "full" : "quick", "n", n));
        List<Spec> specs = specs();
        Map<String, Problem> problems = new LinkedHashMap<>();
        List<Rows.Job<MinRow>> minJobs = new ArrayList<>();
        for (Spec s : specs) {
            Problem p = Wu2021Problems.problem(s.kind(), n, r, s.m(), ctx.seed());
            problems.put(s.name(), p);
            minJobs.add(new Rows.Job<>("min-" + s.name(), Rows.hash(NAME + "|min|" + s + "|" + n + "|" + r + "|" + ctx.seed()), () -> min(p)));
        }
        Map<String, MinRow> mins = Rows.runAll(ctx, NAME + " nucmin", MinRow.class, minJobs);
        List<Rows.Job<RunRow>> runJobs = new ArrayList<>();
        for (Spec s : specs) {
            Problem p = problems.get(s.name());
            MinRow min = mins.get("min-" + s.name());
            for (String method : List.of("gd", "md")) {
                for (double a : alphas) {
                    runJobs.add(new Rows.Job<>("run-" + s.name() + "-" + method + "-" + a, Rows.hash(NAME + "|run|" + s + "|" + method + "|" + a
                        + "|" + n + "|" + r + "|" + iterations + "|" + ctx.seed()), () -> run(p, s, method, a, min)));
                }
            }
        }
        Map<String, RunRow> runs = Rows.runAll(ctx, NAME + " GD and MD", RunRow.class, runJobs);
        Problem diag = Wu2021Problems.problem(Wu2021Problems.Kind.DIAGONAL, diagN, Math.min(DIAG_R, diagN), Math.max(1, diagN / 2), ctx.seed());
        List<Rows.Job<Wu2021Commuting.Row>> diagJobs = new ArrayList<>();
        for (double a : alphas) {
            diagJobs.add(new Rows.Job<>("commuting-" + a, Rows.hash(NAME + "|d4|" + a + "|" + diagN + "|" + diagSteps + "|" + ctx.seed()),
                () -> Wu2021Commuting.row(diag, a, ETA_SENSING, diagSteps)));
        }
        Map<String, Wu2021Commuting.Row> commutingRows = Rows.runAll(ctx, NAME + " (d)", Wu2021Commuting.Row.class, diagJobs);
        List<Rows.Job<Wu2021Counterexamples.InstanceRow>> cxJobs = new ArrayList<>();
        for (int id : Wu2021Counterexamples.LI2021_COUNTEREXAMPLES) {
            cxJobs.add(new Rows.Job<>("counterexample-" + id, Rows.hash(NAME + "|cx|" + id + "|" + Arrays.toString(cxAlphas) + "|" + ctx.seed()),
                () -> Wu2021Counterexamples.instance(id, cxAlphas, ctx.seed())));
        }
        Map<String, Wu2021Counterexamples.InstanceRow> cx = Rows.runAll(ctx, NAME + " counterexamples", Wu2021Counterexamples.InstanceRow.class,
            cxJobs);
        int perMask = ctx.full() ? GRID_PER_MASK_FULL : gridPerMask;
        List<Integer> ids = Wu2021Counterexamples.sample(perMask, ctx.seed());
        List<Rows.Job<Wu2021Counterexamples.GridChunk>> gridJobs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += perMask) {
            List<Integer> mine = ids.subList(from, Math.min(ids.size(), from + perMask));
            gridJobs.add(new Rows.Job<>("grid-" + mine.get(0), Rows.hash(NAME + "|grid|" + mine + "|" + Wu2021Counterexamples.GRID_ALPHA), () -> {
                List<Wu2021Counterexamples.GridRow> rows = new ArrayList<>();
                for (int id : mine) {
                    var row = Wu2021Counterexamples.gridRow(id);
                    if (row != null) {
                        rows.add(row);
                    }
                }
                return new Wu2021Counterexamples.GridChunk(rows);
            }));
        }
        List<Wu2021Counterexamples.GridRow> grid = new ArrayList<>();
        for (var c : Rows.runAll(ctx, NAME + " grid", Wu2021Counterexamples.GridChunk.class, gridJobs).values()) {
            grid.addAll(c.rows());
        }
        return report(ctx, provenance, start, alphas, specs, mins, runs, commutingRows, diag, cx, ids.size(), grid);
    }

    /** The certified minimum of {@code p} (nucmin, default tolerance). */
    static MinRow min(Problem p) {
        SolveReport rep = Wu2021Runs.solve(p, SolveSettings.builder("nucmin").build(), IterationListener.NONE);
        SolutionMetrics truth = SolutionMetrics.of(p.xStar(), p.n(), null);
        return new MinRow(rep.metrics().nuclearNorm(), SolutionMetrics.entropyEffectiveRank(rep.metrics().singularValues()),
            rep.metrics().relativeError(), Boolean.TRUE.equals(rep.extras().get("certified")), truth.nuclearNorm(),
            SolutionMetrics.entropyEffectiveRank(truth.singularValues()), rep.result().x());
    }

    /** {@code method} ("gd" or "md") at α on the experiment's problem, measured against X* and the minimum. */
    RunRow run(Problem p, Spec s, String method, double alpha, MinRow min) {
        SolveSettings set = method.equals("gd") ? Wu2021Runs.gdSettings(p.n(), alpha, s.eta(), s.kind(), s.m(), iterations)
            : Wu2021Runs.mdSettings(alpha, s.eta(), s.kind(), s.m(), iterations);
        SolveReport rep = Wu2021Runs.solve(p, set, IterationListener.NONE);
        var m = Wu2021Runs.Measured.of(rep.result().x(), p.n(), p.xStar(), min.x(), min.nuclearNorm());
        return new RunRow(method, alpha, set.step(), rep.result().iterations(), rep.result().stopReason().name(), rep.result().trainError(),
            m.nuclearNorm(), m.effectiveRank(), m.relError(), m.distanceToMin(), m.gapToMin());
    }

    private Wu2021Summary report(Context ctx, Provenance.Info provenance, long start, double[] alphas, List<Spec> specs,
                                 Map<String, MinRow> mins, Map<String, RunRow> runs, Map<String, Wu2021Commuting.Row> commutingRows,
                                 Problem diag, Map<String, Wu2021Counterexamples.InstanceRow> cx, int examined,
                                 List<Wu2021Counterexamples.GridRow> grid) {
        Map<String, Wu2021Summary.Experiment> experiments = new LinkedHashMap<>();
        for (Spec s : specs) {
            MinRow min = mins.get("min-" + s.name());
            Wu2021Summary.Series[] series = new Wu2021Summary.Series[2];
            for (int k = 0; k < 2; k++) {
                String method = k == 0 ? "gd" : "md";
                List<RunRow> rs = Arrays.stream(alphas).mapToObj(a -> runs.get("run-" + s.name() + "-" + method + "-" + a)).toList();
                series[k] = new Wu2021Summary.Series(rs.stream().mapToDouble(RunRow::nuclearNorm).toArray(),
                    rs.stream().mapToDouble(RunRow::effectiveRank).toArray(), rs.stream().mapToDouble(RunRow::relError).toArray(),
                    rs.stream().mapToDouble(RunRow::distanceToMin).toArray(), rs.stream().mapToDouble(RunRow::gapToMin).toArray(),
                    rs.stream().mapToDouble(RunRow::trainError).toArray());
            }
            experiments.put(s.name(), new Wu2021Summary.Experiment(s.kind().name().toLowerCase(Locale.ROOT), s.m(), s.eta(),
                Wu2021Problems.gdStep(s.eta(), s.kind(), s.m()), Wu2021Runs.mdStep(s.eta(), s.kind(), s.m()),
                new Wu2021Summary.Reference(min.truthNuclearNorm(), min.truthEffectiveRank()),
                new Wu2021Summary.Minimum(min.nuclearNorm(), min.effectiveRank(), min.relError(), min.certified()), alphas, series[0], series[1]));
        }
        List<Wu2021Commuting.Row> cr = Arrays.stream(alphas).mapToObj(a -> commutingRows.get("commuting-" + a)).toList();
        Wu2021Summary.Commuting commuting = new Wu2021Summary.Commuting(diag.n(), Math.min(DIAG_R, diagN), diag.m(), ETA_SENSING, diagSteps,
            alphas, cr.stream().mapToDouble(Wu2021Commuting.Row::distance).toArray(),
            cr.stream().mapToDouble(Wu2021Commuting.Row::distanceHalfStep).toArray(),
            cr.stream().mapToDouble(Wu2021Commuting.Row::distanceQuarterStep).toArray(),
            cr.stream().mapToDouble(Wu2021Commuting.Row::orderCoarse).toArray(), cr.stream().mapToDouble(Wu2021Commuting.Row::order).toArray(),
            cr.stream().mapToDouble(Wu2021Commuting.Row::finalDistance).toArray());
        Wu2021Summary.Conjecture conjecture = new Wu2021Summary.Conjecture(cxAlphas, cx.values().stream().map(Wu2021::counterexample).toList(),
            gridSample(grid, examined));
        Map<String, Wu2021Summary.Experiment> threeNr = new LinkedHashMap<>();
        Map<String, Wu2021Summary.Experiment> nr = new LinkedHashMap<>();
        experiments.forEach((k, v) -> (k.endsWith("-3nr") ? threeNr : nr).put(k, v));
        List<Finding> findings = List.of(Wu2021Verdicts.mdApproachesMin(experiments), Wu2021Verdicts.bothRecover(threeNr),
            Wu2021Verdicts.underdetermined(nr), Wu2021Verdicts.commuting(commuting), Wu2021Verdicts.counterexamples(conjecture));
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        List<String> sections = new ArrayList<>();
        String note = n == N && Arrays.equals(alphas, ALPHAS_FULL) ? ""
            : String.format(Locale.ROOT, "%s: α ∈ %s%s (the paper: α = 1e-1 … 1e-10, n = 50, r = 5)", ctx.full() ? "full" : "quick mode",
                alphaText(alphas), n == N ? "" : String.format(Locale.ROOT, ", n = %d, r = %d, %d iterations, completion step η = %.4g", n, r, iterations,
                etaCompletion));
        String units = "implreg's Gaussian operator is the paper's divided by √m and its completion operator is the paper's, so "
            + "implreg's 𝒜*(r) is c·(1/m)Σ r_i A_i with c = 1 (sensing) or m (completion); gd (f = ‖𝒜(UUᵀ) − y‖², ∇ = 4𝒜*(r)U) "
            + "runs at step η/(8c) and md (∇f = 2𝒜*(r)) at η/(2c), which are the paper's GD at η/4 and MD at η iterate for iterate";
        for (String fig : List.of("1", "2")) {
            String kind = fig.equals("1") ? "sensing" : "completion";
            List<String> names = new ArrayList<>();
            for (String m : List.of("3nr", "nr")) {
                var e = experiments.get(kind + "-" + m);
                for (String panel : List.of("nuclear-norm", "effective-rank", "reconstruction-error")) {
                    String name = "figure" + fig + "-" + m + "-" + panel;
                    panel(ctx, name, kind, m, panel, e);
                    names.add(name);
                    figures.add(name);
                    captions.put(name, String.format(Locale.ROOT, "Figure %s, m = %s = %d: %s against the initialization size α", fig, m, e.m(),
                        panel.replace('-', ' ')));
                }
            }
            sections.add(Html.figures("Figure " + fig + " (" + (fig.equals("1") ? "Gaussian sensing, η = 1" : String.format(Locale.ROOT, "matrix completion, η = %.4g", etaCompletion))
                + "): top m = 3nr, bottom m = nr", names, captions));
        }
        XYChart cd = Charts.chart("(d) commuting A_i: GD vs MD trajectories", "α (log)", "max ‖X_gd − X_md‖_F/‖X*‖_F (log)");
        cd.getStyler().setXAxisLogarithmic(true);
        cd.getStyler().setYAxisLogarithmic(true);
        Charts.line(cd, "step η", alphas, commuting.distance());
        Charts.line(cd, "step η/2", alphas, commuting.distanceHalfStep());
        Charts.line(cd, "step η/4", alphas, commuting.distanceQuarterStep());
        SweepReport.save(cd, ctx.dir().resolve("figures").resolve("commuting"));
        figures.add("commuting");
        captions.put("commuting", "(d) diagonal A_i: largest distance between the GD and MD trajectories, at the paper's step, half and a quarter of it");
        XYChart cc = Charts.chart("li2021's counterexamples under mirror descent", "α (log)", "Δ = (‖X‖_* − min)/min");
        cc.getStyler().setXAxisLogarithmic(true);
        for (var x : conjecture.counterexamples()) {
            Charts.line(cc, "MD, instance " + x.id(), cxAlphas, x.mdDelta());
            Charts.line(cc, "flow √α·I, instance " + x.id(), cxAlphas, x.flowIdentityDelta());
            Charts.line(cc, "flow Gaussian, instance " + x.id(), cxAlphas, x.flowGaussianDelta());
        }
        SweepReport.save(cc, ctx.dir().resolve("figures").resolve("counterexamples"));
        figures.add("counterexamples");
        captions.put("counterexamples", "li2021's certified counterexamples: Δ of MD's limit and of the gradient flow's against α");
        sections.add(Html.figures("(d) and the conjecture under mirror descent", List.of("commuting", "counterexamples"), captions));
        StringBuilder html = new StringBuilder("<p>").append(Html.esc(description())).append(". Numbers: <a href=\"summary.json\">summary.json</a>.</p>\n");
        for (Finding f : findings) {
            html.append(Page.verdictParagraph(f));
        }
        html.append("<p><b>Units.</b> ").append(Html.esc(units)).append(".</p>\n");
        if (!note.isEmpty()) {
            html.append("<p><b>This run.</b> ").append(Html.esc(note)).append(".</p>\n");
        }
        html.append(table(experiments));
        html.append("<p><b>Paper:</b> ").append(Html.esc(QUOTE)).append("</p>\n");
        sections.add(0, html.toString());
        Wu2021Summary summary = new Wu2021Summary(NAME, "Wu & Rebeschini 2021, Implicit Regularization in Matrix Sensing via Mirror Descent",
            ctx.full() ? "full" : "quick", new Wu2021Summary.Settings(n, r, iterations, alphas, ETA_SENSING, etaCompletion, units, note),
            experiments, commuting, conjecture, findings, new Wu2021Summary.Files("index.html", figures.stream().map(f -> "figures/" + f + ".png")
                .toList()));
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Wu & Rebeschini 2021 (mirror descent)", sections, null);
        ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", NAME, (System.nanoTime() - start) / 1e9);
        for (Finding f : findings) {
            ctx.out().printf("  %s: %s%n", f.figure(), f.verdict().word());
        }
        ctx.out().printf("wrote %s and %s%n", ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    private static String alphaText(double[] a) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0e", a[i]));
        }
        return sb.append('}').toString();
    }

    /** One panel of the paper's 2 × 3 grid: ground truth, nuclear min, GD, MD against α. */
    private static void panel(Context ctx, String name, String kind, String m, String panel, Wu2021Summary.Experiment e) {
        String y = panel.replace('-', ' ');
        XYChart c = Charts.chart(kind + ", m = " + m + ": " + y, "initialization size α (log)", y);
        c.getStyler().setXAxisLogarithmic(true);
        double[] a = e.alphas();
        double lo = a[a.length - 1];
        double hi = a[0];
        switch (panel) {
            case "nuclear-norm" -> {
                Charts.reference(c, "ground truth", lo, hi, e.truth().nuclearNorm());
                Charts.reference(c, "nuclear min", lo, hi, e.min().nuclearNorm());
                Charts.line(c, "gradient descent", a, e.gd().nuclearNorm());
                Charts.line(c, "mirror descent", a, e.md().nuclearNorm());
            }
            case "effective-rank" -> {
                Charts.reference(c, "ground truth", lo, hi, e.truth().effectiveRank());
                Charts.reference(c, "nuclear min", lo, hi, e.min().effectiveRank());
                Charts.line(c, "gradient descent", a, e.gd().effectiveRank());
                Charts.line(c, "mirror descent", a, e.md().effectiveRank());
            }
            default -> {
                Charts.reference(c, "ground truth", lo, hi, 0);
                Charts.reference(c, "nuclear min", lo, hi, e.min().relError());
                Charts.line(c, "gradient descent", a, e.gd().relError());
                Charts.line(c, "mirror descent", a, e.md().relError());
            }
        }
        SweepReport.save(c, ctx.dir().resolve("figures").resolve(name));
    }

    /** The table of the four experiments at each α. */
    private static String table(Map<String, Wu2021Summary.Experiment> experiments) {
        StringBuilder sb = new StringBuilder("<h2>Per α</h2>\n<table><tr><th>experiment</th><th>α</th><th>GD ‖X‖_*</th><th>MD ‖X‖_*</th>"
            + "<th>min ‖X‖_*</th><th>GD erank</th><th>MD erank</th><th>GD ‖X−X*‖/‖X*‖</th><th>MD ‖X−X*‖/‖X*‖</th>"
            + "<th>GD ‖X−X_min‖/‖X_min‖</th><th>MD ‖X−X_min‖/‖X_min‖</th></tr>\n");
        for (var e : experiments.entrySet()) {
            var x = e.getValue();
            for (int i = 0; i < x.alphas().length; i++) {
                sb.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s (m = %d)</td><td>%.0e</td><td>%.5f</td><td>%.5f</td><td>%.5f</td>"
                        + "<td>%.2f</td><td>%.2f</td><td>%.3g</td><td>%.3g</td><td>%.3g</td><td>%.3g</td></tr>\n", e.getKey(), x.m(), x.alphas()[i],
                    x.gd().nuclearNorm()[i], x.md().nuclearNorm()[i], x.min().nuclearNorm(), x.gd().effectiveRank()[i], x.md().effectiveRank()[i],
                    x.gd().relError()[i], x.md().relError()[i], x.gd().distanceToMin()[i], x.md().distanceToMin()[i]));
            }
        }
        return sb.append("</table>\n").toString();
    }

    private static Wu2021Summary.CounterexampleInstance counterexample(Wu2021Counterexamples.InstanceRow x) {
        var pa = x.perAlpha();
        return new Wu2021Summary.CounterexampleInstance(x.id(), x.mask(), x.observed(), x.minNuclearNorm(), x.certified(),
            pa.stream().mapToDouble(a -> a.md().delta()).toArray(), pa.stream().mapToDouble(a -> a.md().distanceToMin()).toArray(),
            pa.stream().mapToDouble(a -> a.md().trainError()).toArray(), pa.stream().mapToDouble(a -> a.flowIdentity().delta()).toArray(),
            pa.stream().mapToDouble(a -> a.flowGaussian().delta()).toArray(), pa.stream().mapToDouble(a -> a.flowIdentity().distanceToMin())
                .toArray());
    }

    /** The grid sample's fractions over the feasible instances whose MD and flow fitted the data (training error ≤ 1e-6). */
    static Wu2021Summary.GridSample gridSample(List<Wu2021Counterexamples.GridRow> rows, int examined) {
        double same = Wu2021Counterexamples.SAME;
        List<Wu2021Counterexamples.GridRow> c = rows.stream().filter(g -> g.md().trainError() <= FITTED && g.flowIdentity().trainError() <= FITTED)
            .toList();
        int n = c.size();
        long md = c.stream().filter(g -> g.md().delta() <= same).count();
        long flow = c.stream().filter(g -> g.flowIdentity().delta() <= same).count();
        List<Wu2021Counterexamples.GridRow> flowMisses = c.stream().filter(g -> g.flowIdentity().delta() > same && g.md().delta() <= same)
            .toList();
        long reverse = c.stream().filter(g -> g.md().delta() > same && g.flowIdentity().delta() <= same).count();
        return new Wu2021Summary.GridSample(Wu2021Counterexamples.GRID_ALPHA, examined, rows.size(), n, same, n == 0 ? Double.NaN : (double) md / n,
            n == 0 ? Double.NaN : (double) flow / n, c.stream().mapToDouble(g -> g.md().delta()).max().orElse(Double.NaN),
            c.stream().mapToDouble(g -> g.flowIdentity().delta()).max().orElse(Double.NaN), flowMisses.size(), (int) reverse,
            flowMisses.stream().map(Wu2021Counterexamples.GridRow::id).limit(10).toList());
    }

    /** A 3×3 limit counts as having fitted the data at this relative training error. */
    static final double FITTED = 1e-6;
}

package org.implreg.reproduce.gunasekar2017;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.reproduce.Dynamics;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.report.SweepReport.Group;
import org.implreg.report.SweepReport.Stat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.implreg.sweep.Sweeps;

/**
 * Figures 1, 2 and 3(i)–(iii) of Gunasekar et al. (2017), "Implicit Regularization in Matrix
 * Factorization" (seed 001), on the paper's problems: n = 50, r = 2, ‖X*‖_F = 1; panel (a) rank-2
 * X* with m = 3nr = 300 measurements, (b) X* with spectrum decaying as k^−1.5 normalized to
 * ‖X*‖_* = √r‖X*‖_F with m = 300, (c) rank-2 X* with m = nr/4 = 25. Gaussian sensing for Figures 1
 * and 2 and 3(i); uniform and power-law entry completion for 3(ii) and 3(iii).
 *
 * <p>Methods: GD on U with ‖U₀‖_F = 10⁻⁴ and 1 at η = 10⁻³; GD with ‖U₀‖_F = 10⁻⁴ and exact line search
 * clipped at {@link #ELS_CAP} (η_ELS); GD from the top-d factor of X_gd (SVD initialization) at
 * η = 10⁻³; X_gd (projected GD on X from 0); the certified minimum nuclear norm solution; for Figure 3
 * also the gradient-flow ODE and the time-ordered exponential (ε = 0.1) from ‖U₀‖_F = 10⁻⁴ with d = n.
 * Gaussian initializations use seeds 0, 1, 2 (the paper's three random initializations); the problem
 * seed is the context's. Iterative runs stop at training error {@link #TOL} or after their iteration
 * cap (10⁵ GD steps: flow time 100 at η = 10⁻³; see {@link Size}).
 *
 * <p>The quick mode runs d ∈ {@link #QUICK_D}; {@code --full} runs {@link #FULL_D}. Both write one
 * sweep folder (spec.yaml, runs.jsonl, runs.csv, provenance.json, aggregate.csv), the figures, an
 * index.html with each figure beside the paper's finding and implreg's verdict, and summary.json
 * ({@link Gunasekar2017Summary}; keys documented in docs/REPRODUCTIONS.md).
 */
public final class Gunasekar2017 implements Reproduction {
    static final List<Integer> QUICK_D = List.of(1, 2, 5, 50);
    static final List<Integer> FULL_D = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40, 45, 50);

    /**
     * The size of the reproduction: the paper's (n = 50, r = 2, 10⁵ GD steps) in both modes, with the
     * quick or full d grid; tests use a miniature.
     *
     * @param n          matrix size
     * @param r          planted rank
     * @param ds         factor widths of Figures 1 and 2 (the largest must be n)
     * @param maxIter    step cap of GD runs
     * @param toeMaxIter step cap of the time-ordered exponential
     * @param otherMaxIter cap of the flow's gradient evaluations and of X_gd's steps (null: the methods' defaults; CI size)
     */
    record Size(int n, int r, List<Integer> ds, long maxIter, long toeMaxIter, Long otherMaxIter) {
        /** The flow and X_gd at their methods' default caps. */
        Size(int n, int r, List<Integer> ds, long maxIter, long toeMaxIter) {
            this(n, r, ds, maxIter, toeMaxIter, null);
        }

        static Size paper(boolean full) {
            return new Size(50, 2, full ? FULL_D : QUICK_D, 100_000, 20_000);
        }
    }

    private final java.util.function.Function<Boolean, Size> sizes;
    private Size size;
    // the current size (set by run)
    private int n;
    private int r;
    private long maxIter;
    private long toeMaxIter;
    private List<Panel> panels;

    /** The paper's size. */
    public Gunasekar2017() {
        this(Size::paper);
    }

    /** A given size for each mode (tests). */
    Gunasekar2017(java.util.function.Function<Boolean, Size> sizes) {
        this.sizes = sizes;
    }

    @Override
    public boolean runsSweeps() {
        return true;
    }

    @Override
    public Reproduction ciSized() {
        return new Gunasekar2017(full -> new Size(16, 2, List.of(16), 200, 100, 100L));
    }

    void use(Size s) {
        size = s;
        n = s.n();
        r = s.r();
        maxIter = s.maxIter();
        toeMaxIter = s.toeMaxIter();
        panels = List.of(
            new Panel("a", "low-rank", 3 * n * r, "(a) low rank X*, m = 3nr"),
            new Panel("b", "decaying", 3 * n * r, "(b) low nuclear norm X*, m = 3nr"),
            new Panel("c", "low-rank", Math.max(1, n * r / 4), "(c) low rank X*, m = nr/4"));
    }
    static final List<Integer> INIT_SEEDS = List.of(0, 1, 2);
    static final double ETA = 1e-3;
    static final double ELS_CAP = 0.2;
    static final double TOL = 1e-3;
    static final double TOE_STEP = 0.1;
    static final double FLOW_TOL = 1e-5;

    static final String GD_SMALL = "‖U0‖_F=1e-4, η=1e-3";
    static final String GD_LARGE = "‖U0‖_F=1, η=1e-3";
    static final String GD_ELS = "‖U0‖_F=1e-4, η_ELS";
    static final String SVD = "SVD initialization";
    static final String XGD = "X_gd";
    static final String NUCMIN = "min ‖X‖_* (A(X)=y)";
    static final String ODE = "ODE approx. ‖U0‖_F=1e-4";
    static final String TOE = "Time ordered exp. ‖U0‖_F=1e-4, ε=0.1";
    static final String GD3 = "Gradient descent ‖U0‖_F=1e-4, η=1e-3";

    /** A panel: its letter, planted family and number of measurements. */
    record Panel(String id, String planted, int m, String title) {}


    /** Measurement families of Figure 3: (i), (ii), (iii). */
    static final List<String> FAMILIES = List.of("gaussian", "uniform", "power-law");
    static final List<String> ROMAN = List.of("i", "ii", "iii");

    static final String Q_FIG1 = "\"even for d = n, we still get good reconstructions from the solution of gradient descent "
        + "with initialization U0 close to zero and small step size\"";
    static final String Q_TRAIN = "\"Training error behaves similarly in all these settings (zero for d ≥ 2)\"";
    static final String Q_FIG2 = "\"the magenta dashed line (almost overlapped by the plot of ‖U‖F = 10⁻⁴, η = 10⁻³) is added "
        + "as a reference for the (rank unconstrained) minimum nuclear norm global optima\"";
    static final String Q_FIG3 = "\"In some panels in Figure 3, we do see a discernible gap between the minimum nuclear norm "
        + "global optima and the nuclear norm of the gradient flow solution with ‖U0‖F = 10⁻⁴\"";

    @Override
    public String name() {
        return "gunasekar2017";
    }

    @Override
    public String description() {
        return "Gunasekar et al. 2017, Figures 1, 2, 3(i)-(iii): n = 50, r = 2, three panels, GD on U from small and large "
            + "init, η_ELS, SVD init, X_gd, min nuclear norm, ODE, time-ordered exponential; 3 seeds";
    }

    /** The sweep of the current size and mode, typed. */
    Gunasekar2017Sweep sweep(boolean full, long seed) {
        return new Gunasekar2017Sweep("gunasekar2017-" + (full ? "full" : "quick"), n, r, seed, panels, size.ds(), maxIter, toeMaxIter,
            size.otherMaxIter());
    }

    /**
     * Factor applied to GD's η and the time-ordered exponential's ε on a measurement family: 1 for
     * Gaussian sensing, N/m (N = n(n+1)/2 entries of a symmetric matrix) for entry completion. Gaussian
     * operators are normalized so that 𝔼‖𝒜(X)‖² = ‖X‖²_F; entry sampling gives ‖𝒜(X)‖² ≈ (m/N)‖X‖²_F,
     * so the flow is N/m times slower and the paper's steps, in the Gaussian units, are η·N/m there
     * (equivalently: the same η on the operator rescaled by √(N/m), which leaves the solution set and
     * the minimum nuclear norm unchanged). Without it GD at η = 10⁻³ is still at training error 0.1–0.5
     * after 10⁵ steps on m = nr/4 completion.
     */
    static double stepScale(int n, String family, int m) {
        return family.equals("gaussian") ? 1.0 : n * (n + 1) / 2.0 / m;
    }

    @Override
    public synchronized Gunasekar2017Summary run(Context ctx) {
        use(sizes.apply(ctx.full()));
        long start = System.nanoTime();
        Gunasekar2017Sweep sweep = sweep(ctx.full(), ctx.seed());
        String yaml;
        try {
            yaml = "# The sweep of `implreg reproduce gunasekar2017" + (ctx.full() ? " --full" : "") + "`; rerun it alone with\n"
                + "# ./implreg run spec.yaml --out .   (finished runs are skipped)\n" + new YAMLMapper().writeValueAsString(sweep.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(ctx.dir().resolve("spec.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        ExperimentSpec spec = sweep.experimentSpec();
        Map<String, JsonNode> records = Sweeps.run(ctx.engine(), spec, ctx.dir().resolve("spec.yaml").toString(), ctx.dir(),
            ctx.threads(), ctx.batch(), ctx.monitor(), null);
        Data data = new Data(spec, records);
        Provenance.Info session = Page.session(ctx, Map.of("reproduction", name(), "full", ctx.full(), "seed", ctx.seed(),
            "threads", ctx.threads(), "max_batch", ctx.batch()));

        // the completion step scale N/m of the two measurement counts, the Gaussian-sensing one first
        Map<String, Double> stepScales = new LinkedHashMap<>();
        stepScales.put("m_" + 3 * n * r, stepScale(n, "uniform", 3 * n * r));
        stepScales.put("m_" + n * r / 4, stepScale(n, "uniform", n * r / 4));
        Gunasekar2017Summary.Settings settings = new Gunasekar2017Summary.Settings(n, r, ctx.seed(), INIT_SEEDS, size.ds(), ETA, ELS_CAP,
            TOL, maxIter, TOE_STEP, toeMaxIter, FLOW_TOL, stepScales);

        Map<String, Gunasekar2017Summary.Figure1Panel> fig1 = new LinkedHashMap<>();
        Map<String, Gunasekar2017Summary.Figure2Panel> fig2 = new LinkedHashMap<>();
        for (Panel p : panels) {
            fig1.put(p.id(), figure1Numbers(data, p));
            fig2.put(p.id(), figure2Numbers(data, p));
        }
        Map<String, Map<String, Gunasekar2017Summary.Figure3Panel>> fig3 = new LinkedHashMap<>();
        for (String f : FAMILIES) {
            Map<String, Gunasekar2017Summary.Figure3Panel> byPanel = new LinkedHashMap<>();
            for (Panel p : panels) {
                byPanel.put(p.id(), figure3Numbers(data, f, p));
            }
            fig3.put(f, byPanel);
        }
        List<Finding> findings = List.of(Gunasekar2017Verdicts.verdictFigure1(fig1), Gunasekar2017Verdicts.verdictTraining(fig1, maxIter),
            Gunasekar2017Verdicts.verdictFigure2(fig2), Gunasekar2017Verdicts.verdictFigure3(fig3));

        // dynamics (issue 21): singular values of X along GD and the flow, panel (a), ‖U0‖_F = 1e-4
        List<org.implreg.io.TraceFile.Trace> dyn = Dynamics.sweep(ctx, "dynamics", dynamicsSpec(ctx.seed()));
        Map<String, Dynamics.Rise> dynamics = new LinkedHashMap<>();
        dyn.forEach(t -> dynamics.put(String.valueOf(t.run().get("method")), Dynamics.describe(t, "dynamics/traces/", r, false)));

        // figures
        Map<String, String> captions = new LinkedHashMap<>();
        List<String> sections = new ArrayList<>();
        List<String> f1 = new ArrayList<>();
        List<String> f1t = new ArrayList<>();
        List<String> f2 = new ArrayList<>();
        for (Panel p : panels) {
            List<Group> gs = data.groups("gaussian", p);
            String name = "fig1" + p.id() + "-rel_error";
            if (plot(ctx, name, labels(gs, List.of(GD_SMALL, GD_LARGE, GD_ELS, SVD, XGD)), "rel_error",
                "Fig. 1" + p.id() + ": " + p.title() + ", Gaussian", captions, p.title() + ": relative error ‖X − X*‖_F/‖X*‖_F vs d")) {
                f1.add(name);
            }
            name = "fig1" + p.id() + "-train_error";
            if (plot(ctx, name, labels(gs, List.of(GD_SMALL, GD_LARGE, GD_ELS, SVD, XGD)), "train_error",
                "Fig. 1" + p.id() + " (training error): " + p.title(), captions, p.title() + ": training error ‖A(X) − y‖/‖y‖ vs d")) {
                f1t.add(name);
            }
            name = "fig2" + p.id() + "-nuclear_norm";
            if (plot(ctx, name, labels(gs, List.of(GD_SMALL, GD_ELS, SVD, XGD, NUCMIN)), "nuclear_norm",
                "Fig. 2" + p.id() + ": " + p.title() + ", Gaussian", captions, p.title() + ": nuclear norm ‖X‖_* vs d")) {
                f2.add(name);
            }
        }
        List<String> f3 = new ArrayList<>();
        for (int i = 0; i < FAMILIES.size(); i++) {
            String name = "fig3" + ROMAN.get(i) + "-nuclear_norm";
            SweepReport.save(figure3Chart(data, FAMILIES.get(i), ROMAN.get(i)), ctx.dir().resolve("figures").resolve(name));
            captions.put(name, "Fig. 3(" + ROMAN.get(i) + "): nuclear norm, " + FAMILIES.get(i) + " measurements, d = n");
            f3.add(name);
        }
        sections.add(section("Figure 1: reconstruction error", findings.get(0), f1, captions));
        sections.add(section("Figure 1: training error", findings.get(1), f1t, captions));
        sections.add(section("Figure 2: nuclear norm", findings.get(2), f2, captions));
        sections.add(section("Figure 3 (i)–(iii): nuclear norm of the flow approximations", findings.get(3), f3, captions));
        List<String> fd = List.of("dynamics-a-singular_values", "dynamics-a-loss");
        Dynamics.figure(ctx, fd.get(0), dyn, "singular_values", "Panel (a), d = n, ‖U0‖_F = 1e-4: σ_i(X) along GD (η = 1e-3) and the flow");
        Dynamics.figure(ctx, fd.get(1), dyn, "loss", "Panel (a), d = n, ‖U0‖_F = 1e-4: loss along GD and the flow");
        captions.put(fd.get(0), "(a) dynamics: the top " + DYNAMICS_TOP + " singular values of X vs flow time t = kη (GD) and t (flow)");
        captions.put(fd.get(1), "(a) dynamics: f(U) vs flow time");
        sections.add("<h2>Dynamics: singular values along GD and the flow (panel (a))</h2>\n<p>From ‖U0‖_F = 1e-4 the planted "
            + "singular values rise one after another and the rest stay near zero (implicit low rank); the loss plateaus between "
            + "the rises. Times at which each σ_i reaches half its final value: summary.json <code>dynamics</code>; the traces: "
            + "<a href=\"dynamics/traces/\">dynamics/traces/</a> (<code>implreg plot</code> draws them).</p>\n"
            + Html.figures("", fd, captions).replace("<h2></h2>\n", ""));
        sections.add(0, "<p>" + Html.esc(description()) + ". Mode: " + (ctx.full() ? "full" : "quick") + " (d ∈ "
            + size.ds() + "). Iterative runs stop at training error " + TOL + " or after " + maxIter
            + " GD steps (" + toeMaxIter + " for the time-ordered exponential); the ODE at training error " + FLOW_TOL
            + ". Key numbers: <a href=\"summary.json\">summary.json</a>; the sweep: <a href=\"spec.yaml\">spec.yaml</a>.</p>\n");
        List<Group> all = data.all;
        SweepReport.writeAggregate(ctx.dir().resolve("aggregate.csv"), all);

        List<String> figs = new ArrayList<>();
        for (List<String> l : List.of(f1, f1t, f2, f3, fd)) {
            l.forEach(f -> figs.add("figures/" + f + ".png"));
        }
        Gunasekar2017Summary summary = new Gunasekar2017Summary(name(),
            "Gunasekar, Woodworth, Bhojanapalli, Neyshabur, Srebro: Implicit Regularization in Matrix Factorization (NIPS 2017)",
            ctx.full() ? "full" : "quick", settings, fig1, fig2, fig3, findings, data.runCount(), data.failed(), data.stopped("MAX_ITER"),
            data.stopped("DIVERGED") + data.stopped("NON_FINITE"), dynamics,
            new Gunasekar2017Summary.Files("index.html", "spec.yaml", "runs.jsonl", "runs.csv", "aggregate.csv", figs));
        Page.write(ctx, summary, session, records.values(), start, "Reproduction: Gunasekar et al. 2017, Figures 1–3", sections, all);
        printTable(ctx, summary, (System.nanoTime() - start) / 1e9);
        return summary;
    }

    /** Singular values kept in the dynamics traces. */
    static final int DYNAMICS_TOP = 4;
    /** Flow time of the dynamics runs: 10⁴ GD steps of η = 1e-3. */
    static final double DYNAMICS_TIME = 10;

    /** The traced sweep of the dynamics figure: GD (η = 1e-3) and the flow on panel (a), d = n, ‖U0‖_F = 1e-4, to t = 10. */
    String dynamicsSpec(long seed) {
        return String.format(Locale.ROOT, "# The dynamics of `implreg reproduce gunasekar2017` (panel (a)); rerun alone with\n"
            + "# ./implreg run spec.yaml --out .\nname: gunasekar2017-dynamics\n"
            + "problem: {n: %d, rank: %d, m: %d, measurement: gaussian, planted: low-rank, seed: %d}\n"
            + "methods:\n  - {method: gd, label: GD, d: %d, init_scale: 1.0e-4, step: %s, max_iter: %d, tol: 0}\n"
            + "  - {method: flow, label: flow, d: %d, init_scale: 1.0e-4, tol: 0, options: {max_time: %s}}\n"
            + "seeds: [0]\ntrace: {log_spaced: 50, top: %d}\n", n, r, 3 * n * r, seed, n, ETA, Math.round(DYNAMICS_TIME / ETA), n,
            DYNAMICS_TIME, DYNAMICS_TOP);
    }

    // ---------------------------------------------------------------------------------------------
    // numbers

    /**
     * What the reproduction reads of one stored run record (runs.jsonl) besides the aggregated metrics, read once.
     *
     * @param failed     the run failed (an error instead of a result)
     * @param stopReason why it stopped (null: no result)
     * @param certified  the convex solver certified its optimum
     */
    record Run(boolean failed, String stopReason, boolean certified) {
        static Run of(JsonNode record) {
            JsonNode result = record.get("result");
            boolean has = result != null && !result.isNull();
            return new Run(record.hasNonNull("error"), has ? result.path("stop_reason").asText() : null,
                has && result.path("certified").asBoolean(false));
        }
    }

    /** Aggregated groups of the sweep, indexed by measurement family and panel. */
    static final class Data {
        private final Map<String, List<Group>> byProblem = new LinkedHashMap<>();
        private final Map<String, String> problemText = new LinkedHashMap<>();
        private final Map<String, Run> runs = new LinkedHashMap<>();
        private final ExperimentSpec spec;
        private final List<Group> all;

        Data(ExperimentSpec spec, Map<String, JsonNode> records) {
            this.spec = spec;
            records.forEach((key, record) -> runs.put(key, Run.of(record)));
            for (RunConfig c : spec.runs()) {
                problemText.putIfAbsent(key(c.problem().measurement().key(), c.problem().planted().key(), c.problem().m()),
                    SweepReport.problemText(c));
            }
            all = SweepReport.aggregate(spec, records);
            for (Group g : all) {
                byProblem.computeIfAbsent(g.problem(), k -> new ArrayList<>()).add(g);
            }
        }

        private static String key(String family, String planted, int m) {
            return family + "|" + planted + "|" + m;
        }

        List<Group> groups(String family, Panel p) {
            String text = problemText.get(key(family, p.planted(), p.m()));
            return text == null ? List.of() : byProblem.getOrDefault(text, List.of());
        }

        /** The group of {@code label} with factor width d (null: any, for methods without d). */
        Group group(String family, Panel p, String label, Integer d) {
            for (Group g : groups(family, p)) {
                if (g.label().equals(label) && (d == null || d.equals(g.params().get("d")))) {
                    return g;
                }
            }
            return null;
        }

        int runCount() {
            return (int) spec.runs().stream().map(RunConfig::key).distinct().filter(runs::containsKey).count();
        }

        int failed() {
            return (int) runs.values().stream().filter(Run::failed).count();
        }

        int stopped(String reason) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            spec.runs().forEach(c -> keys.add(c.key()));
            return (int) runs.entrySet().stream().filter(e -> keys.contains(e.getKey()))
                .map(Map.Entry::getValue).filter(r -> reason.equals(r.stopReason())).count();
        }

        /** The stored run of a key, or null. */
        Run run(String key) {
            return runs.get(key);
        }
    }

    /** The group's mean of {@code metric}; NaN (null in summary.json) without a group or a value. */
    private static double mean(Group g, String metric) {
        if (g == null) {
            return Double.NaN;
        }
        Stat s = g.stats().get(metric);
        return s.count() == 0 ? Double.NaN : s.mean();
    }

    /** Every run of the group fitted the data: training error at the tolerance (a stationary point with a positive loss does not count). */
    private static boolean allConverged(Group g) {
        if (g == null) {
            return false;
        }
        Stat t = g.stats().get("train_error");
        return t.count() == g.runs() && t.mean() + t.std() <= 1.01 * TOL;
    }

    private Gunasekar2017Summary.Figure1Panel figure1Numbers(Data data, Panel p) {
        // smallest d from which every GD small-init run reached the tolerance
        Integer from = null;
        List<Group> small = data.groups("gaussian", p).stream().filter(g -> g.label().equals(GD_SMALL))
            .sorted(java.util.Comparator.comparingInt(g -> ((Number) g.params().get("d")).intValue())).toList();
        for (int i = small.size() - 1; i >= 0 && allConverged(small.get(i)); i--) {
            from = ((Number) small.get(i).params().get("d")).intValue();
        }
        return new Gunasekar2017Summary.Figure1Panel(p.planted(), p.m(), series(data, "gaussian", p, "rel_error"),
            series(data, "gaussian", p, "train_error"), from, small.stream().filter(Gunasekar2017::allConverged)
            .map(g -> ((Number) g.params().get("d")).intValue()).toList());
    }

    /** The factor width of a series' point at d = n: null for the references, which have none. */
    private Integer widthAtN(String label) {
        return label.equals(XGD) || label.equals(NUCMIN) ? null : n;
    }

    /** The mean of {@code metric} at d = n of each series of Figures 1 and 2. */
    private Gunasekar2017Summary.Series series(Data data, String family, Panel p, String metric) {
        double[] v = new double[SERIES.size()];
        for (int i = 0; i < v.length; i++) {
            String label = SERIES.get(i);
            v[i] = mean(data.group(family, p, label, widthAtN(label)), metric);
        }
        return new Gunasekar2017Summary.Series(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** Labels of the Figure 1/2 series, in the order of {@link Gunasekar2017Summary.Series}'s components. */
    private static final List<String> SERIES = List.of(GD_SMALL, GD_LARGE, GD_ELS, SVD, XGD, NUCMIN);

    /**
     * The largest relative gap (‖X‖_* − min)/min by magnitude, and its d, of the series {@code label} over the widths
     * at which all its runs fitted the data: (NaN, null) where none did.
     */
    private record MaxGap(double gap, Integer d) {}

    private static MaxGap maxGap(Data data, Panel p, String label, double min) {
        double worst = Double.NaN;
        Integer worstD = null;
        for (Group g : data.groups("gaussian", p)) {
            if (!g.label().equals(label) || !allConverged(g) || Double.isNaN(min)) {
                continue;
            }
            double gap = (mean(g, "nuclear_norm") - min) / min;
            if (Double.isNaN(worst) || Math.abs(gap) > Math.abs(worst)) {
                worst = gap;
                worstD = ((Number) g.params().get("d")).intValue();
            }
        }
        return new MaxGap(worst, worstD);
    }

    private Gunasekar2017Summary.Figure2Panel figure2Numbers(Data data, Panel p) {
        Group nuc = data.group("gaussian", p, NUCMIN, null);
        double min = mean(nuc, "nuclear_norm");
        Group smallN = data.group("gaussian", p, GD_SMALL, n);
        double sn = mean(smallN, "nuclear_norm");
        MaxGap small = maxGap(data, p, GD_SMALL, min);
        MaxGap els = maxGap(data, p, GD_ELS, min);
        MaxGap large = maxGap(data, p, GD_LARGE, min);
        return new Gunasekar2017Summary.Figure2Panel(min, nuc != null && certified(data, "gaussian", p),
            mean(data.group("gaussian", p, XGD, null), "nuclear_norm"), series(data, "gaussian", p, "nuclear_norm"), allConverged(smallN),
            (sn - min) / min, small.gap(), small.d(), els.gap(), els.d(), large.gap(), large.d());
    }

    private boolean certified(Data data, String family, Panel p) {
        for (RunConfig c : data.spec.runs()) {
            if (c.label().equals(NUCMIN) && c.problem().measurement().key().equals(family) && c.problem().planted().key().equals(p.planted())
                && c.problem().m() == p.m()) {
                Run r = data.run(c.key());
                return r != null && r.certified();
            }
        }
        return false;
    }

    private Gunasekar2017Summary.Figure3Panel figure3Numbers(Data data, String family, Panel p) {
        double min = mean(data.group(family, p, NUCMIN, null), "nuclear_norm");
        double[] v = new double[11];
        int k = 0;
        for (String label : List.of(ODE, TOE, GD3, XGD)) {
            Group g = data.group(family, p, label, widthAtN(label));
            double nuc = mean(g, "nuclear_norm");
            v[k++] = nuc;
            v[k++] = (nuc - min) / min;
            if (!label.equals(XGD)) {
                v[k++] = mean(g, "train_error");
            }
        }
        return new Gunasekar2017Summary.Figure3Panel(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], min,
            certified(data, family, p));
    }

    // ---------------------------------------------------------------------------------------------
    // helpers of the summary's numbers (the verdict rules: Gunasekar2017Verdicts)

    /** A number in 4 significant digits; n/a for NaN (a number that could not be computed). */
    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }

    // ---------------------------------------------------------------------------------------------
    // figures and page

    private static List<Group> labels(List<Group> gs, List<String> keep) {
        List<Group> out = new ArrayList<>();
        for (String l : keep) {
            gs.stream().filter(g -> g.label().equals(l)).forEach(out::add);
        }
        return out;
    }

    private static boolean plot(Context ctx, String name, List<Group> gs, String metric, String title, Map<String, String> captions,
                                String caption) {
        XYChart chart = SweepReport.chart(gs, "d", metric, title);
        if (chart == null) {
            return false;
        }
        chart.setXAxisTitle("dimension d");
        SweepReport.save(chart, ctx.dir().resolve("figures").resolve(name));
        captions.put(name, caption + "; mean ± std over 3 initializations, dashed: references");
        return true;
    }

    private CategoryChart figure3Chart(Data data, String family, String roman) {
        CategoryChart chart = org.implreg.report.Charts.style(new CategoryChartBuilder().width(1040).height(520)
            .title("Fig. 3(" + roman + "): " + family + " measurements, n = 50, r = 2, d = n").xAxisTitle("panel")
            .yAxisTitle("nuclear norm ‖X‖_*").build());
        List<String> cats = panels.stream().map(Panel::title).toList();
        for (String label : List.of(TOE, ODE, GD3, XGD, NUCMIN)) {
            List<Number> ys = new ArrayList<>();
            List<Number> es = new ArrayList<>();
            for (Panel p : panels) {
                Group g = data.group(family, p, label, widthAtN(label));
                Stat s = g == null ? null : g.stats().get("nuclear_norm");
                ys.add(s == null || s.count() == 0 ? 0.0 : s.mean());
                es.add(s == null || s.count() == 0 ? 0.0 : s.std());
            }
            chart.addSeries(label, cats, ys, es);
        }
        return chart;
    }

    private static String section(String title, Finding finding, List<String> figures, Map<String, String> captions) {
        return "<h2>" + Html.esc(title) + "</h2>\n" + Page.verdictParagraph(finding)
            + Html.figures("", figures, captions).replace("<h2></h2>\n", "");
    }

    private void printTable(Context ctx, Gunasekar2017Summary summary, double seconds) {
        java.io.PrintWriter out = ctx.out();
        out.printf("gunasekar2017 (%s): %s runs, %s failed, %s at the iteration cap, %.1f s%n", summary.mode(), summary.runs(),
            summary.failedRuns(), summary.maxIterRuns(), seconds);
        out.printf("%-6s %-22s %10s %10s %10s %10s %10s%n", "panel", "d = n", "‖U0‖=1e-4", "‖U0‖=1", "η_ELS", "X_gd", "min‖X‖_*");
        for (Panel p : panels) {
            Gunasekar2017Summary.Series rel = summary.figure1().get(p.id()).relErrorAtDN();
            Gunasekar2017Summary.Series nuc = summary.figure2().get(p.id()).nuclearNormAtDN();
            for (Object[] row : new Object[][] {{"rel. error", rel}, {"nuclear norm", nuc}}) {
                Gunasekar2017Summary.Series m = (Gunasekar2017Summary.Series) row[1];
                out.printf("%-6s %-22s %10s %10s %10s %10s %10s%n", p.id(), row[0], fmt(m.gdSmallInit()), fmt(m.gdLargeInit()),
                    fmt(m.gdEls()), fmt(m.xgd()), fmt(m.minNuclearNorm()));
            }
        }
        for (Finding v : summary.verdicts()) {
            out.printf("Figure %s: %s%n", v.figure(), v.verdict().word());
        }
        out.println("wrote " + ctx.dir().resolve("index.html") + " and " + ctx.dir().resolve("summary.json"));
        out.flush();
    }
}

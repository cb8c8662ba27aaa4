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
import org.implreg.reproduce.Summary;
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
 * (keys documented in docs/REPRODUCTIONS.md).
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
    public synchronized Summary run(Context ctx) {
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

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", name());
        summary.put("paper", "Gunasekar, Woodworth, Bhojanapalli, Neyshabur, Srebro: Implicit Regularization in Matrix Factorization (NIPS 2017)");
        summary.put("mode", ctx.full() ? "full" : "quick");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("r", r);
        settings.put("problem_seed", ctx.seed());
        settings.put("init_seeds", INIT_SEEDS);
        settings.put("d_grid", size.ds());
        settings.put("step", ETA);
        settings.put("els_cap", ELS_CAP);
        settings.put("tol", TOL);
        settings.put("max_iter", maxIter);
        settings.put("toe_step", TOE_STEP);
        settings.put("toe_max_iter", toeMaxIter);
        settings.put("flow_tol", FLOW_TOL);
        settings.put("completion_step_scale", Map.of("m_" + 3 * n * r, stepScale(n, "uniform", 3 * n * r), "m_" + n * r / 4,
            stepScale(n, "uniform", n * r / 4)));
        summary.put("settings", settings);

        Map<String, Object> fig1 = new LinkedHashMap<>();
        Map<String, Object> fig2 = new LinkedHashMap<>();
        for (Panel p : panels) {
            fig1.put(p.id(), figure1Numbers(data, p));
            fig2.put(p.id(), figure2Numbers(data, p));
        }
        Map<String, Object> fig3 = new LinkedHashMap<>();
        for (String f : FAMILIES) {
            Map<String, Object> byPanel = new LinkedHashMap<>();
            for (Panel p : panels) {
                byPanel.put(p.id(), figure3Numbers(data, f, p));
            }
            fig3.put(f, byPanel);
        }
        summary.put("figure1", fig1);
        summary.put("figure2", fig2);
        summary.put("figure3", fig3);
        List<Finding> findings = List.of(Gunasekar2017Verdicts.verdictFigure1(fig1), Gunasekar2017Verdicts.verdictTraining(fig1, maxIter),
            Gunasekar2017Verdicts.verdictFigure2(fig2), Gunasekar2017Verdicts.verdictFigure3(fig3));
        summary.put("verdicts", findings.stream().map(Finding::toMap).toList());
        summary.put("runs", data.runCount());
        summary.put("failed_runs", data.failed());
        summary.put("max_iter_runs", data.stopped("MAX_ITER"));
        summary.put("diverged_runs", data.stopped("DIVERGED") + data.stopped("NON_FINITE"));

        // dynamics (issue 21): singular values of X along GD and the flow, panel (a), ‖U0‖_F = 1e-4
        List<org.implreg.io.TraceFile.Trace> dyn = Dynamics.sweep(ctx, "dynamics", dynamicsSpec(ctx.seed()));
        Map<String, Object> dynamics = new LinkedHashMap<>();
        dyn.forEach(t -> dynamics.put(String.valueOf(t.run().get("method")), Dynamics.describe(t, "dynamics/traces/", r, false)));
        summary.put("dynamics", dynamics);

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

        Map<String, Object> files = new LinkedHashMap<>();
        files.put("index", "index.html");
        files.put("spec", "spec.yaml");
        files.put("runs", "runs.jsonl");
        files.put("runs_csv", "runs.csv");
        files.put("aggregate", "aggregate.csv");
        List<String> figs = new ArrayList<>();
        for (List<String> l : List.of(f1, f1t, f2, f3, fd)) {
            l.forEach(f -> figs.add("figures/" + f + ".png"));
        }
        files.put("figures", figs);
        summary.put("files", files);
        Page.write(ctx, summary, session, records.values(), start, "Reproduction: Gunasekar et al. 2017, Figures 1–3", sections, all);
        printTable(ctx, summary);
        return Summary.untyped(summary);
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

    /** Aggregated groups of the sweep, indexed by measurement family and panel. */
    static final class Data {
        private final Map<String, List<Group>> byProblem = new LinkedHashMap<>();
        private final Map<String, String> problemText = new LinkedHashMap<>();
        private final Map<String, JsonNode> records;
        private final ExperimentSpec spec;
        private final List<Group> all;

        Data(ExperimentSpec spec, Map<String, JsonNode> records) {
            this.spec = spec;
            this.records = records;
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
            return (int) spec.runs().stream().map(RunConfig::key).distinct().filter(records::containsKey).count();
        }

        int failed() {
            return (int) records.values().stream().filter(r -> !r.get("error").isNull()).count();
        }

        int stopped(String reason) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            spec.runs().forEach(c -> keys.add(c.key()));
            return (int) records.entrySet().stream().filter(e -> keys.contains(e.getKey()))
                .map(Map.Entry::getValue).filter(r -> r.hasNonNull("result")
                    && r.get("result").path("stop_reason").asText().equals(reason)).count();
        }
    }

    private static Double mean(Group g, String metric) {
        if (g == null) {
            return null;
        }
        Stat s = g.stats().get(metric);
        return s.count() == 0 ? null : s.mean();
    }

    /** Every run of the group fitted the data: training error at the tolerance (a stationary point with a positive loss does not count). */
    private static boolean allConverged(Group g) {
        if (g == null) {
            return false;
        }
        Stat t = g.stats().get("train_error");
        return t.count() == g.runs() && t.mean() + t.std() <= 1.01 * TOL;
    }

    private Map<String, Object> figure1Numbers(Data data, Panel p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("planted", p.planted());
        out.put("m", p.m());
        Map<String, Object> rel = new LinkedHashMap<>();
        Map<String, Object> train = new LinkedHashMap<>();
        Map<String, String> series = series();
        for (Map.Entry<String, String> e : series.entrySet()) {
            Integer d = widthAtN(e.getValue());
            Group g = data.group("gaussian", p, e.getValue(), d);
            rel.put(e.getKey(), mean(g, "rel_error"));
            train.put(e.getKey(), mean(g, "train_error"));
        }
        out.put("rel_error_at_d_n", rel);
        out.put("train_error_at_d_n", train);
        // smallest d from which every GD small-init run reached the tolerance
        Integer from = null;
        List<Group> small = data.groups("gaussian", p).stream().filter(g -> g.label().equals(GD_SMALL))
            .sorted(java.util.Comparator.comparingInt(g -> ((Number) g.params().get("d")).intValue())).toList();
        for (int i = small.size() - 1; i >= 0 && allConverged(small.get(i)); i--) {
            from = ((Number) small.get(i).params().get("d")).intValue();
        }
        out.put("zero_train_error_from_d", from);
        out.put("gd_small_fitted_d", small.stream().filter(Gunasekar2017::allConverged)
            .map(g -> ((Number) g.params().get("d")).intValue()).toList());
        return out;
    }

    /** The factor width of a series' point at d = n: null for the references, which have none. */
    private Integer widthAtN(String label) {
        return label.equals(XGD) || label.equals(NUCMIN) ? null : n;
    }

    /** summary keys → labels of the Figure 1/2 series. */
    private static Map<String, String> series() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gd_small_init", GD_SMALL);
        m.put("gd_large_init", GD_LARGE);
        m.put("gd_els", GD_ELS);
        m.put("svd_init", SVD);
        m.put("xgd", XGD);
        m.put("min_nuclear_norm", NUCMIN);
        return m;
    }

    private Map<String, Object> figure2Numbers(Data data, Panel p) {
        Map<String, Object> out = new LinkedHashMap<>();
        Group nuc = data.group("gaussian", p, NUCMIN, null);
        Double min = mean(nuc, "nuclear_norm");
        out.put("min_nuclear_norm", min);
        out.put("min_nuclear_norm_certified", nuc != null && certified(data, "gaussian", p));
        out.put("xgd_nuclear_norm", mean(data.group("gaussian", p, XGD, null), "nuclear_norm"));
        Map<String, Object> atN = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : series().entrySet()) {
            Integer d = widthAtN(e.getValue());
            atN.put(e.getKey(), mean(data.group("gaussian", p, e.getValue(), d), "nuclear_norm"));
        }
        out.put("nuclear_norm_at_d_n", atN);
        Group smallN = data.group("gaussian", p, GD_SMALL, n);
        out.put("gd_small_init_fitted_at_d_n", allConverged(smallN));
        Double sn = mean(smallN, "nuclear_norm");
        out.put("gd_small_init_rel_gap_at_d_n", sn == null || min == null ? null : (sn - min) / min);
        for (String[] s : new String[][] {{"gd_small_init", GD_SMALL}, {"gd_els", GD_ELS}, {"gd_large_init", GD_LARGE}}) {
            double worst = Double.NaN;
            Integer worstD = null;
            for (Group g : data.groups("gaussian", p)) {
                if (!g.label().equals(s[1]) || !allConverged(g) || min == null) {
                    continue;
                }
                double gap = (mean(g, "nuclear_norm") - min) / min;
                if (Double.isNaN(worst) || Math.abs(gap) > Math.abs(worst)) {
                    worst = gap;
                    worstD = ((Number) g.params().get("d")).intValue();
                }
            }
            out.put(s[0] + "_max_rel_gap", Double.isNaN(worst) ? null : worst);
            out.put(s[0] + "_max_rel_gap_d", worstD);
        }
        return out;
    }

    private boolean certified(Data data, String family, Panel p) {
        for (RunConfig c : data.spec.runs()) {
            if (c.label().equals(NUCMIN) && c.problem().measurement().key().equals(family) && c.problem().planted().key().equals(p.planted())
                && c.problem().m() == p.m()) {
                JsonNode r = data.records.get(c.key());
                return r != null && r.hasNonNull("result") && r.get("result").path("certified").asBoolean(false);
            }
        }
        return false;
    }

    private Map<String, Object> figure3Numbers(Data data, String family, Panel p) {
        Map<String, Object> out = new LinkedHashMap<>();
        Double min = mean(data.group(family, p, NUCMIN, null), "nuclear_norm");
        Map<String, String> methods = new LinkedHashMap<>();
        methods.put("ode", ODE);
        methods.put("toe", TOE);
        methods.put("gd", GD3);
        methods.put("xgd", XGD);
        for (Map.Entry<String, String> e : methods.entrySet()) {
            Integer d = widthAtN(e.getValue());
            Group g = data.group(family, p, e.getValue(), d);
            Double v = mean(g, "nuclear_norm");
            out.put(e.getKey(), v);
            out.put(e.getKey() + "_rel_gap", v == null || min == null ? null : (v - min) / min);
            if (!e.getKey().equals("xgd")) {
                out.put(e.getKey() + "_train_error", mean(g, "train_error"));
            }
        }
        out.put("min_nuclear_norm", min);
        out.put("min_nuclear_norm_certified", certified(data, family, p));
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // helpers of the summary's numbers (the verdict rules: Gunasekar2017Verdicts)

    @SuppressWarnings("unchecked")
    static Map<String, Object> panel(Map<String, Object> fig, String id) {
        return (Map<String, Object>) fig.get(id);
    }

    @SuppressWarnings("unchecked")
    static Double num(Map<String, Object> m, String... path) {
        Object o = m;
        for (String k : path) {
            if (!(o instanceof Map<?, ?> mm)) {
                return null;
            }
            o = ((Map<String, Object>) mm).get(k);
        }
        return o instanceof Number n ? n.doubleValue() : null;
    }

    static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
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

    @SuppressWarnings("unchecked")
    private void printTable(Context ctx, Map<String, Object> summary) {
        java.io.PrintWriter out = ctx.out();
        out.printf("gunasekar2017 (%s): %s runs, %s failed, %s at the iteration cap, %.1f s%n", summary.get("mode"), summary.get("runs"),
            summary.get("failed_runs"), summary.get("max_iter_runs"), (Double) summary.get("seconds"));
        out.printf("%-6s %-22s %10s %10s %10s %10s %10s%n", "panel", "d = n", "‖U0‖=1e-4", "‖U0‖=1", "η_ELS", "X_gd", "min‖X‖_*");
        Map<String, Object> f1 = (Map<String, Object>) summary.get("figure1");
        Map<String, Object> f2 = (Map<String, Object>) summary.get("figure2");
        for (Panel p : panels) {
            Map<String, Object> rel = (Map<String, Object>) panel(f1, p.id()).get("rel_error_at_d_n");
            Map<String, Object> nuc = (Map<String, Object>) panel(f2, p.id()).get("nuclear_norm_at_d_n");
            for (Object[] row : new Object[][] {{"rel. error", rel}, {"nuclear norm", nuc}}) {
                Map<String, Object> m = (Map<String, Object>) row[1];
                out.printf("%-6s %-22s %10s %10s %10s %10s %10s%n", p.id(), row[0], fmt(num(m, "gd_small_init")), fmt(num(m, "gd_large_init")),
                    fmt(num(m, "gd_els")), fmt(num(m, "xgd")), fmt(num(m, "min_nuclear_norm")));
            }
        }
        for (Map<String, Object> v : (List<Map<String, Object>>) summary.get("verdicts")) {
            out.printf("Figure %s: %s%n", v.get("figure"), v.get("verdict"));
        }
        out.println("wrote " + ctx.dir().resolve("index.html") + " and " + ctx.dir().resolve("summary.json"));
        out.flush();
    }
}

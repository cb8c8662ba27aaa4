package org.implreg.reproduce.gunasekar2017;

import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.ELS_CAP;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.ETA;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.FAMILIES;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.FLOW_TOL;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.GD3;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.GD_ELS;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.GD_LARGE;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.GD_SMALL;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.INIT_SEEDS;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.NUCMIN;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.ODE;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.SVD;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.TOE;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.TOE_STEP;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.TOL;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.XGD;
import static org.implreg.reproduce.gunasekar2017.Gunasekar2017.stepScale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.ProblemSpec;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017.Panel;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;

/**
 * The sweep of a run, typed: built directly into the {@link ExperimentSpec} that runs
 * ({@link #experimentSpec()}); {@link #source()} is the same sweep as a spec file's maps and lists,
 * written to spec.yaml for people and for {@code implreg run spec.yaml}, never read back (the spec file's
 * format is the only place this sweep is a {@code Map}).
 *
 * @param name       the sweep's name
 * @param n          matrix size
 * @param r          planted rank
 * @param seed       problem seed
 * @param panels     the panels (a), (b), (c)
 * @param ds         factor widths of Figures 1 and 2
 * @param maxIter    step cap of GD runs
 * @param toeMaxIter step cap of the time-ordered exponential
 * @param otherMaxIter cap of the flow's gradient evaluations and of X_gd's steps (null: the methods' defaults)
 */
record Gunasekar2017Sweep(String name, int n, int r, long seed, List<Panel> panels, List<Integer> ds, long maxIter, long toeMaxIter,
                          Long otherMaxIter) {
    /** The flow and X_gd at their methods' default caps (the paper's sizes). */
    Gunasekar2017Sweep(String name, int n, int r, long seed, List<Panel> panels, List<Integer> ds, long maxIter, long toeMaxIter) {
        this(name, n, r, seed, panels, ds, maxIter, toeMaxIter, null);
    }

    Gunasekar2017Sweep {
        panels = List.copyOf(panels);
        ds = List.copyOf(ds);
    }

    /** One method entry: a label, its settings, the problem (family and panel), widths (null: none) and seeds. */
    private record Entry(String label, SolveSettings settings, String family, Panel panel, List<Integer> ds, List<Long> seeds) {}

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        List<Long> all = INIT_SEEDS.stream().map(Long::valueOf).toList();
        List<Long> first = List.of(0L);
        for (Panel p : panels) {
            out.add(new Entry(GD_SMALL, gd(1e-4, ETA, false, maxIter, null), "gaussian", p, ds, all));
            out.add(new Entry(GD_LARGE, gd(1.0, ETA, false, maxIter, null), "gaussian", p, ds, all));
            out.add(new Entry(GD_ELS, gd(1e-4, ELS_CAP, true, maxIter, null), "gaussian", p, ds, all));
            out.add(new Entry(SVD, gd(1e-4, ETA, false, maxIter, SolveSettings.Init.SVD_XGD), "gaussian", p, ds, first));
        }
        for (String family : FAMILIES) {
            for (Panel p : panels) {
                double scale = stepScale(n, family, p.m());
                out.add(new Entry(ODE, settings("flow", 1e-4, Double.NaN, false, otherMaxIter, FLOW_TOL, null), family, p, List.of(n), all));
                out.add(new Entry(TOE, settings("toe", 1e-4, TOE_STEP * scale, false, toeMaxIter, TOL, null), family, p, List.of(n),
                    all));
                out.add(new Entry(GD3, gd(1e-4, ETA * scale, false, maxIter, null), family, p, List.of(n), all));
                out.add(new Entry(XGD, settings("xgd", 1e-4, Double.NaN, false, otherMaxIter, null, null), family, p, null, first));
                out.add(new Entry(NUCMIN, settings("nucmin", 1e-4, Double.NaN, false, null, null, null), family, p, null, first));
            }
        }
        return out;
    }

    private static SolveSettings gd(double initScale, double step, boolean lineSearch, long maxIter, SolveSettings.Init init) {
        return settings("gd", initScale, step, lineSearch, maxIter, TOL, init);
    }

    /** Settings of one entry; d and seed are set per run. */
    private static SolveSettings settings(String method, double initScale, double step, boolean lineSearch, Long maxIter, Double tol,
                                          SolveSettings.Init init) {
        return SolveSettings.builder(method).initScale(initScale).step(step).lineSearch(lineSearch).maxIterations(maxIter)
            .tol(tol).init(init, null).build();
    }

    /** The runs: entries in order, each over its widths, each width over its seeds. */
    List<RunConfig> runs() {
        List<RunConfig> runs = new ArrayList<>();
        for (Entry e : entries()) {
            ProblemSpec problem = new ProblemSpec(n, r, e.panel().m(), ProblemSpec.Planted.parse(e.panel().planted()),
                ProblemSpec.Measurement.parse(e.family()), 0.0, MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
            List<Integer> widths = e.ds() == null ? java.util.Collections.singletonList(null) : e.ds();
            for (Integer d : widths) {
                for (long seed0 : e.seeds()) {
                    SolveSettings t = e.settings();
                    SolveSettings st = SolveSettings.builder(t.method()).d(d).initScale(t.initScale()).step(t.step())
                        .lineSearch(t.lineSearch()).maxIterations(t.maxIterations()).tol(t.tol()).seed(seed0)
                        .init(t.init(), null).build();
                    runs.add(new RunConfig(runs.size(), e.label(), problem, seed, st));
                }
            }
        }
        return runs;
    }

    /** The spec that runs. */
    ExperimentSpec experimentSpec() {
        return new ExperimentSpec(name, runs(), source());
    }

    /** The sweep as a spec file holds it (plain maps and lists): what spec.yaml records. */
    Map<String, Object> source() {
        List<Map<String, Object>> methods = new ArrayList<>();
        for (Entry e : entries()) {
            SolveSettings t = e.settings();
            Map<String, Object> settings = new LinkedHashMap<>();
            if (t.init() == SolveSettings.Init.SVD_XGD) {
                settings.put("init", t.init().key());
            } else if (!t.method().equals("xgd") && !t.method().equals("nucmin")) {
                settings.put("init_scale", t.initScale());
            }
            if (!Double.isNaN(t.step())) {
                settings.put("step", t.step());
            }
            if (t.lineSearch()) {
                settings.put("line_search", true);
            }
            if (t.tol() != null) {
                settings.put("tol", t.tol());
            }
            if (t.maxIterations() != null) {
                settings.put("max_iter", t.maxIterations());
            }
            Map<String, Object> prob = Map.of("planted", List.of(e.panel().planted()), "m", List.of(e.panel().m()), "measurement",
                List.of(e.family()));
            Map<String, Object> entry = entry(t.method(), e.label(), prob, e.ds(), settings);
            if (e.seeds().size() == 1) {
                entry.put("seeds", List.of(0));
            }
            methods.add(entry);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        Map<String, Object> problem = new LinkedHashMap<>(); // in a fixed order (a Map.of's order changes from JVM to JVM)
        problem.put("n", n);
        problem.put("rank", r);
        problem.put("measurement", "gaussian");
        problem.put("planted", "low-rank");
        problem.put("seed", seed);
        spec.put("problem", problem);
        spec.put("methods", methods);
        spec.put("seeds", INIT_SEEDS);
        return spec;
    }

    private static Map<String, Object> entry(String method, String label, Map<String, Object> problemAxes, List<Integer> ds,
                                             Map<String, Object> settings) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("method", method);
        e.put("label", label);
        e.putAll(new java.util.TreeMap<>(settings));
        Map<String, Object> grid = new LinkedHashMap<>(new java.util.TreeMap<>(problemAxes));
        if (ds != null) {
            grid.put("d", ds);
        }
        e.put("grid", grid);
        return e;
    }
}

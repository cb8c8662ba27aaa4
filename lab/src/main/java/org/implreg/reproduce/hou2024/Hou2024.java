package org.implreg.reproduce.hou2024;

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
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Verdict;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.sweep.RunConfig;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.ProblemSpec;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.knowm.xchart.XYChart;
import org.implreg.report.Charts;
import org.implreg.sweep.Sweeps;

/**
 * Hou, Sra and Yurtsever (seed 002), the matrix sensing experiment: recover X# = U#U#ᵀ ∈ ℝ^{100×100},
 * U# ∈ ℝ^{100×3}, from b ∈ ℝ^{900} Gaussian measurements, noiseless and with noise b = b# + ω
 * (‖ω‖ ≈ {@link #NOISE}·‖b#‖), by UDUᵀ (method {@code udu}: U ∈ ℝ^{100×100}, ‖U‖_F ≤ 1, D diagonal ≥ 0,
 * U₀ = ξ Û₀/‖Û₀‖_F, D₀ = I) and by Burer–Monteiro GD on UUᵀ (method {@code gd}, d = 100, same U₀),
 * over init scales ξ and steps η. Both minimize the seed's ½‖𝒜(X) − b‖²: implreg's gd minimizes
 * ‖𝒜(UUᵀ) − b‖² (no ½), so BM at the seed's η is gd at η/2.
 *
 * <p>The sweep is an ordinary spec (spec.yaml, runs.jsonl: resumable, {@code implreg run} reruns it).
 * Numerical rank: eigenvalues of X above 1e-3 × the largest. Quick: ξ ∈ {1e-3, 1e-1, 1},
 * η ∈ {0.1, 0.3}, {@link #QUICK_MAX_ITER} steps; full: ξ ∈ {1e-4, 1e-3, 1e-2, 1e-1, 1}, η ∈ {0.05, 0.1, 0.3},
 * {@link #FULL_MAX_ITER} steps. Runs stop at training error ≤ {@link #TOL} (noiseless) or the cap.
 */
public final class Hou2024 implements Reproduction {
    static final int N = 100;
    static final int RANK = 3;
    static final int M = 900;
    static final double NOISE = 0.05;
    static final double TOL = 1e-4;
    static final long QUICK_MAX_ITER = 3_000;
    static final long FULL_MAX_ITER = 20_000;
    static final double RANK_THRESHOLD = 1e-3;
    static final String QUOTE = "\"A strong implicit bias toward truly low-rank solution, regardless of initialization and step-size, "
        + "both in the settings with consistent and inconsistent measurements.\"";

    private final int n;
    private final int m;

    public Hou2024() {
        this(N, M);
    }

    /** Tests: a smaller problem (rank 3 still). */
    Hou2024(int n, int m) {
        this.n = n;
        this.m = m;
    }

    @Override
    public boolean runsSweeps() {
        return true;
    }

    @Override
    public Reproduction ciSized() {
        return new Hou2024(12, 80);
    }

    @Override
    public String name() {
        return "hou2024";
    }

    @Override
    public String description() {
        return "Hou, Sra, Yurtsever (seed 002): UDUᵀ vs Burer–Monteiro on 100×100 rank-3 sensing from 900 Gaussian measurements, "
            + "noiseless and noisy, over init scale ξ and step η";
    }

    static double[] scales(boolean full) {
        return full ? new double[] {1e-4, 1e-3, 1e-2, 1e-1, 1} : new double[] {1e-3, 1e-1, 1};
    }

    static double[] steps(boolean full) {
        return full ? new double[] {0.05, 0.1, 0.3} : new double[] {0.1, 0.3};
    }

    static String label(String method, double eta) {
        return (method.equals("udu") ? "UDUᵀ" : "BM") + ", η=" + fmt(eta);
    }

    /** The sweep of a run, typed. */
    Sweep sweep(boolean full, long seed) {
        return new Sweep("hou2024-" + (full ? "full" : "quick"), n, m, seed, scales(full), steps(full), full ? FULL_MAX_ITER : QUICK_MAX_ITER);
    }

    /**
     * The sweep of a run, typed: built directly into the {@link ExperimentSpec} that runs; {@link #source()}
     * is the same sweep as a spec file's maps and lists, written to spec.yaml (for people and
     * {@code implreg run}), never read back.
     *
     * @param name    the sweep's name
     * @param n       matrix size
     * @param m       measurements
     * @param seed    problem seed
     * @param scales  init scales ξ
     * @param steps   steps η (of UDUᵀ; BM runs at η/2)
     * @param maxIter step cap
     */
    record Sweep(String name, int n, int m, long seed, double[] scales, double[] steps, long maxIter) {
        /** Noise levels: noiseless, then {@link #NOISE}. */
        static final double[] NOISES = {0.0, NOISE};

        /** The runs: methods udu, gd × steps, each over noise × ξ (ξ fastest), seed 0. */
        List<RunConfig> runs() {
            List<RunConfig> runs = new ArrayList<>();
            for (String method : List.of("udu", "gd")) {
                for (double eta : steps) {
                    for (double noise : NOISES) {
                        ProblemSpec problem = new ProblemSpec(n, RANK, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, noise,
                            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
                        for (double xi : scales) {
                            SolveSettings st = SolveSettings.builder(method).d(n).initScale(xi)
                                .step(method.equals("udu") ? eta : eta / 2).maxIterations(maxIter).tol(TOL).build();
                            runs.add(new RunConfig(runs.size(), label(method, eta), problem, seed, st));
                        }
                    }
                }
            }
            return runs;
        }

        /** The spec that runs. */
        ExperimentSpec experimentSpec() {
            return new ExperimentSpec(name, runs(), source());
        }

        /** The sweep as a spec file holds it: what spec.yaml records. */
        Map<String, Object> source() {
            List<Double> xs = new ArrayList<>();
            for (double x : scales) {
                xs.add(x);
            }
            List<Map<String, Object>> methods = new ArrayList<>();
            for (String method : List.of("udu", "gd")) {
                for (double eta : steps) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("method", method);
                    e.put("label", label(method, eta));
                    e.put("d", n);
                    e.put("step", method.equals("udu") ? eta : eta / 2);
                    e.put("tol", TOL);
                    e.put("max_iter", maxIter);
                    e.put("grid", Map.of("init_scale", xs));
                    methods.add(e);
                }
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("name", name);
            spec.put("problem", new LinkedHashMap<>(Map.of("n", n, "rank", RANK, "m", m, "measurement", "gaussian", "planted", "low-rank",
                "seed", seed)));
            spec.put("grid", Map.of("noise", List.of(NOISES[0], NOISES[1])));
            spec.put("methods", methods);
            spec.put("seeds", List.of(0));
            return spec;
        }
    }

    /**
     * A finished run of the sweep, read once from its record in runs.jsonl: its label (method and η), noise level, init scale ξ,
     * and its result: ‖X − X#‖_F/‖X#‖_F, the numerical rank (eigenvalues above 1e-3·λ_max), the training error, how it stopped,
     * the steps taken and the spectrum of X.
     */
    record SweepRun(String label, double noise, double initScale, double relError, int numericalRank, double trainError,
                    String stopReason, long iterations, double[] spectrum) {
        /** The run of a record of runs.jsonl, or null for a run that failed (no result). */
        static SweepRun of(JsonNode record) {
            JsonNode c = record.get("config");
            JsonNode r = record.get("result");
            if (r == null || r.isNull()) {
                return null;
            }
            double[] spectrum = new double[r.get("spectrum").size()];
            for (int i = 0; i < spectrum.length; i++) {
                spectrum[i] = r.get("spectrum").get(i).asDouble();
            }
            return new SweepRun(record.get("label").asText(), c.get("problem").get("noise").asDouble(), c.get("init_scale").asDouble(),
                r.get("rel_error").asDouble(), r.get("numerical_rank_1e-3").asInt(), r.get("train_error").asDouble(),
                r.get("stop_reason").asText(), r.get("iterations").asLong(), spectrum);
        }
    }

    /** One run in summary.json's results: relative error, numerical rank, rank at the largest spectral gap, and how it ended. */
    record Point(double relError, int numericalRank, int gapRank, double trainError, String stopReason, long iterations) {}

    /** summary.json's settings. */
    record Settings(int n, int rank, int m, double noise, double[] initScales, double[] steps, String bmStep, double tol, long maxIter,
                    double rankThreshold) {}

    /** summary.json's files. */
    record Files(String index, String spec, String runs, String runsCsv, List<String> figures) {}

    /**
     * Hou et al.'s summary.json, key by key; {@code results}: noiseless / noisy → label ("UDUᵀ, η=0.1", …) → ξ → the run.
     */
    public record Hou2024Summary(String reproduction, String paper, String mode, Settings settings,
                                 Map<String, Map<String, Map<String, Point>>> results, List<Finding> verdicts, Files files)
        implements Summary {}

    @Override
    public Hou2024Summary run(Context ctx) {
        long start = System.nanoTime();
        Sweep sweep = sweep(ctx.full(), ctx.seed());
        try {
            AtomicFiles.write(ctx.dir().resolve("spec.yaml"), ("# The sweep of `implreg reproduce hou2024" + (ctx.full() ? " --full" : "")
                + "`; rerun it alone with ./implreg run spec.yaml --out .\n" + new YAMLMapper().writeValueAsString(sweep.source()))
                .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExperimentSpec spec = sweep.experimentSpec();
        Map<String, JsonNode> records = Sweeps.run(ctx.engine(), spec, ctx.dir().resolve("spec.yaml").toString(), ctx.dir(),
            ctx.threads(), ctx.batch(), ctx.monitor(), null);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "full", ctx.full(), "seed", ctx.seed(),
            "threads", ctx.threads()));
        List<SweepRun> runs = new ArrayList<>();
        for (JsonNode r : records.values()) {
            SweepRun run = SweepRun.of(r);
            if (run != null) {
                runs.add(run);
            }
        }
        return report(ctx, runs, records.values(), provenance, start);
    }

    /** The run of (label, noise, ξ), or null. */
    private static SweepRun find(List<SweepRun> runs, String label, double noise, double xi) {
        for (SweepRun r : runs) {
            if (r.label().equals(label) && r.noise() == noise && r.initScale() == xi) {
                return r;
            }
        }
        return null;
    }

    private Hou2024Summary report(Context ctx, List<SweepRun> records, java.util.Collection<JsonNode> stored, Provenance.Info provenance,
                                  long start) {
        double[] xs = scales(ctx.full());
        double[] etas = steps(ctx.full());
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Point>>> results = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (double noise : new double[] {0, NOISE}) {
            double uduWorst = 0;
            List<Integer> uduRanks = new ArrayList<>();
            List<Integer> uduGapRanks = new ArrayList<>();
            List<Integer> bmLargeRanks = new ArrayList<>();
            String nk = noise == 0 ? "noiseless" : "noisy";
            Map<String, Map<String, Point>> perNoise = new LinkedHashMap<>();
            XYChart err = Charts.chart("Hou et al.: 100×100 rank 3, m = 900, " + nk + ": ‖X − X#‖_F/‖X#‖_F", "init scale ξ (log)", "relative error");
            err.getStyler().setXAxisLogarithmic(true);
            err.getStyler().setYAxisLogarithmic(true);
            XYChart rank = Charts.chart("Hou et al., " + nk + ": numerical rank (eigenvalues > 1e-3·λ_max)", "init scale ξ (log)", "rank");
            rank.getStyler().setXAxisLogarithmic(true);
            for (String method : List.of("udu", "gd")) {
                for (double eta : etas) {
                    String label = label(method, eta);
                    double[] e = new double[xs.length];
                    double[] rk = new double[xs.length];
                    Map<String, Point> perXi = new LinkedHashMap<>();
                    for (int i = 0; i < xs.length; i++) {
                        SweepRun r = find(records, label, noise, xs[i]);
                        if (r == null) {
                            e[i] = Double.NaN;
                            rk[i] = Double.NaN;
                            continue;
                        }
                        e[i] = r.relError();
                        rk[i] = r.numericalRank();
                        int gap = gapRank(r.spectrum());
                        perXi.put(fmt(xs[i]), new Point(e[i], (int) rk[i], gap, r.trainError(), r.stopReason(), r.iterations()));
                        if (method.equals("udu")) {
                            uduRanks.add((int) rk[i]);
                            uduGapRanks.add(gap);
                            uduWorst = Math.max(uduWorst, e[i]);
                        } else if (xs[i] == xs[xs.length - 1]) {
                            bmLargeRanks.add((int) rk[i]);
                        }
                    }
                    perNoise.put(label, perXi);
                    Charts.line(err, label, xs, e);
                    Charts.line(rank, label, xs, rk);
                }
            }
            SweepReport.save(err, ctx.dir().resolve("figures").resolve(nk + "-rel_error"));
            SweepReport.save(rank, ctx.dir().resolve("figures").resolve(nk + "-rank"));
            figures.add(nk + "-rel_error");
            figures.add(nk + "-rank");
            captions.put(nk + "-rel_error", nk + ": relative error of X vs init scale, UDUᵀ and BM at each step");
            captions.put(nk + "-rank", nk + ": number of eigenvalues of X above 1e-3 × the largest");
            // spectrum at the largest init, smallest step
            XYChart spec = Charts.chart("Hou et al., " + nk + ": spectrum of X at ξ = " + fmt(xs[xs.length - 1]), "index", "|eigenvalue| (log)");
            spec.getStyler().setYAxisLogarithmic(true);
            for (String method : List.of("udu", "gd")) {
                SweepRun r = find(records, label(method, etas[0]), noise, xs[xs.length - 1]);
                if (r == null) {
                    continue;
                }
                List<Double> ev = new ArrayList<>();
                for (double v : r.spectrum()) {
                    ev.add(Math.abs(v));
                }
                ev.sort((a, b) -> Double.compare(b, a));
                int k = Math.min(30, ev.size());
                double[] ix = new double[k];
                double[] vy = new double[k];
                for (int i = 0; i < k; i++) {
                    ix[i] = i + 1;
                    vy[i] = Math.max(ev.get(i), 1e-16);
                }
                Charts.line(spec, label(method, etas[0]), ix, vy);
            }
            SweepReport.save(spec, ctx.dir().resolve("figures").resolve(nk + "-spectrum"));
            figures.add(nk + "-spectrum");
            captions.put(nk + "-spectrum", nk + ": the 30 largest |eigenvalues| of X from the largest init, UDUᵀ vs BM");
            results.put(nk, perNoise);
            findings.add(verdict(nk, uduRanks, uduGapRanks, uduWorst, xs[xs.length - 1], bmLargeRanks));
        }
        String v = findings.get(0).verdict().word() + " / " + findings.get(1).verdict().word();
        String evidence = findings.get(0).evidence() + ". Noisy: " + findings.get(1).evidence();

        String mode = ctx.full() ? "full" : "quick";
        long maxIter = ctx.full() ? FULL_MAX_ITER : QUICK_MAX_ITER;
        Hou2024Summary summary = new Hou2024Summary(name(), "Hou, Sra, Yurtsever: implicit regularization in matrix factorization with "
            + "diagonal layers (seed 002)", mode, new Settings(n, RANK, m, NOISE, xs, etas, "η/2 on implreg's gd (its loss has no ½)", TOL,
            maxIter, RANK_THRESHOLD), results, findings, new Files("index.html", "spec.yaml", "runs.jsonl", "runs.csv",
            figures.stream().map(f -> "figures/" + f + ".png").toList()));

        StringBuilder table = new StringBuilder("<h2>Runs</h2>\n<table><tr><th>measurements</th><th>method</th><th>ξ</th>"
            + "<th>relative error</th><th>rank (1e-3)</th><th>rank (largest gap)</th><th>training error</th><th>stop</th><th>steps</th></tr>\n");
        for (Map.Entry<String, Map<String, Map<String, Point>>> nz : results.entrySet()) {
            for (Map.Entry<String, Map<String, Point>> lab : nz.getValue().entrySet()) {
                for (Map.Entry<String, Point> x : lab.getValue().entrySet()) {
                    Point o = x.getValue();
                    table.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td><td>%.3e</td>"
                            + "<td>%s</td><td>%s</td><td>%.2e</td><td class=\"l\">%s</td><td>%s</td></tr>%n", nz.getKey(), Html.esc(lab.getKey()),
                        x.getKey(), o.relError(), o.numericalRank(), o.gapRank(), o.trainError(), o.stopReason(), o.iterations()));
                }
            }
        }
        table.append("</table>\n");
        String intro = String.format(Locale.ROOT, "<p>%s. Mode: %s. X# = U#U#ᵀ with ‖X#‖_F = 1, b = 𝒜(X#) + ω with ‖ω‖ ≈ %s‖b‖ "
                + "(noisy), Gaussian operator normalized so that 𝔼‖𝒜(X)‖² = ‖X‖²_F. Both methods from U₀ = ξÛ₀/‖Û₀‖_F, r = d = %d; UDUᵀ "
                + "with D₀ = I; BM is implreg's gd at η/2 (same objective ½‖𝒜(X) − b‖²). Stop at training error %s or %d steps. "
                + "Sweep: <a href=\"spec.yaml\">spec.yaml</a>, <a href=\"runs.csv\">runs.csv</a>; <a href=\"summary.json\">summary.json</a>."
                + "</p>\n<p><b>Paper:</b> %s<br><b>implreg:</b> <span class=\"%s\">%s</span> — %s</p>\n", Html.esc(description()),
            mode, fmt(NOISE), n, fmt(TOL), maxIter, Html.esc(QUOTE), Verdict.cssClassOf(v), Html.esc(v), Html.esc(evidence));
        Page.write(ctx, summary, provenance, stored, start, "Reproduction: Hou, Sra, Yurtsever (UDUᵀ)",
            List.of(intro, Html.figures("Error, rank and spectrum", figures, captions), table.toString()), null);
        ctx.out().printf(Locale.ROOT, "%s (%s): %d runs, %.1f s%n", name(), mode, stored.size(), (System.nanoTime() - start) / 1e9);
        for (Map.Entry<String, Map<String, Map<String, Point>>> nz : results.entrySet()) {
            for (Map.Entry<String, Map<String, Point>> lab : nz.getValue().entrySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-9s %-12s", nz.getKey(), lab.getKey()));
                for (Map.Entry<String, Point> x : lab.getValue().entrySet()) {
                    line.append(String.format(Locale.ROOT, "  ξ=%s: err %.2e rank %s (gap %s)", x.getKey(), x.getValue().relError(),
                        x.getValue().numericalRank(), x.getValue().gapRank()));
                }
                ctx.out().println(line);
            }
        }
        ctx.out().printf("UDUᵀ: %s%nwrote %s and %s%n", v, ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    /**
     * The index k (1-based) with the largest ratio |λ_k|/|λ_{k+1}| among the sorted |eigenvalues| above
     * 1e-12·λ_max: a threshold-free rank estimate (the last "big" eigenvalue before the largest gap).
     */
    static int gapRank(double[] spectrum) {
        List<Double> ev = new ArrayList<>();
        for (double v : spectrum) {
            ev.add(Math.abs(v));
        }
        ev.sort((a, b) -> Double.compare(b, a));
        double floor = 1e-12 * ev.get(0);
        int best = 1;
        double ratio = 0;
        for (int k = 0; k + 1 < ev.size() && ev.get(k) > floor; k++) {
            double q = ev.get(k) / Math.max(ev.get(k + 1), floor);
            if (q > ratio) {
                ratio = q;
                best = k + 1;
            }
        }
        return best;
    }

    private static String fmt(double x) {
        return x >= 1e-2 && x < 1e4 ? String.format(Locale.ROOT, "%s", (x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x)))
            : String.format(Locale.ROOT, "%.0e", x);
    }

    /**
     * The verdict on one measurement setting ({@code setting}: noiseless or noisy): every UDUᵀ run has
     * numerical rank 3 and some BM run from the largest init ξ has more: agrees; every UDUᵀ run has its
     * largest spectral gap after the 3rd eigenvalue: partly; else disagrees.
     *
     * @param uduRanks     numerical ranks (eigenvalues above 1e-3·λ_max) of the UDUᵀ runs
     * @param uduGapRanks  ranks at the largest spectral gap of the same runs
     * @param uduWorst     their largest relative error (evidence)
     * @param largestScale the largest init scale ξ
     * @param bmLargeRanks numerical ranks of the BM runs from ξ = largestScale
     */
    static Finding verdict(String setting, List<Integer> uduRanks, List<Integer> uduGapRanks, double uduWorst, double largestScale,
                           List<Integer> bmLargeRanks) {
        int uduRuns = uduRanks.size();
        int uduLowRank = (int) uduRanks.stream().filter(r -> r == RANK).count();
        int uduGapLow = (int) uduGapRanks.stream().filter(r -> r == RANK).count();
        int bmHigh = (int) bmLargeRanks.stream().filter(r -> r > RANK).count();
        Verdict v = uduLowRank == uduRuns && bmHigh > 0 ? Verdict.AGREES : uduGapLow == uduRuns ? Verdict.PARTLY : Verdict.DISAGREES;
        return Finding.claim("UDUᵀ sensing, " + setting, "UDUᵀ finds truly low-rank solutions regardless of ξ and η (" + setting
            + " measurements)", v, String.format(Locale.ROOT, "UDUᵀ: %d of %d runs have numerical rank %d (eigenvalues above 1e-3·λ_max; "
                + "ranks %s), %d of %d have their largest spectral gap after the 3rd eigenvalue; largest relative error %.2e. BM from "
                + "the largest init ξ = %s: ranks %s", uduLowRank, uduRuns, RANK, uduRanks, uduGapLow, uduRuns, uduWorst,
            fmt(largestScale), bmLargeRanks))
            .by(Finding.Owner.of("Hou, Sra & Yurtsever", "claim on UDUᵀ (" + setting + ")"), String.format(Locale.ROOT, "%d of %d UDUᵀ "
                + "runs have numerical rank %d, %d of %d the largest spectral gap after eigenvalue %d; %d of %d BM runs from ξ = %s "
                + "have a larger rank", uduLowRank, uduRuns, RANK, uduGapLow, uduRuns, RANK, bmHigh, bmLargeRanks.size(), fmt(largestScale)));
    }
}

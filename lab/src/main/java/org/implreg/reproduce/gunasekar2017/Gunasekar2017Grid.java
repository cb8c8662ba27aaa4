package org.implreg.reproduce.gunasekar2017;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.PaperAxes;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Verdict;
import org.implreg.sweep.RunsFile;
import org.implreg.sweep.SweepOutput;
import org.implreg.problem.Rng;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Figure 4 of Gunasekar et al. (2017): the exhaustive grid of 3×3 PSD completion problems
 * ({@link PsdCompletionGrid}: 15 masks × 10⁴ value combinations), the exact minimum nuclear norm of
 * each feasible instance and the gradient flow from ‖U₀‖_F = α ∈ {1e-5, 1e-3, 1}, compared by
 * Δ = (‖X_flow‖_* − ‖X_min‖_*)/‖X_min‖_*. {@code --full} runs all 150 000 instances; the default runs a
 * documented random subsample: {@link #QUICK_PER_MASK} value combinations of every mask, drawn without
 * replacement from {@code Rng.stream(seed, "grid-sample")}.
 *
 * <p>Work is done in blocks of {@link #BLOCK} instances, each appended to {@code blocks.jsonl} when it
 * finishes (keyed by a hash of its instances and the flow options), so a rerun skips finished blocks;
 * blocks run in parallel and each instance's result is independent of scheduling.
 */
public final class Gunasekar2017Grid implements Reproduction {
    static final int QUICK_PER_MASK = 1_000;
    static final int BLOCK = 500;
    static final double[] THRESHOLDS = {1e-3, 1e-2, 1e-1};
    static final String QUOTE = "\"For small α = 10⁻⁵, 10⁻³, most of instances of our grid search algorithm returned solutions with "
        + "near minimal nuclear norms, and the deviations are within the possibility of numerical error. This behavior also "
        + "decays for α = 1.\"";

    private final int perMaskQuick;

    public Gunasekar2017Grid() {
        this(QUICK_PER_MASK);
    }

    /** A grid whose quick mode takes {@code perMaskQuick} combinations per mask (tests use few). */
    Gunasekar2017Grid(int perMaskQuick) {
        this.perMaskQuick = perMaskQuick;
    }

    @Override
    public Reproduction ciSized() {
        return new Gunasekar2017Grid(2);
    }

    @Override
    public String name() {
        return "gunasekar2017-grid";
    }

    @Override
    public String description() {
        return "Gunasekar et al. 2017, Figure 4: exhaustive 3×3 PSD completion grid (15 masks × 10⁴ values), exact minimum "
            + "nuclear norm vs the gradient flow from ‖U0‖ = 1e-5, 1e-3, 1";
    }

    /** The instance ids of a mode, ascending. */
    List<Integer> instances(boolean full, long seed) {
        List<Integer> ids = new ArrayList<>();
        if (full) {
            for (int i = 0; i < PsdCompletionGrid.SIZE; i++) {
                ids.add(i);
            }
            return ids;
        }
        java.util.random.RandomGenerator rng = Rng.stream(seed, "grid-sample");
        for (int k = 0; k < PsdCompletionGrid.MASKS; k++) {
            int[] perm = new int[PsdCompletionGrid.PER_MASK];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < perMaskQuick; i++) {
                int j = i + rng.nextInt(perm.length - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int[] chosen = java.util.Arrays.copyOf(perm, perMaskQuick);
            java.util.Arrays.sort(chosen);
            for (int c : chosen) {
                ids.add(k * PsdCompletionGrid.PER_MASK + c);
            }
        }
        return ids;
    }

    /** Figure 4's summary.json, key by key. */
    public record GridSummary(String reproduction, String paper, String mode, GridSettings settings, int instances, int feasible,
                              int boundary, int certified, Map<String, PerAlpha> perAlpha, List<Finding> verdicts, GridFiles files)
        implements Summary {}

    /** The flow's settings and the sample. */
    public record GridSettings(List<Double> alphas, double flowTol, double flowRtol, long maxEvaluations, long seed, String values,
                               String sample) {}

    /**
     * Δ = (‖X_flow‖_* − min ‖X‖_*)/min ‖X‖_* over the feasible instances whose flow from ‖U₀‖_F = α converged: the fraction
     * with Δ below 1e-3, 1e-2, 1e-1 ({@link #THRESHOLDS}), and its quantiles (a quantile q is the ⌊q·n⌋-th smallest of n).
     * Fractions and quantiles are NaN (null in summary.json) when no flow converged.
     */
    public record PerAlpha(double alpha, int converged, int notConverged, int retried,
                           @JsonProperty("fraction_delta_below_1e-3") double fractionBelow1e3,
                           @JsonProperty("fraction_delta_below_1e-2") double fractionBelow1e2,
                           @JsonProperty("fraction_delta_below_1e-1") double fractionBelow1e1,
                           double medianDelta, double p90Delta, double maxDelta, double minDelta, OtherMasks otherMasks,
                           WholeDiagonalMasks wholeDiagonalMasks) {
        /** The fractions below {@link #THRESHOLDS}, in that order. */
        double[] fractions() {
            return new double[] {fractionBelow1e3, fractionBelow1e2, fractionBelow1e1};
        }
    }

    /** The same Δ statistics on the 12 masks that do not observe the whole diagonal (the ones that can tell). */
    public record OtherMasks(int converged, @JsonProperty("fraction_delta_below_1e-3") double fractionBelow1e3,
                             @JsonProperty("fraction_delta_below_1e-2") double fractionBelow1e2,
                             @JsonProperty("fraction_delta_below_1e-1") double fractionBelow1e1, double medianDelta,
                             PaperAxes.Counts paperAxesCounts) {}

    /** The 3 masks that observe the whole diagonal: tr X = ‖X‖_* is fixed by the data, so Δ ≡ 0 up to the flow's tolerance. */
    public record WholeDiagonalMasks(int converged, double maxAbsDelta) {}

    /** summary.json's files. */
    public record GridFiles(String index, String instances, String blocks, List<String> figures) {}

    /** One flow of an instance, as its block stores it. */
    record FlowRow(double nuclearNorm, double delta, double trainError, String stopReason, boolean retried, long evaluations) {
        boolean converged() {
            return stopReason.startsWith("CONVERGED");
        }

        /** The stop reason as stored: a retried flow's ends in "*". */
        String stopText() {
            return stopReason + (retried ? "*" : "");
        }
    }

    /**
     * One instance as its block stores it, a compact row: [id, mask, i1, i2, i3, i4, feasible, boundary, min nuclear norm
     * (null when infeasible), certified, then per α: nuclear norm, Δ, training error, stop reason, evaluations], booleans as 0/1.
     */
    record InstanceRow(int id, int mask, int[] values, boolean feasible, boolean boundary, double minNuclearNorm, boolean certified,
                       List<FlowRow> flows) {
        static InstanceRow of(PsdCompletionGrid.Instance in) {
            List<FlowRow> flows = new ArrayList<>();
            for (PsdCompletionGrid.FlowOutcome f : in.flows()) {
                flows.add(new FlowRow(f.nuclearNorm(), f.delta(), f.trainError(), f.stopReason(), f.retried(), f.evaluations()));
            }
            return new InstanceRow(in.id(), in.mask(), in.valueIndex().clone(), in.exact().feasible(), in.exact().boundary(),
                in.exact().feasible() ? in.exact().minTrace() : Double.NaN, in.certified(), flows);
        }

        /** The row read from its stored array (the JSON boundary of blocks.jsonl). */
        static InstanceRow read(JsonNode r) {
            List<FlowRow> flows = new ArrayList<>();
            for (int b = 10; b + 4 < r.size(); b += 5) {
                String stop = r.get(b + 3).asText();
                boolean retried = stop.endsWith("*");
                flows.add(new FlowRow(number(r.get(b)), number(r.get(b + 1)), number(r.get(b + 2)),
                    retried ? stop.substring(0, stop.length() - 1) : stop, retried, r.get(b + 4).asLong()));
            }
            return new InstanceRow(r.get(0).asInt(), r.get(1).asInt(), new int[] {r.get(2).asInt(), r.get(3).asInt(), r.get(4).asInt(),
                r.get(5).asInt()}, r.get(6).asInt() == 1, r.get(7).asInt() == 1, number(r.get(8)), r.get(9).asInt() == 1, flows);
        }

        /** The stored array (non-finite numbers become null when the store writes it). */
        List<Object> stored() {
            List<Object> row = new ArrayList<>(List.of(id, mask, values[0], values[1], values[2], values[3], feasible ? 1 : 0,
                boundary ? 1 : 0));
            row.add(feasible ? minNuclearNorm : null);
            row.add(certified ? 1 : 0);
            for (FlowRow f : flows) {
                row.add(f.nuclearNorm());
                row.add(f.delta());
                row.add(f.trainError());
                row.add(f.stopText());
                row.add(f.evaluations());
            }
            return row;
        }

        private static double number(JsonNode n) {
            return n == null || n.isNull() ? Double.NaN : n.asDouble();
        }
    }

    @Override
    public synchronized GridSummary run(Context ctx) {
        long start = System.nanoTime();
        PsdCompletionGrid.Options o = PsdCompletionGrid.Options.paper(ctx.seed());
        List<Integer> ids = instances(ctx.full(), ctx.seed());
        List<List<Integer>> blocks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BLOCK) {
            blocks.add(ids.subList(i, Math.min(ids.size(), i + BLOCK)));
        }
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "full", ctx.full(), "seed", ctx.seed(),
            "threads", ctx.threads(), "options", o.describe(), "instances", ids.size()));
        Map<Integer, InstanceRow> rows = new TreeMap<>();
        List<JsonNode> stored = new ArrayList<>();
        try (RunsFile file = RunsFile.open(ctx.dir().resolve("blocks.jsonl"))) {
            List<List<Integer>> todo = new ArrayList<>();
            for (List<Integer> b : blocks) {
                if (!file.has(key(b, o))) {
                    todo.add(b);
                }
            }
            ctx.monitor().start(name() + " (blocks of " + BLOCK + " instances)", todo.size());
            ExecutorService pool = Executors.newFixedThreadPool(ctx.threads(), r -> {
                Thread t = new Thread(r, "implreg-grid");
                t.setDaemon(true);
                return t;
            });
            try {
                int[] done = {0};
                List<Future<?>> fs = new ArrayList<>();
                for (List<Integer> b : todo) {
                    fs.add(pool.submit(() -> {
                        Map<String, Object> rec = block(b, o);
                        synchronized (file) {
                            file.append(rec);
                            ctx.monitor().step(++done[0]);
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("grid interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
            for (List<Integer> b : blocks) {
                JsonNode rec = file.records().get(key(b, o));
                stored.add(rec);
                for (JsonNode r : rec.get("instances")) {
                    InstanceRow row = InstanceRow.read(r);
                    rows.put(row.id(), row);
                }
            }
            ctx.monitor().finish(String.format(Locale.ROOT, "%s: %d instances in %d blocks (%d now) in %.1f s", name(), ids.size(),
                blocks.size(), todo.size(), (System.nanoTime() - start) / 1e9));
        }
        return report(ctx, o, rows, provenance, stored, start);
    }

    private static String key(List<Integer> block, PsdCompletionGrid.Options o) {
        String text = new TreeMap<>(o.describe()) + "|" + block;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A block's record, as blocks.jsonl stores it (the JSON boundary of the store): key, first id, count, one compact row an
     * instance ({@link InstanceRow#stored()}), the build.
     */
    private static Map<String, Object> block(List<Integer> ids, PsdCompletionGrid.Options o) {
        List<List<Object>> out = new ArrayList<>();
        for (int id : ids) {
            out.add(InstanceRow.of(PsdCompletionGrid.solve(id, o)).stored());
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("key", key(ids, o));
        rec.put("first", ids.get(0));
        rec.put("count", ids.size());
        rec.put("instances", out);
        rec.put("build", Provenance.Build.current().toMap());
        return rec;
    }

    private GridSummary report(Context ctx, PsdCompletionGrid.Options o, Map<Integer, InstanceRow> rows, Provenance.Info provenance,
                               List<JsonNode> stored, long start) {
        List<Double> alphas = o.alphas();
        int na = alphas.size();
        // instances.csv
        StringBuilder csv = new StringBuilder("id,mask,v1,v2,v3,v4,feasible,boundary,min_nuclear_norm,certified");
        for (double a : alphas) {
            String s = alphaText(a);
            csv.append(",nuclear_norm_").append(s).append(",delta_").append(s).append(",train_error_").append(s)
                .append(",stop_").append(s).append(",evaluations_").append(s);
        }
        csv.append('\n');
        int feasible = 0;
        int certified = 0;
        int boundary = 0;
        List<List<Double>> deltas = new ArrayList<>();
        List<List<Double>> deltasOther = new ArrayList<>();
        List<List<Double>> deltasDiagonal = new ArrayList<>();
        int[] notConverged = new int[na];
        int[] retried = new int[na];
        for (int a = 0; a < na; a++) {
            deltas.add(new ArrayList<>());
            deltasOther.add(new ArrayList<>());
            deltasDiagonal.add(new ArrayList<>());
        }
        for (InstanceRow r : rows.values()) {
            List<String> f = new ArrayList<>();
            f.add(Integer.toString(r.id()));
            f.add(SweepOutput.csv(PsdCompletionGrid.maskText(r.mask())));
            for (int v : r.values()) {
                f.add(value(v));
            }
            f.add(Boolean.toString(r.feasible()));
            f.add(Boolean.toString(r.boundary()));
            f.add(r.feasible() ? text(r.minNuclearNorm()) : "");
            f.add(Boolean.toString(r.certified()));
            if (r.feasible()) {
                feasible++;
                certified += r.certified() ? 1 : 0;
                boundary += r.boundary() ? 1 : 0;
                for (int a = 0; a < na; a++) {
                    FlowRow flow = r.flows().get(a);
                    f.add(text(flow.nuclearNorm()));
                    f.add(text(flow.delta()));
                    f.add(text(flow.trainError()));
                    f.add(flow.stopText());
                    f.add(Long.toString(flow.evaluations()));
                    retried[a] += flow.retried() ? 1 : 0;
                    if (flow.converged()) {
                        deltas.get(a).add(flow.delta());
                        (PsdCompletionGrid.observesWholeDiagonal(r.mask()) ? deltasDiagonal : deltasOther).get(a).add(flow.delta());
                    } else {
                        notConverged[a]++;
                    }
                }
            } else {
                for (int c = 0; c < 5 * na; c++) {
                    f.add("");
                }
            }
            csv.append(String.join(",", f)).append('\n');
        }
        AtomicFiles.write(ctx.dir().resolve("instances.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));

        // summary table
        Map<String, PerAlpha> perAlpha = new LinkedHashMap<>();
        double xmax = 0;
        for (int a = 0; a < na; a++) {
            List<Double> d = deltas.get(a);
            List<Double> sorted = new ArrayList<>(d);
            java.util.Collections.sort(sorted);
            List<Double> so = new ArrayList<>(deltasOther.get(a));
            java.util.Collections.sort(so);
            OtherMasks other = new OtherMasks(so.size(), fraction(so, THRESHOLDS[0]), fraction(so, THRESHOLDS[1]),
                fraction(so, THRESHOLDS[2]), quantile(so, 0.5), PaperAxes.counts(deltasOther.get(a)));
            WholeDiagonalMasks diagonal = new WholeDiagonalMasks(deltasDiagonal.get(a).size(),
                deltasDiagonal.get(a).stream().mapToDouble(Math::abs).max().orElse(0.0));
            perAlpha.put(alphaText(alphas.get(a)), new PerAlpha(alphas.get(a), d.size(), notConverged[a], retried[a],
                fraction(d, THRESHOLDS[0]), fraction(d, THRESHOLDS[1]), fraction(d, THRESHOLDS[2]), quantile(sorted, 0.5),
                quantile(sorted, 0.9), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1),
                sorted.isEmpty() ? Double.NaN : sorted.get(0), other, diagonal));
            double q = quantile(sorted, 0.995);
            xmax = Math.max(xmax, Double.isNaN(q) ? 0 : q);
        }
        xmax = Math.max(0.05, Math.ceil(xmax * 20) / 20);

        // histograms: same axes for all α
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        double ymax = 0;
        List<double[]> hist = new ArrayList<>();
        int bins = 40;
        for (int a = 0; a < na; a++) {
            double[] h = new double[bins];
            for (double v : deltas.get(a)) {
                int b = (int) Math.floor(Math.max(0, v) / xmax * bins);
                h[Math.min(bins - 1, b)] += 1.0 / Math.max(1, feasible);
            }
            hist.add(h);
            for (double x : h) {
                ymax = Math.max(ymax, x);
            }
        }
        for (int a = 0; a < na; a++) {
            String name = "fig4-alpha-" + alphaText(alphas.get(a));
            CategoryChart chart = org.implreg.report.Charts.style(new CategoryChartBuilder().width(640).height(440)
                .title(String.format(Locale.ROOT, "Fig. 4: α = %s (%d feasible instances)", alphaText(alphas.get(a)), feasible))
                .xAxisTitle("Δ = (‖X_flow‖_* − min ‖X‖_*)/min ‖X‖_*").yAxisTitle("fraction of feasible instances").build());
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setOverlapped(true);
            chart.getStyler().setYAxisMax(ymax * 1.05);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setXAxisLabelRotation(90);
            List<String> xs = new ArrayList<>();
            List<Number> ys = new ArrayList<>();
            for (int b = 0; b < bins; b++) {
                xs.add(String.format(Locale.ROOT, "%.3f", (b + 0.5) * xmax / bins));
                ys.add(hist.get(a)[b]);
            }
            chart.addSeries("Δ", xs, ys);
            SweepReport.save(chart, ctx.dir().resolve("figures").resolve(name));
            figures.add(name);
            captions.put(name, String.format(Locale.ROOT, "α = %s: histogram of Δ over [0, %.2f] (last bin: ≥ %.3f), %d flows did not "
                + "converge", alphaText(alphas.get(a)), xmax, xmax * (bins - 1) / bins, notConverged[a]));
        }

        // Figure 4 on the paper's axes: counts over [−0.2, 0.2], whole-diagonal masks apart (their Δ ≡ 0)
        org.knowm.xchart.XYChart paper = org.implreg.report.Charts.chart(
            "Fig. 4 on the paper's axes: counts of Δ, masks not observing the whole diagonal", "Δ", "instances");
        double[] centers = new double[20];
        for (int i = 0; i < 20; i++) {
            centers[i] = -0.19 + 0.02 * i;
        }
        StringBuilder diagonal = new StringBuilder();
        int a0 = 0;
        for (PerAlpha m : perAlpha.values()) {
            int[] counts = m.otherMasks().paperAxesCounts().counts();
            org.implreg.report.Charts.line(paper, "α = " + alphaText(m.alpha()), centers,
                java.util.Arrays.stream(counts).asDoubleStream().toArray());
            diagonal.append(a0++ == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d at α = %s", m.wholeDiagonalMasks().converged(),
                alphaText(m.alpha())));
        }
        SweepReport.save(paper, ctx.dir().resolve("figures").resolve("fig4-paper-axes"));
        figures.add("fig4-paper-axes");
        captions.put("fig4-paper-axes", "counts of Δ in bins of 0.02 over [−0.2, 0.2] (the paper's axes) for the 12 masks that do not observe "
            + "the whole diagonal; the 3 that do fix tr X = ‖X‖_*, so Δ ≡ 0 there (" + diagonal + " converged flows, counted apart: "
            + "summary.json per_alpha.*.whole_diagonal_masks)");

        // verdict: small α concentrates Δ near 0, α = 1 does not
        Finding verdict = verdict(List.copyOf(perAlpha.values()));
        String mode = ctx.full() ? "full" : "quick";
        GridSummary summary = new GridSummary(name(), "Gunasekar et al. 2017, Figure 4 (exhaustive search)", mode,
            new GridSettings(alphas, o.tol(), o.rtol(), o.maxEvaluations(), o.seed(), "(2i − 9)/9, i = 0..9",
                ctx.full() ? "all" : perMaskQuick + " per mask, Rng.stream(seed, grid-sample)"),
            rows.size(), feasible, boundary, certified, perAlpha, List.of(verdict),
            new GridFiles("index.html", "instances.csv", "blocks.jsonl", figures.stream().map(f -> "figures/" + f + ".png").toList()));

        StringBuilder table = new StringBuilder("<h2>Fraction of feasible instances with Δ below a threshold</h2>\n<table><tr><th>α</th>"
            + "<th>converged flows</th><th>not converged</th>");
        for (double t : THRESHOLDS) {
            table.append("<th>Δ &lt; ").append(thresholdText(t)).append("</th>");
        }
        table.append("<th>median Δ</th><th>90% Δ</th><th>max Δ</th></tr>\n");
        for (PerAlpha m : perAlpha.values()) {
            table.append("<tr><td>").append(alphaText(m.alpha())).append("</td><td>").append(m.converged())
                .append("</td><td>").append(m.notConverged()).append("</td>");
            for (double f : m.fractions()) {
                table.append("<td>").append(fmt(f)).append("</td>");
            }
            table.append("<td>").append(fmt(m.medianDelta())).append("</td><td>").append(fmt(m.p90Delta()))
                .append("</td><td>").append(fmt(m.maxDelta())).append("</td></tr>\n");
        }
        table.append("</table>\n");
        String v = verdict.verdict().word();
        String intro = String.format(Locale.ROOT, "<p>%s. Mode: %s: %d instances, %d with a PSD completion (%d on the boundary of "
                + "feasibility, decided exactly), %d certified optimal to 1e-9. Per instance: <a href=\"instances.csv\">instances.csv</a>; "
                + "key numbers: <a href=\"summary.json\">summary.json</a>.</p>\n<p><b>Paper:</b> %s<br><b>implreg:</b> <span class=\"%s\">%s</span> — "
                + "%s</p>\n", Html.esc(description()), ctx.full() ? "full" : "quick (random subsample)", rows.size(), feasible, boundary,
            certified, Html.esc(QUOTE), verdict.verdict().cssClass(), Html.esc(verdict.headline()), Html.esc(verdict.evidence()));
        Page.write(ctx, summary, provenance, stored, start, "Reproduction: Gunasekar et al. 2017, Figure 4",
            List.of(intro, Html.figures("Figure 4: histograms of Δ", figures, captions), table.toString()), null);
        ctx.out().printf("%s (%s): %d instances, %d feasible, %d certified, %.1f s%n", name(), mode, rows.size(), feasible,
            certified, (System.nanoTime() - start) / 1e9);
        for (PerAlpha m : perAlpha.values()) {
            ctx.out().printf("  α = %-6s  Δ < 1e-3: %s  Δ < 1e-2: %s  Δ < 1e-1: %s  median %s  (not converged: %s)%n",
                alphaText(m.alpha()), fmt(m.fractionBelow1e3()), fmt(m.fractionBelow1e2()), fmt(m.fractionBelow1e1()),
                fmt(m.medianDelta()), m.notConverged());
        }
        ctx.out().printf("Figure 4: %s%nwrote %s and %s%n", v, ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    /**
     * "Most near minimal" is read as ≥ 90% of the feasible instances with Δ &lt; 1e-2 for every small α (α &lt; 0.5); "decays
     * for α = 1" as α = 1 having at least 5 points fewer below 1e-2 than the smallest fraction of the small α. Both: agrees;
     * one: partly. The fractions are those of the masks that do not observe the whole diagonal ({@code other_masks}): on the
     * three masks that do, tr X = ‖X‖_* is fixed by the data and Δ ≡ 0 for every completion, so they cannot tell the minimum
     * nuclear norm from any other solution. An α whose flows never converged (fraction NaN) is left out; with no small α left
     * Δ does not concentrate, with no large α left it does not spread.
     */
    static Finding verdict(List<PerAlpha> perAlpha) {
        StringBuilder ev = new StringBuilder();
        double smallest = Double.NaN;
        double large = Double.NaN;
        for (PerAlpha all : perAlpha) {
            OtherMasks m = all.otherMasks();
            double f = m.fractionBelow1e2();
            ev.append(String.format(Locale.ROOT, "α = %s: %s of the feasible instances have Δ < 1e-2 (%s below 1e-3, median Δ %s)",
                alphaText(all.alpha()), fmt(all.fractionBelow1e2()), fmt(all.fractionBelow1e3()), fmt(all.medianDelta())));
            ev.append(String.format(Locale.ROOT, "; without the whole-diagonal masks (Δ ≡ 0 there) %s (%s below 1e-3, median Δ %s)",
                fmt(f), fmt(m.fractionBelow1e3()), fmt(m.medianDelta())));
            ev.append(". ");
            if (Double.isNaN(f)) {
                continue;
            }
            if (all.alpha() < 0.5) {
                smallest = Double.isNaN(smallest) ? f : Math.min(smallest, f);
            } else {
                large = f;
            }
        }
        boolean concentrated = smallest >= 0.9;
        boolean decays = large <= smallest - 0.05;
        ev.append(String.format(Locale.ROOT, "Small α %s Δ near 0 (≥ 90%% below 1e-2 needed: %s); α = 1 %s (%s below 1e-2 vs %s for "
                + "the smallest α). li2021 (b) compares these limits with greedy low-rank learning instance by instance.",
            concentrated ? "concentrates" : "does not concentrate", fmt(smallest), decays ? "spreads wider" : "does not spread wider",
            fmt(large), fmt(smallest)));
        return Finding.quoted("4", QUOTE, Verdict.of(concentrated && decays, concentrated || decays), ev.toString().trim())
            .by(Finding.Owner.of("Gunasekar et al.", "Figure 4 observation"), String.format(Locale.ROOT, "from small α, %s of the feasible "
                + "instances end with Δ < 1e-2 (at least 90%% needed), from α = 1 %s", percent(smallest), percent(large)));
    }

    /** The fraction of {@code d} below {@code t} (NaN when {@code d} is empty). */
    private static double fraction(List<Double> d, double t) {
        if (d.isEmpty()) {
            return Double.NaN;
        }
        return d.stream().filter(x -> x < t).count() / (double) d.size();
    }

    /** The ⌊q·n⌋-th smallest of the n sorted values (NaN when there are none). */
    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    static String alphaText(double a) {
        return a == 1.0 ? "1" : String.format(Locale.ROOT, "%.0e", a).replace("e-0", "e-");
    }

    private static String thresholdText(double t) {
        return String.format(Locale.ROOT, "%.0e", t).replace("e-0", "e-");
    }

    private static String value(int i) {
        return String.format(Locale.ROOT, "%.6f", (2 * i - 9) / 9.0);
    }

    /** A stored number as instances.csv has always written it: Java's shortest repr, "null" where the store holds null. */
    private static String text(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}

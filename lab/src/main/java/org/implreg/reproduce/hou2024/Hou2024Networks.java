package org.implreg.reproduce.hou2024;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.io.AtomicFiles;
import org.implreg.io.DigitsData;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.network.ReluNetwork;
import org.implreg.network.UdvNetwork;
import org.implreg.problem.Rng;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.reproduce.CiSize;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Summary;
import org.implreg.reproduce.Verdict;
import org.knowm.xchart.XYChart;
import org.implreg.report.Charts;

/**
 * The UDV networks of Hou, Sra and Yurtsever (seed 002) on real data: the 8×8 handwritten digits
 * (scikit-learn's copy of the UCI set, shipped in data/sklearn), two tasks on a seeded 80/20 split:
 * <ul>
 *   <li>classification: 64 pixels → the digit (10 outputs, one-hot targets, squared loss, accuracy by
 *   argmax);</li>
 *   <li>regression: the upper 4 rows (32 pixels) → the lower 4 rows (32 outputs), relative test error
 *   ‖P − Y‖_F/‖Y‖_F of the centered targets (predicting the mean gives 1).</li>
 * </ul>
 * Pixels are scaled by 1/16; inputs and targets are centered with the training means (the UDV layer has
 * no bias). Models: {@link UdvNetwork} with m = 64 units, ‖U₀‖ = ‖V₀‖ = 1, w₀ = 1, projected GD η = 0.5;
 * {@link ReluNetwork} with 64 hidden units, Adam 1e-2 — about the same number of parameters. Pruning:
 * the UDV map M = V diag(w)Uᵀ truncated to its k largest singular triplets; for the ReLU net the output
 * layer W₂ truncated likewise. Quick: one split seed; full: three.
 */
public final class Hou2024Networks implements Reproduction {
    static final int UNITS = 64;
    static final double UDV_STEP = 0.5;
    static final double RELU_STEP = 1e-2;
    static final String QUOTE = "\"Low-rank solution leads compact and lightweight networks; competitive performance compared to ReLU "
        + "networks\" (UDV classifier, regression / classification, SVD based pruning)";

    private final int udvEpochs;
    private final int reluEpochs;
    private final java.nio.file.Path file;

    public Hou2024Networks() {
        this(5000, 1000, null);
    }

    /** Tests: fewer epochs, another data file. */
    Hou2024Networks(int udvEpochs, int reluEpochs, java.nio.file.Path file) {
        this.udvEpochs = udvEpochs;
        this.reluEpochs = reluEpochs;
        this.file = file;
    }

    @Override
    public Reproduction ciSized() {
        return CiSize.withData(this, dir -> new Hou2024Networks(30, 15, CiSize.digits(dir)));
    }

    @Override
    public String name() {
        return "hou2024-nn";
    }

    @Override
    public String description() {
        return "Hou, Sra, Yurtsever (seed 002): UDV layer vs a ReLU network on handwritten digits (classification; lower-half "
            + "regression), SVD pruning curves";
    }

    @Override
    public void check(Context ctx) {
        if (file == null) {
            DigitsData.locate(ctx.data());
        }
    }

    /** A task on one split: centered inputs/targets (column-major), sizes, and whether it is classification. */
    record Task(String name, boolean classification, int d, int c, int ntr, int nte, double[] xtr, double[] ytr, double[] xte,
                double[] yte, int[] labelsTe) {}

    static Task task(DigitsData.Digits dd, boolean cls, long seed) {
        int n = dd.n();
        int ntr = (int) Math.round(0.8 * n);
        int nte = n - ntr;
        int d = cls ? 64 : 32;
        int c = cls ? 10 : 32;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        RandomGenerator rng = Rng.stream(seed, "digits-split");
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] xtr = new double[ntr * d];
        double[] ytr = new double[ntr * c];
        double[] xte = new double[nte * d];
        double[] yte = new double[nte * c];
        int[] lab = new int[nte];
        for (int s = 0; s < n; s++) {
            int i = perm[s];
            boolean tr = s < ntr;
            int row = tr ? s : s - ntr;
            int rows = tr ? ntr : nte;
            double[] x = tr ? xtr : xte;
            double[] y = tr ? ytr : yte;
            for (int k = 0; k < d; k++) {
                x[row + k * rows] = dd.pixels()[i * 64 + k] / 16.0;
            }
            if (cls) {
                y[row + dd.labels()[i] * rows] = 1;
            } else {
                for (int k = 0; k < 32; k++) {
                    y[row + k * rows] = dd.pixels()[i * 64 + 32 + k] / 16.0;
                }
            }
            if (!tr) {
                lab[row] = dd.labels()[i];
            }
        }
        center(xtr, xte, ntr, nte, d);
        center(ytr, yte, ntr, nte, c);
        return new Task(cls ? "classification" : "regression", cls, d, c, ntr, nte, xtr, ytr, xte, yte, lab);
    }

    private static void center(double[] a, double[] b, int na, int nb, int k) {
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i < na; i++) {
                s += a[i + j * na];
            }
            double mean = s / na;
            for (int i = 0; i < na; i++) {
                a[i + j * na] -= mean;
            }
            for (int i = 0; i < nb; i++) {
                b[i + j * nb] -= mean;
            }
        }
    }

    /** Accuracy (classification, argmax against the label) or relative error (regression) of predictions p (n×c). */
    static double metric(Task t, double[] p, double[] y, int n) {
        if (t.classification()) {
            int ok = 0;
            for (int i = 0; i < n; i++) {
                int bp = 0;
                int by = 0;
                for (int k = 1; k < t.c(); k++) {
                    if (p[i + k * n] > p[i + bp * n]) {
                        bp = k;
                    }
                    if (y[i + k * n] > y[i + by * n]) {
                        by = k;
                    }
                }
                ok += bp == by ? 1 : 0;
            }
            return ok / (double) n;
        }
        return Linalg.distance(p, y) / Linalg.norm(y);
    }

    /** ReLU net with W₂ replaced by its rank-k truncation. */
    static ReluNetwork.Model pruneRelu(ReluNetwork.Model mo, int k) {
        int c = mo.c();
        int m = mo.m();
        int r = Math.min(c, m);
        Linalg.Svd svd = Linalg.thinSvd(mo.w2(), c, m);
        double[] s = svd.s();
        double[] pu = svd.u();
        double[] vt = svd.vt();
        double[] w2 = new double[c * m];
        for (int t = 0; t < Math.min(k, r); t++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < c; i++) {
                    w2[i + j * c] += s[t] * pu[i + t * c] * vt[t + j * r];
                }
            }
        }
        return new ReluNetwork.Model(mo.d(), c, m, mo.w1(), mo.b1(), w2, mo.b2());
    }

    TaskRun runTask(DigitsData.Digits dd, boolean cls, long seed) {
        Task t = task(dd, cls, seed);
        long t0 = System.nanoTime();
        UdvNetwork.Model udv = UdvNetwork.train(t.xtr(), t.ytr(), t.ntr(), t.d(), t.c(),
            new UdvNetwork.Options(UNITS, UDV_STEP, udvEpochs, 1.0, seed), null);
        double udvSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        ReluNetwork.Model relu = ReluNetwork.train(t.xtr(), t.ytr(), t.ntr(), t.d(), t.c(),
            new ReluNetwork.Options(UNITS, RELU_STEP, reluEpochs, seed), null);
        double reluSec = (System.nanoTime() - t0) / 1e9;
        int r = Math.min(t.c(), t.d());
        double[] udvCurve = new double[r];
        double[] reluCurve = new double[r];
        for (int k = 1; k <= r; k++) {
            udvCurve[k - 1] = metric(t, udv.prune(k).predict(t.xte(), t.nte()), t.yte(), t.nte());
            reluCurve[k - 1] = metric(t, pruneRelu(relu, k).predict(t.xte(), t.nte()), t.yte(), t.nte());
        }
        double[] sv = udv.singularValues();
        int rank = 0;
        for (double v : sv) {
            rank += v > 1e-3 * sv[0] ? 1 : 0;
        }
        return new TaskRun(t.name(), seed, cls ? "accuracy" : "relative_error", metric(t, udv.predict(t.xte(), t.nte()), t.yte(), t.nte()),
            metric(t, udv.predict(t.xtr(), t.ntr()), t.ytr(), t.ntr()), rank, sv, udv.parameters(), udvSec,
            metric(t, relu.predict(t.xte(), t.nte()), t.yte(), t.nte()), metric(t, relu.predict(t.xtr(), t.ntr()), t.ytr(), t.ntr()),
            relu.parameters(), reluSec, udvCurve, reluCurve);
    }

    /**
     * One task on one split seed, a row of rows.jsonl: test and train metric (accuracy or relative error) of both models, the
     * UDV map's numerical rank (singular values above 1e-3 × the largest) and singular values, parameter counts, seconds, and
     * the test metric after pruning to rank k = 1, 2, … (UDV: M truncated; ReLU: the output layer truncated).
     */
    record TaskRun(String task, long seed, String metric, double udvTest, double udvTrain, int udvRank, double[] udvSingularValues,
                   int udvParameters, double udvSeconds, double reluTest, double reluTrain, int reluParameters, double reluSeconds,
                   double[] udvPruned, double[] reluOutputPruned) {}

    /** One task in summary.json: the means over split seeds. */
    record TaskSummary(String metric, double udvTest, double udvTrain, double udvRank, double reluTest, double reluTrain,
                       int udvParameters, int reluParameters, double[] udvPruningCurve, double[] reluOutputPruningCurve,
                       double secondsUdv, double secondsRelu) {}

    /** summary.json's settings. */
    record Settings(int units, double udvStep, int udvEpochs, double reluAdamStep, int reluEpochs, String split, List<Long> seeds,
                    String data) {}

    /** summary.json's files. */
    record Files(String index, String pruning, List<String> figures) {}

    /** The UDV networks' summary.json, key by key ({@code tasks}: classification, regression). */
    public record Hou2024NetworksSummary(String reproduction, String paper, String mode, Settings settings, Map<String, TaskSummary> tasks,
                                         List<Finding> verdicts, Files files) implements Summary {}

    @Override
    public Hou2024NetworksSummary run(Context ctx) {
        long start = System.nanoTime();
        java.nio.file.Path f = file != null ? file : DigitsData.locate(ctx.data());
        DigitsData.Digits dd = DigitsData.read(f);
        List<Long> seeds = ctx.full() ? List.of(ctx.seed(), ctx.seed() + 1, ctx.seed() + 2) : List.of(ctx.seed());
        List<Rows.Job<TaskRun>> jobs = new ArrayList<>();
        for (boolean cls : new boolean[] {true, false}) {
            for (long s : seeds) {
                String nm = (cls ? "classification" : "regression") + "-seed" + s;
                String key = Rows.hash(name() + "|" + nm + "|" + udvEpochs + "|" + reluEpochs + "|" + UNITS + "|" + UDV_STEP + "|" + RELU_STEP
                    + "|" + dd.n());
                jobs.add(new Rows.Job<>(nm, key, () -> runTask(dd, cls, s)));
            }
        }
        Map<String, TaskRun> res = Rows.runAll(ctx, name(), TaskRun.class, jobs);
        Provenance.Info provenance = Page.session(ctx, Map.of("reproduction", name(), "full", ctx.full(), "seeds", seeds, "data", f.toString(),
            "udv_epochs", udvEpochs, "relu_epochs", reluEpochs));
        return report(ctx, seeds, res, provenance, start);
    }

    private static double mean(List<TaskRun> runs, java.util.function.ToDoubleFunction<TaskRun> value) {
        return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static double[] meanCurve(List<TaskRun> runs, java.util.function.Function<TaskRun, double[]> curve) {
        int len = curve.apply(runs.get(0)).length;
        double[] out = new double[len];
        for (TaskRun r : runs) {
            double[] l = curve.apply(r);
            for (int i = 0; i < len; i++) {
                out[i] += l[i] / runs.size();
            }
        }
        return out;
    }

    private Hou2024NetworksSummary report(Context ctx, List<Long> seeds, Map<String, TaskRun> res, Provenance.Info provenance,
                                          long start) {
        Map<String, TaskSummary> tasks = new LinkedHashMap<>();
        List<String> figures = new ArrayList<>();
        Map<String, String> captions = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("task,seed,model,kept_rank,test_metric\n");
        StringBuilder table = new StringBuilder("<h2>Results (mean over split seeds)</h2>\n<table><tr><th>task</th><th>metric</th>"
            + "<th>UDV test</th><th>UDV train</th><th>UDV rank</th><th>ReLU test</th><th>ReLU train</th><th>parameters UDV / ReLU</th>"
            + "<th>UDV pruned to its rank</th></tr>\n");
        List<String> evidence = new ArrayList<>();
        int held = 0; // of the four checks: competitive and compact, for each task
        for (String tn : List.of("classification", "regression")) {
            List<TaskRun> runs = new ArrayList<>();
            for (long s : seeds) {
                runs.add(res.get(tn + "-seed" + s));
            }
            boolean cls = tn.equals("classification");
            double[] uc = meanCurve(runs, TaskRun::udvPruned);
            double[] rc = meanCurve(runs, TaskRun::reluOutputPruned);
            for (TaskRun r : runs) {
                double[] a = r.udvPruned();
                double[] b = r.reluOutputPruned();
                for (int k = 0; k < a.length; k++) {
                    csv.append(String.format(Locale.ROOT, "%s,%s,udv,%d,%s%n%s,%s,relu_output,%d,%s%n", tn, r.seed(), k + 1, a[k], tn,
                        r.seed(), k + 1, b[k]));
                }
            }
            double udvTest = mean(runs, TaskRun::udvTest);
            double reluTest = mean(runs, TaskRun::reluTest);
            int rank = (int) Math.round(mean(runs, TaskRun::udvRank));
            double atRank = uc[Math.max(0, Math.min(uc.length, rank) - 1)];
            TaskSummary m = new TaskSummary(cls ? "accuracy" : "relative_error", udvTest, mean(runs, TaskRun::udvTrain),
                mean(runs, TaskRun::udvRank), reluTest, mean(runs, TaskRun::reluTrain), runs.get(0).udvParameters(),
                runs.get(0).reluParameters(), uc, rc, mean(runs, TaskRun::udvSeconds), mean(runs, TaskRun::reluSeconds));
            tasks.put(tn, m);
            // verdict pieces: competitive = within 5 accuracy points / 20% relative error; compact = rank < min(c, d)
            int cap = cls ? runs.get(0).udvPruned().length - 1 : uc.length; // centered one-hot targets have rank c − 1
            held += checksHeld(cls, udvTest, reluTest, rank, cap);
            evidence.add(String.format(Locale.ROOT, "%s: UDV %s %.4f (rank %d, at most %d possible; pruned to rank %d: %.4f) vs ReLU %.4f",
                tn, cls ? "accuracy" : "relative error", udvTest, rank, cap, rank, atRank, reluTest));
            table.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%.4f</td><td>%.4f</td><td>%.1f</td>"
                    + "<td>%.4f</td><td>%.4f</td><td>%s / %s</td><td>%.4f</td></tr>%n", tn, m.metric(), udvTest, m.udvTrain(),
                m.udvRank(), reluTest, m.reluTrain(), m.udvParameters(), m.reluParameters(), atRank));
            XYChart c = Charts.chart("Hou et al.: digits " + tn + ", pruning by SVD", "kept rank k", cls ? "test accuracy" : "test relative error");
            double[] ks = new double[uc.length];
            for (int k = 0; k < ks.length; k++) {
                ks[k] = k + 1;
            }
            Charts.line(c, "UDV, M = V diag(w)Uᵀ truncated", ks, uc);
            Charts.line(c, "ReLU, output layer truncated", ks, rc);
            Charts.reference(c, "ReLU, full", 1, ks.length, reluTest);
            SweepReport.save(c, ctx.dir().resolve("figures").resolve(tn + "-pruning"));
            figures.add(tn + "-pruning");
            captions.put(tn + "-pruning", tn + ": test " + m.metric() + " vs the kept rank (mean over " + seeds.size() + " split seeds)");
        }
        table.append("</table>\n");
        AtomicFiles.write(ctx.dir().resolve("pruning.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Finding verdict = verdict(held, evidence);
        String v = verdict.verdict().word();
        String mode = ctx.full() ? "full" : "quick";
        Hou2024NetworksSummary summary = new Hou2024NetworksSummary(name(), "Hou, Sra, Yurtsever (seed 002), neural network application", mode,
            new Settings(UNITS, UDV_STEP, udvEpochs, RELU_STEP, reluEpochs, "80/20, Rng.stream(seed, digits-split)", seeds,
                "scikit-learn digits (1797 × 64)"), tasks, List.of(verdict),
            new Files("index.html", "pruning.csv", figures.stream().map(x -> "figures/" + x + ".png").toList()));
        String intro = String.format(Locale.ROOT, "<p>%s. Mode: %s (%d split seed%s). Data: data/sklearn/digits.csv.gz (scikit-learn's copy of "
                + "the UCI handwritten digits, 1 797 images). UDV: %d units, projected GD η = %s, %d epochs; ReLU: %d hidden units, Adam %s, "
                + "%d epochs; both full batch on (1/2n)Σ‖f(x) − y‖². Numbers: <a href=\"summary.json\">summary.json</a>, "
                + "<a href=\"pruning.csv\">pruning.csv</a>.</p>\n<p><b>Paper:</b> %s<br><b>implreg:</b> <span class=\"%s\">%s</span> — %s</p>\n",
            Html.esc(description()), ctx.full() ? "full" : "quick", seeds.size(), seeds.size() > 1 ? "s" : "", UNITS, UDV_STEP, udvEpochs, UNITS,
            RELU_STEP, reluEpochs, Html.esc(QUOTE), verdict.verdict().cssClass(), Html.esc(verdict.headline()),
            Html.esc(verdict.evidence()));
        Page.write(ctx, summary, provenance, Rows.records(ctx.dir()), start, "Reproduction: Hou, Sra, Yurtsever — UDV networks",
            List.of(intro, table.toString(), Html.figures("Pruning curves", figures, captions)), null);
        ctx.out().printf(Locale.ROOT, "%s (%s): %.1f s%n", name(), mode, (System.nanoTime() - start) / 1e9);
        for (String e : evidence) {
            ctx.out().println("  " + e);
        }
        ctx.out().printf("UDV networks: %s%nwrote %s and %s%n", v, ctx.dir().resolve("index.html"), ctx.dir().resolve("summary.json"));
        ctx.out().flush();
        return summary;
    }

    /**
     * The checks of one task that hold (0–2): competitive (classification: UDV accuracy within 5 points of
     * ReLU's; regression: UDV relative error at most 1.2 × ReLU's) and compact (rank below {@code cap}, the
     * largest possible).
     */
    static int checksHeld(boolean classification, double udvTest, double reluTest, int rank, int cap) {
        boolean comp = classification ? udvTest >= reluTest - 0.05 : udvTest <= 1.2 * reluTest;
        return (comp ? 1 : 0) + (rank < cap ? 1 : 0);
    }

    /** All 4 checks of the two tasks hold: agrees; some: partly; none: disagrees. {@code evidence}: a line a task. */
    static Finding verdict(int held, List<String> evidence) {
        return Finding.claim("UDV networks", "UDV layers learn low-rank maps that prune to compact networks with performance competitive "
                + "with ReLU nets", Verdict.of(held == 4, held > 0), String.join("; ", evidence) + ". Competitive: within 5 accuracy "
                + "points / 20% relative error; compact: rank below the largest possible (c − 1 for centered one-hot targets, min(c, d) for "
                + "regression); " + held + " of these 4 checks hold.")
            .by(Finding.Owner.of("Hou, Sra & Yurtsever", "claim on UDV networks"), held + " of 4 checks hold (competitive with ReLU and "
                + "compact, on a classification and a regression task)");
    }
}

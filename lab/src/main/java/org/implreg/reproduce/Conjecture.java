package org.implreg.reproduce;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;
import org.implreg.io.ProblemFiles;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.Problem;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.SweepReport;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.knowm.xchart.XYChart;

/**
 * Tests Gunasekar et al.'s conjecture on a user's own PSD sensing or completion problem
 * ({@code implreg conjecture}): for each α, flows from {@code seeds} random U₀ with ‖U₀‖_F = α (depth 2:
 * the gradient flow {@code flow} at d = n; depth N &gt; 2: deep GD {@code deep} with ‖W(0)‖_F = α), the
 * certified minimum nuclear norm ({@code nucmin}) and GLRL's solution ({@code glrl}); per α the mean
 * nuclear norm, its relative gap to the minimum, the numerical rank, the relative distances
 * ‖X − X_glrl‖_F/‖X_glrl‖_F and ‖X − X_min‖_F/‖X_min‖_F; the trend as α → 0 (the slope of log distance
 * against log α) and a one-line answer ({@link #answer}).
 */
public final class Conjecture {
    /** Distances (relative, Frobenius) at or below this count as "the same solution". */
    public static final double SAME = 1e-3;
    /** A slope of log distance against log α above this means "still approaching as α → 0". */
    public static final double APPROACHING_SLOPE = 0.05;
    /** Largest n accepted (the interior point method costs O(m³ + n³) per iteration). */
    public static final int MAX_N = 120;
    /** Flow tolerance on the training error. */
    public static final double FLOW_TOL = 1e-8;

    /** The answers. */
    public static final List<String> ANSWERS = List.of("nuclear_norm", "greedy_low_rank", "neither", "not_converged");

    /**
     * @param depth   2 (gradient flow on UUᵀ) or N &gt; 2 (deep GD, small step)
     * @param alphas  init scales, each in (0, 1]
     * @param seeds   random U₀ per α (1…50)
     * @param threads worker threads
     */
    public record Options(int depth, double[] alphas, int seeds, int threads) {
        public Options {
            InvalidInputException.require(depth >= 2 && depth <= 6, "--depth must be in 2..6, got " + depth);
            InvalidInputException.require(alphas != null && alphas.length >= 1 && alphas.length <= 20,
                "--alphas: give 1 to 20 values");
            for (double a : alphas) {
                InvalidInputException.require(Double.isFinite(a) && a > 0 && a <= 1, "--alphas: each must be in (0, 1], got " + a);
            }
            InvalidInputException.require(seeds >= 1 && seeds <= 50, "--seeds must be in 1..50, got " + seeds);
            InvalidInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
            alphas = alphas.clone();
            java.util.Arrays.sort(alphas);
            reverse(alphas);
        }

        /** Default α grid of a depth: 1e-2 … 1e-8 for depth 2, 1e-1 … 1e-3 deeper (deep GD's plateaus grow like α^−(N−2)). */
        public static double[] defaultAlphas(int depth) {
            return depth == 2 ? new double[] {1e-2, 1e-4, 1e-6, 1e-8} : new double[] {1e-1, 3e-2, 1e-2};
        }
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private Conjecture() {}

    /** Reads {@code problemFile}, analyzes it and writes conjecture.json, figures/conjecture.{png,svg} and index.html into {@code out}. */
    public static Map<String, Object> run(Path problemFile, Options o, Path out) {
        InvalidInputException.require(Files.isRegularFile(problemFile), "--problem: no such file: " + problemFile);
        // every output checked before the analysis (seconds to minutes) and written together at the end (issue 27)
        org.implreg.io.OutputFiles.checkFolder(out, "--out");
        org.implreg.io.OutputFiles files = new org.implreg.io.OutputFiles().input(problemFile, "--problem");
        for (String f : FILES) {
            files.output(out.resolve(f), "--out");
        }
        InvalidInputException.require(!ProblemFiles.isAsymmetric(problemFile) && !ProblemFiles.isAsymmetricSensing(problemFile),
            "--problem: " + problemFile + " is a rectangular problem; the conjecture is about PSD (symmetric) sensing or completion");
        Problem p = ProblemFiles.read(problemFile);
        InvalidInputException.require(p.n() <= MAX_N, "--problem: n = " + p.n() + " exceeds " + MAX_N
            + " (the certified minimum nuclear norm is an interior point method)");
        InvalidInputException.require(Linalg.norm(p.y()) > 0, "--problem: y = 0 (every method returns X = 0)");
        Map<String, Object> res = analyze(p, o);
        res.put("problem", problemFile.toString());
        write(res, files, out);
        files.commit();
        return res;
    }

    /** One flow limit. */
    record Limit(double alpha, long seed, double[] x, double nuclear, int rank, double trainError, boolean converged) {}

    static Limit limit(Problem p, Options o, double alpha, long seed) {
        SolveReport r;
        if (o.depth() == 2) {
            SolveSettings s = SolveSettings.of("flow", null, alpha, Double.NaN, seed).withTol(FLOW_TOL);
            r = Methods.get("flow").solve(p, s, IterationListener.NONE);
        } else {
            SolveSettings s = SolveSettings.of("deep", null, alpha, 1e-2, seed).withTol(1e-6).withMaxIterations(2_000_000L)
                .withOption("depth", Integer.toString(o.depth()));
            r = Methods.get("deep").solve(p, s, IterationListener.NONE);
        }
        double[] x = r.result().x();
        boolean ok = r.result().stopReason() == StopReason.CONVERGED && r.result().trainError() <= (o.depth() == 2 ? 10 * FLOW_TOL : 1e-5);
        return new Limit(alpha, seed, x, r.metrics().nuclearNorm(), r.metrics().numericalRank(1e-3), r.result().trainError(), ok);
    }

    /** The analysis of {@code p} as conjecture.json's keys (without files). */
    public static Map<String, Object> analyze(Problem p, Options o) {
        SolveReport min = Methods.get("nucmin").solve(p, SolveSettings.of("nucmin", null, 1e-3, Double.NaN, 0), IterationListener.NONE);
        SolveReport glrl = Methods.get("glrl").solve(p, SolveSettings.of("glrl", null, 1e-3, Double.NaN, 0), IterationListener.NONE);
        InvalidInputException.require(min.result().x() != null, "--problem: no PSD matrix fits the measurements (nucmin: "
            + min.result().criterion() + "); the conjecture is about problems with a PSD solution");
        List<Limit> limits = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "implreg-conjecture");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Limit>> fs = new ArrayList<>();
            for (double a : o.alphas()) {
                for (long s = 0; s < o.seeds(); s++) {
                    long seed = s;
                    fs.add(pool.submit(() -> limit(p, o, a, seed)));
                }
            }
            for (Future<Limit> f : fs) {
                limits.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("conjecture interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return summarize(p.n(), min, glrl, limits, o);
    }

    static Map<String, Object> summarize(int n, SolveReport min, SolveReport glrl, List<Limit> limits, Options o) {
        double[] xMin = min.result().x();
        double[] xGlrl = glrl.result().x();
        double minNuc = min.metrics().nuclearNorm();
        List<Map<String, Object>> perAlpha = new ArrayList<>();
        double[] dG = new double[o.alphas().length];
        double[] dM = new double[o.alphas().length];
        double[] gap = new double[o.alphas().length];
        boolean convergedAtSmallest = true;
        for (int i = 0; i < o.alphas().length; i++) {
            double a = o.alphas()[i];
            List<Limit> at = limits.stream().filter(l -> l.alpha() == a).toList();
            double nuc = 0;
            double g = 0;
            double m = 0;
            double rank = 0;
            double worstTrain = 0;
            int converged = 0;
            for (Limit l : at) {
                nuc += l.nuclear() / at.size();
                g += Linalg.distance(l.x(), xGlrl) / Linalg.norm(xGlrl) / at.size();
                m += Linalg.distance(l.x(), xMin) / Linalg.norm(xMin) / at.size();
                rank += (double) l.rank() / at.size();
                worstTrain = Math.max(worstTrain, l.trainError());
                converged += l.converged() ? 1 : 0;
            }
            dG[i] = g;
            dM[i] = m;
            gap[i] = (nuc - minNuc) / minNuc;
            if (i == o.alphas().length - 1) {
                convergedAtSmallest = converged == at.size();
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("alpha", a);
            e.put("nuclear_norm", nuc);
            e.put("rel_gap", gap[i]);
            e.put("rank", rank);
            e.put("distance_to_glrl", g);
            e.put("distance_to_min", m);
            e.put("converged", converged);
            e.put("runs", at.size());
            e.put("max_train_error", worstTrain);
            e.put("per_seed_nuclear_norm", at.stream().map(Limit::nuclear).toList());
            perAlpha.add(e);
        }
        double[] logA = new double[o.alphas().length];
        for (int i = 0; i < logA.length; i++) {
            logA[i] = Math.log10(o.alphas()[i]);
        }
        double slopeG = slope(logA, dG);
        double slopeM = slope(logA, dM);
        int last = dG.length - 1;
        String answer = answer(convergedAtSmallest, dG[last], dM[last], gap[last], slopeG, slopeM);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("answer", answer);
        r.put("evidence", evidence(answer, o.alphas()[last], dG[last], dM[last], gap[last], slopeG, slopeM));
        r.put("n", n);
        r.put("depth", o.depth());
        r.put("seeds", o.seeds());
        r.put("min_nuclear_norm", minNuc);
        r.put("min_nuclear_norm_certified", min.extras().get("certified"));
        r.put("min_rank", min.metrics().numericalRank(1e-3));
        r.put("glrl_nuclear_norm", glrl.metrics().nuclearNorm());
        r.put("glrl_rel_gap", (glrl.metrics().nuclearNorm() - minNuc) / minNuc);
        r.put("glrl_rank", glrl.result().d());
        r.put("glrl_rank_path", glrl.extras().get("rank_path"));
        r.put("glrl_train_error", glrl.result().trainError());
        r.put("glrl_distance_to_min", Linalg.distance(xGlrl, xMin) / Linalg.norm(xMin));
        r.put("per_alpha", perAlpha);
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("distance_to_glrl_slope", slopeG);
        trend.put("distance_to_min_slope", slopeM);
        trend.put("note", "slope of log10(distance) against log10(α) over the α grid: > 0 means the distance shrinks as α → 0 "
            + "(like α^slope), ≈ 0 that it has settled");
        r.put("trend", trend);
        return r;
    }

    /** Least-squares slope of y (log10, floored at 1e-16) against x. */
    static double slope(double[] x, double[] y) {
        int k = x.length;
        if (k < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        double[] ly = new double[k];
        for (int i = 0; i < k; i++) {
            ly[i] = Math.log10(Math.max(y[i], 1e-16));
            mx += x[i] / k;
            my += ly[i] / k;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < k; i++) {
            sxy += (x[i] - mx) * (ly[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }

    /**
     * The answer (pure): not_converged when some flow at the smallest α did not fit the data; else
     * nuclear_norm when the limit at the smallest α is within {@link #SAME} of the minimum (distance or
     * relative gap); greedy_low_rank when within {@link #SAME} of GLRL's; otherwise the one the limits are
     * nearer to and still approaching (slope &gt; {@link #APPROACHING_SLOPE}); else neither.
     */
    public static String answer(boolean converged, double distGlrl, double distMin, double relGap, double slopeGlrl, double slopeMin) {
        if (!converged) {
            return "not_converged";
        }
        if (distMin <= SAME || Math.abs(relGap) <= SAME && distMin <= 10 * SAME) {
            return "nuclear_norm";
        }
        if (distGlrl <= SAME) {
            return "greedy_low_rank";
        }
        if (distGlrl < distMin && slopeGlrl > APPROACHING_SLOPE) {
            return "greedy_low_rank";
        }
        if (distMin < distGlrl && slopeMin > APPROACHING_SLOPE) {
            return "nuclear_norm";
        }
        return "neither";
    }

    static String evidence(String answer, double alpha, double dG, double dM, double gap, double sG, double sM) {
        return String.format(Locale.ROOT, "%s: at α = %.0e the limit is %.2e from GLRL's solution and %.2e from the minimum nuclear norm "
            + "solution (relative Frobenius), its nuclear norm %+.2f%% from the minimum; as α falls the distance to GLRL shrinks like "
            + "α^%.2f and to the minimum like α^%.2f", answer, alpha, dG, dM, 100 * gap, sG, sM);
    }

    /** The files {@link #run} writes into its folder. */
    static final List<String> FILES = List.of("conjecture.json", "index.html", "figures/conjecture.png", "figures/conjecture.svg");

    /** Stages conjecture.json, index.html and the figure ({@link #FILES}) in {@code files}. */
    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> res, org.implreg.io.OutputFiles files, Path out) {
        List<Map<String, Object>> pa = (List<Map<String, Object>>) res.get("per_alpha");
        double[] a = new double[pa.size()];
        double[] g = new double[pa.size()];
        double[] m = new double[pa.size()];
        double[] gap = new double[pa.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((Number) pa.get(i).get("alpha")).doubleValue();
            g[i] = Math.max(1e-16, ((Number) pa.get(i).get("distance_to_glrl")).doubleValue());
            m[i] = Math.max(1e-16, ((Number) pa.get(i).get("distance_to_min")).doubleValue());
            gap[i] = Math.max(1e-16, Math.abs(((Number) pa.get(i).get("rel_gap")).doubleValue()));
        }
        XYChart c = Charts.chart("Small-init limit vs GLRL and the minimum nuclear norm", "α = ‖U₀‖_F (log)", "relative distance (log)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        Charts.line(c, "‖X − X_glrl‖/‖X_glrl‖", a, g);
        Charts.line(c, "‖X − X_min‖/‖X_min‖", a, m);
        Charts.line(c, "|‖X‖_* − min|/min", a, gap);
        files.put(out.resolve("figures/conjecture.png"), SweepReport.png(c));
        files.put(out.resolve("figures/conjecture.svg"), SweepReport.svg(c));
        Map<String, Object> json = new LinkedHashMap<>(res);
        json.put("files", Map.of("index", "index.html", "figure", "figures/conjecture.png"));
        json.put("provenance", Provenance.Info.current(Map.of("command", "conjecture"), 0L).toMap());
        files.put(out.resolve("conjecture.json"), Json.bytes(json));
        StringBuilder h = new StringBuilder();
        h.append("<p><b>Answer:</b> ").append(Html.esc(String.valueOf(res.get("answer")))).append(" — ")
            .append(Html.esc(String.valueOf(res.get("evidence")))).append("</p>\n");
        h.append(String.format(Locale.ROOT, "<p>min ‖X‖_* = %.8g (certified: %s); GLRL: ‖X‖_* = %.8g, rank path %s. Numbers: "
            + "<a href=\"conjecture.json\">conjecture.json</a>.</p>%n", ((Number) res.get("min_nuclear_norm")).doubleValue(),
            res.get("min_nuclear_norm_certified"), ((Number) res.get("glrl_nuclear_norm")).doubleValue(), res.get("glrl_rank_path")));
        h.append("<table><tr><th>α</th><th>‖X‖_*</th><th>rel. gap</th><th>rank</th><th>to GLRL</th><th>to min</th><th>converged</th></tr>\n");
        for (Map<String, Object> e : pa) {
            h.append(String.format(Locale.ROOT, "<tr><td>%.0e</td><td>%.6g</td><td>%+.3e</td><td>%.1f</td><td>%.3e</td><td>%.3e</td>"
                    + "<td>%s/%s</td></tr>%n", ((Number) e.get("alpha")).doubleValue(), ((Number) e.get("nuclear_norm")).doubleValue(),
                ((Number) e.get("rel_gap")).doubleValue(), ((Number) e.get("rank")).doubleValue(),
                ((Number) e.get("distance_to_glrl")).doubleValue(), ((Number) e.get("distance_to_min")).doubleValue(), e.get("converged"),
                e.get("runs")));
        }
        h.append("</table>\n");
        files.put(out.resolve("index.html"), Html.page("implreg conjecture: " + res.get("problem"),
            (Map<String, Object>) json.get("provenance"), List.of(h.toString(),
                Html.figures("Distances as α → 0", List.of("conjecture"), Map.of("conjecture", "mean over seeds"))), null)
            .getBytes(StandardCharsets.UTF_8));
    }
}

package org.implreg.result;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.io.Provenance;
import org.implreg.method.SolveReport;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.OptimizationResult;

/**
 * The {@code result.json} contract of {@code implreg solve}. Keys (stable, scripts rely on them):
 * method, d, init_scale, step, seed, stop_reason, criterion, iterations, gradient_evaluations,
 * train_loss (f at the end), train_error (‖𝒜(X) − y‖/‖y‖), rel_error (‖X − X*‖_F/‖X*‖_F, null without
 * X*), nuclear_norm, effective_rank (‖X‖_* / ‖X‖₂), effective_rank_entropy, spectral_norm, spectrum
 * (eigenvalues of X, descending), seconds, problem (its description), provenance. Convex references
 * (nucmin, csdp) add their certificate: feasible, primal_residual, dual_infeasibility,
 * complementarity, duality_gap (relative), duality_gap_abs, primal_objective, dual_objective,
 * lower_bound, min_eigenvalue, certified; or, when infeasible, infeasibility_reason and
 * farkas_measure (X-dependent keys are then null).
 */
public final class ResultJson {
    private ResultJson() {}

    /** The result object of one solve. */
    public static Map<String, Object> of(SolveReport rep, Map<String, Object> problemDescription, Map<String, Object> options) {
        OptimizationResult r = rep.result();
        SolutionMetrics mt = rep.metrics();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("method", rep.method());
        o.put("d", rep.used().getOrDefault("d", r.d()));
        o.put("init", rep.settings().init().key());
        o.put("init_scale", rep.settings().initScale());
        o.put("step", rep.used().get("step"));
        o.put("line_search", rep.settings().lineSearch());
        o.put("seed", rep.settings().seed());
        o.put("stop_reason", r.stopReason().name());
        o.put("criterion", r.criterion());
        o.put("iterations", r.iterations());
        o.put("gradient_evaluations", r.gradientEvaluations());
        o.put("train_loss", r.loss());
        o.put("train_error", r.trainError());
        boolean has = mt != null;
        o.put("rel_error", has ? mt.relativeError() : null);
        o.put("nuclear_norm", has ? mt.nuclearNorm() : null);
        o.put("effective_rank", has ? mt.effectiveRank() : null);
        o.put("effective_rank_entropy", has ? mt.entropyEffectiveRank() : null);
        o.put("spectral_norm", has ? mt.spectralNorm() : null);
        o.put("numerical_rank", has ? mt.numericalRank(1e-6) : null); // singular values above 1e-6·σ_max
        o.put("numerical_rank_1e-3", has ? mt.numericalRank(1e-3) : null); // above 1e-3·σ_max
        o.put("spectrum", has ? mt.eigenvalues() : null);
        o.putAll(rep.extras());
        o.put("seconds", r.seconds());
        o.put("used", rep.used());
        o.put("problem", problemDescription);
        o.put("provenance", Provenance.of(options));
        return o;
    }

    /**
     * Rectangular sensing solved through the symmetric embedding Z = [[W₁, X], [Xᵀ, W₂]]: the metrics
     * of result.json are replaced by those of the block X (n1×n2); the embedding's own are kept under
     * {@code embedding}.
     */
    public static void rectangular(Map<String, Object> json, org.implreg.problem.AsymmetricSensing rect, double[] x) {
        Map<String, Object> emb = new LinkedHashMap<>();
        for (String k : new String[] {"rel_error", "nuclear_norm", "effective_rank", "effective_rank_entropy", "spectral_norm",
            "numerical_rank", "numerical_rank_1e-3", "spectrum"}) {
            emb.put(k, json.remove(k));
        }
        emb.put("n", rect.n1() + rect.n2());
        double[] sv = org.implreg.linalg.Linalg.singularValues(x.clone(), rect.n1(), rect.n2());
        double nuc = 0;
        int r3 = 0;
        int r6 = 0;
        for (double v : sv) {
            nuc += v;
            r3 += v > 1e-3 * sv[0] ? 1 : 0;
            r6 += v > 1e-6 * sv[0] ? 1 : 0;
        }
        json.put("kind", "asymmetric-sensing");
        json.put("n1", rect.n1());
        json.put("n2", rect.n2());
        json.put("rel_error", rect.xStar() == null ? null
            : org.implreg.linalg.Linalg.distance(x, rect.xStar()) / org.implreg.linalg.Linalg.norm(rect.xStar()));
        json.put("nuclear_norm", nuc);
        json.put("effective_rank", org.implreg.metrics.SolutionMetrics.effectiveRank(sv));
        json.put("effective_rank_entropy", org.implreg.metrics.SolutionMetrics.entropyEffectiveRank(sv));
        json.put("spectral_norm", sv.length > 0 ? sv[0] : 0.0);
        json.put("numerical_rank", sv[0] > 0 ? r6 : 0);
        json.put("numerical_rank_1e-3", sv[0] > 0 ? r3 : 0);
        json.put("singular_values", sv);
        json.put("embedding", emb);
    }

    /**
     * The result object of {@code implreg complete} (without its provenance): method, kind, n1, n2,
     * train_entries, test_entries, stop_reason, criterion, iterations, train_error, test_error,
     * nuclear_norm (and a convex method's certificate), seconds, resumed_from (iterative methods), train,
     * test (the data sets' descriptions).
     */
    public static Map<String, Object> completion(org.implreg.method.CompletionReport r, org.implreg.problem.AsymmetricCompletion train,
                                                 org.implreg.problem.AsymmetricCompletion test, boolean factored, boolean iterative) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", r.method());
        json.put("kind", "asymmetric-completion");
        json.put("n1", train.n1());
        json.put("n2", train.n2());
        json.put("train_entries", train.size());
        json.put("test_entries", test == null ? 0 : test.size());
        json.put("stop_reason", r.stopReason());
        if (r.criterion() != null) {
            json.put("criterion", r.criterion());
        }
        json.put("iterations", r.iterations());
        if (factored) {
            json.put("train_error", r.trainError());
            json.put("test_error", test == null ? null : r.testError());
            json.put("nuclear_norm", r.nuclearNorm());
        } else {
            json.put("nuclear_norm", r.nuclearNorm());
            json.putAll(r.extras());
            json.put("train_error", r.trainError());
            json.put("test_error", test == null ? null : r.testError());
        }
        json.put("seconds", r.seconds());
        if (iterative) {
            json.put("resumed_from", r.resumedFrom());
        }
        json.put("train", train.description());
        json.put("test", test == null ? null : test.description());
        return json;
    }

    /** The one-line summary {@code implreg complete} prints. */
    public static String completionLine(org.implreg.method.CompletionReport r, boolean hasTest, boolean iterative) {
        return String.format(java.util.Locale.ROOT, "%s: %s%s, train_error %.3e, test_error %s, nuclear_norm %.4f, %.1f s", r.method(),
            r.stopReason(), iterative ? " after " + r.iterations() + " steps" : "", r.trainError(),
            hasTest ? String.format(java.util.Locale.ROOT, "%.4f", r.testError()) : "-", r.nuclearNorm(), r.seconds());
    }

    /** The result object of {@code implreg solve} on an asymmetric completion file (without its provenance). */
    public static Map<String, Object> asymmetricCompletion(org.implreg.method.CompletionReport r, org.implreg.problem.AsymmetricCompletion data) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", r.method());
        json.put("kind", "asymmetric-completion");
        json.put("n1", data.n1());
        json.put("n2", data.n2());
        json.put("observed", data.size());
        json.put("stop_reason", r.stopReason());
        json.put("iterations", r.iterations());
        json.put("nuclear_norm", r.nuclearNorm());
        json.putAll(r.extras());
        json.put("train_error", r.trainError());
        json.put("seconds", r.seconds());
        json.put("problem", data.description());
        return json;
    }

    /** The summary line {@code implreg solve} prints for an asymmetric completion file. */
    public static String asymmetricCompletionLine(org.implreg.method.CompletionReport r) {
        return String.format("%s: %s after %d iterations, nuclear_norm %.6f, train_error %.3e%s, %.1f s", r.method(), r.stopReason(),
            r.iterations(), r.nuclearNorm(), r.trainError(), r.extras().containsKey("duality_gap")
                ? String.format(", lower bound %.6f, duality_gap %.2e", (Double) r.extras().get("lower_bound"),
                (Double) r.extras().get("duality_gap")) : "", r.seconds());
    }

    /** The summary line {@code implreg solve} prints: stop, iterations, errors, nuclear norm, seconds (convex: the certificate). */
    public static String summaryLine(SolveReport rep, boolean convex) {
        OptimizationResult r = rep.result();
        String method = rep.method();
        String rel = Double.isNaN(rep.metrics() == null ? Double.NaN : rep.metrics().relativeError()) ? "n/a"
            : String.format("%.3e", rep.metrics().relativeError());
        if (r.x() == null) {
            return String.format("%s: %s: %s (no X written), %.2f s", method, r.stopReason(), r.criterion(), r.seconds());
        } else if (convex) {
            return String.format("%s: %s after %d iterations, nuclear_norm %.10g, primal_residual %.2e, dual_infeasibility %.2e, "
                    + "duality_gap %.2e, rel_error %s, %.2f s", method, r.stopReason(), r.iterations(), rep.metrics().nuclearNorm(),
                rep.extras().get("primal_residual"), rep.extras().get("dual_infeasibility"), rep.extras().get("duality_gap"), rel, r.seconds());
        } else if (rep.extras().containsKey("flow_time")) {
            return String.format("%s: %s at flow time %.6g after %s gradient evaluations, train_error %.3e, rel_error %s, "
                    + "nuclear_norm %.6f, %.2f s", method, r.stopReason(), rep.extras().get("flow_time"), rep.extras().get("evaluations"),
                r.trainError(), rel, rep.metrics().nuclearNorm(), r.seconds());
        }
        return String.format("%s: %s after %d iterations, train_error %.3e, rel_error %s, nuclear_norm %.6f, %.2f s", method,
            r.stopReason(), r.iterations(), r.trainError(), rel, rep.metrics().nuclearNorm(), r.seconds());
    }
}

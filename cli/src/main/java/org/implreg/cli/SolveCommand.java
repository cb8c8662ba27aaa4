package org.implreg.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npy;
import org.implreg.io.ProblemFiles;
import org.implreg.io.ResultJson;
import org.implreg.problem.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code implreg solve}: run one method on a problem file and write result.json. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Solve a problem file with one method and write result.json (and optionally X, U as .npy).",
        "gd minimizes f(U) = ‖A(UUᵀ) − y‖² by gradient descent, ∇f = 4A*(r)U; xgd is projected GD on X ⪰ 0 from 0;",
        "flow integrates dU/dt = −∇f(U) with error control; toe is the time-ordered exponential (eq. 12)."})
final class SolveCommand implements Callable<Integer> {
    @Option(names = "--problem", required = true, description = "problem .npz (see 'implreg problem')")
    Path problem;

    @Option(names = "--method", defaultValue = "gd", description = "gd | xgd | flow | toe | nucmin | csdp (see 'implreg methods'; default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--d", description = "factor width d, 1 ≤ d ≤ n (default: n)")
    Integer d;

    @Option(names = "--init-scale", defaultValue = "1e-4", description = "‖U0‖_F of the Gaussian init (default: ${DEFAULT-VALUE})")
    double initScale;

    @Option(names = "--step", description = "step η; with --line-search the cap of the exact line search (default: gd 1e-3, xgd 1/(2‖A‖²)); toe: ε (default 0.1)")
    Double step;

    @Option(names = "--line-search", description = "exact line search along −∇f, clipped at --step (the paper's η_ELS)")
    boolean lineSearch;

    @Option(names = "--max-iter", description = "iteration cap (default: gd 200000, xgd 100000, toe 1000000); flow: cap on gradient evaluations (default 10000000)")
    Long maxIter;

    @Option(names = "--tol", description = "gd, xgd, flow, toe: stop when ‖A(X) − y‖/‖y‖ ≤ tol (default: 1e-5); nucmin: certificate tolerance (default: 1e-7)")
    Double tol;

    @Option(names = "--integrator", description = "flow: auto | dp853 | ros2 (default: auto = Dormand–Prince, then ROS2 in the stiff tail)")
    String integrator;

    @Option(names = "--rtol", description = "flow: relative local error tolerance of the integrator (default: 1e-8)")
    Double rtol;

    @Option(names = "--max-time", description = "flow: final flow time (default: 1e12)")
    Double maxTime;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
        description = "a method-specific option, repeatable (flow: integrator, rtol, max_time, stationary_tol, gradient_tol)")
    Map<String, String> methodOptions = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "seed of the initialization (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--init", defaultValue = "gaussian", description = "gaussian | svd | given | svd-xgd (top-d factor of this problem's X_gd) (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--init-from", description = "for --init svd: an n×n .npy to take the top-d factor of; for --init given: U0 as an n×d .npy")
    Path initFrom;

    @Option(names = "--out", required = true, description = "result JSON file")
    Path out;

    @Option(names = "--save-x", description = "write the final X (n×n) as .npy")
    Path saveX;

    @Option(names = "--save-u", description = "write the final U (n×d) as .npy (factorized methods)")
    Path saveU;

    @Option(names = "--save-v", description = "nucmin, csdp: write the dual vector v (m) as .npy")
    Path saveV;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    /** Asymmetric completion files: only the certified minimum nuclear norm (nucmin) applies. */
    private Integer solveAsymmetric() {
        InvalidInputException.require(method.equals("nucmin"), problem + " holds an asymmetric completion problem: --method "
            + method + " needs a symmetric one (use --method nucmin, or 'implreg complete' for gd, xgd and test errors)");
        InvalidInputException.require(saveU == null && saveV == null && initFrom == null && d == null,
            "--save-u, --save-v, --init-from and --d do not apply to asymmetric nucmin");
        InvalidInputException.require(methodOptions.isEmpty() && integrator == null && rtol == null && maxTime == null,
            "--option, --integrator, --rtol and --max-time do not apply to asymmetric nucmin");
        var c = ProblemFiles.readAsymmetric(problem);
        double t = tol != null ? tol : org.implreg.convex.CompletionNucmin.Options.defaults().tol();
        var o = org.implreg.convex.CompletionNucmin.Options.defaults().withTol(t);
        if (maxIter != null) {
            o = o.withMaxIterations((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxIter)));
        }
        org.implreg.convex.CompletionNucmin.Result r;
        try (Progress bar = new Progress("nucmin", o.maxIterations(), quiet)) {
            r = new org.implreg.convex.CompletionNucmin(o).optimize(c, bar.listener(10));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("method", method);
        options.put("tol", t);
        options.put("max_iter", o.maxIterations());
        options.put("problem", problem.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", method);
        json.put("kind", "asymmetric-completion");
        json.put("n1", c.n1());
        json.put("n2", c.n2());
        json.put("observed", c.size());
        json.put("stop_reason", r.stopReason().name());
        json.put("iterations", r.iterations());
        json.put("nuclear_norm", r.nuclearNorm());
        json.put("lower_bound", r.lowerBound());
        json.put("duality_gap", r.dualityGap());
        json.put("primal_residual", 0.0);
        json.put("dual_infeasibility", 0.0);
        json.put("certified", r.dualityGap() <= t);
        json.put("rank", r.rank());
        json.put("rho", r.rho());
        json.put("seconds", r.seconds());
        json.put("problem", c.description());
        json.put("provenance", org.implreg.io.Provenance.of(options));
        if (saveX != null) {
            Npy.write(NdArray.ofColumnMajor(r.x(), c.n1(), c.n2()), saveX);
        }
        Json.write(json, out);
        if (!quiet) {
            System.err.printf("nucmin: %s after %d iterations, nuclear_norm %.6f, lower bound %.6f, duality_gap %.2e, %.1f s%n",
                r.stopReason(), r.iterations(), r.nuclearNorm(), r.lowerBound(), r.dualityGap(), r.seconds());
        }
        return 0;
    }

    /**
     * Rectangular sensing solved through the symmetric embedding Z = [[W₁, X], [Xᵀ, W₂]]: the metrics
     * of result.json are replaced by those of the block X (n1×n2); the embedding's own are kept under
     * {@code embedding}.
     */
    private static void rectangular(Map<String, Object> json, org.implreg.problem.AsymmetricSensing rect, double[] x) {
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

    @Override
    public Integer call() {
        Method m = Methods.get(method);
        InvalidInputException.require(d == null || d >= 1, "--d must be ≥ 1, got " + d);
        if (ProblemFiles.isAsymmetric(problem)) {
            return solveAsymmetric();
        }
        org.implreg.problem.AsymmetricSensing rect = ProblemFiles.isAsymmetricSensing(problem) ? ProblemFiles.readAsymmetricSensing(problem)
            : null;
        Problem p = rect != null ? rect.embedded() : ProblemFiles.read(problem);
        InvalidInputException.require(d == null || d <= p.n(), "--d = " + d + " exceeds n = " + p.n() + " of " + problem);
        SolveSettings.Init kind;
        try {
            kind = SolveSettings.Init.parse(init);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--init: " + e.getMessage());
        }
        double[] initMatrix = null;
        if (kind == SolveSettings.Init.SVD || kind == SolveSettings.Init.GIVEN) {
            InvalidInputException.require(initFrom != null, "--init " + init + " needs --init-from FILE.npy");
            NdArray a = Npy.read(initFrom);
            int n = p.n();
            int cols = kind == SolveSettings.Init.SVD ? n : (d == null ? n : d);
            InvalidInputException.require(a.values() != null && a.ndim() == 2 && a.shape()[0] == n && a.shape()[1] == cols,
                initFrom + ": must have shape (" + n + ", " + cols + "), got " + a.shapeString());
            initMatrix = a.toColumnMajor();
            InvalidInputException.require(org.implreg.linalg.Linalg.allFinite(initMatrix), initFrom + ": has non-finite entries");
        } else {
            InvalidInputException.require(initFrom == null, "--init-from needs --init svd or --init given");
            InvalidInputException.require(kind == SolveSettings.Init.GAUSSIAN || !(method.equals("xgd") || method.equals("nucmin")
                || method.equals("csdp")), "--init " + init + ": method " + method + " has no factor to initialize");
        }
        boolean convex = method.equals("nucmin") || method.equals("csdp");
        InvalidInputException.require(saveU == null || !(method.equals("xgd") || convex), "--save-u: method " + method + " has no factor U");
        InvalidInputException.require(saveV == null || convex, "--save-v: only nucmin and csdp have a dual vector");
        Map<String, String> opts = new LinkedHashMap<>(methodOptions);
        if (integrator != null) {
            opts.put("integrator", integrator);
        }
        if (rtol != null) {
            opts.put("rtol", Double.toString(rtol));
        }
        if (maxTime != null) {
            opts.put("max_time", Double.toString(maxTime));
        }
        SolveSettings s = new SolveSettings(method, d, initScale, step == null ? Double.NaN : step, lineSearch, maxIter, tol,
            seed, kind, initMatrix, opts);
        s.requireKnownOptions(m);
        boolean flow = method.equals("flow");
        long max = flow ? -1 : maxIter != null ? maxIter : convex ? 200 : method.equals("toe") ? 1_000_000 : 200_000;
        SolveReport rep;
        try (Progress bar = new Progress(method, max, quiet)) {
            rep = m.solve(p, s, bar.listener(convex || flow ? 1 : 64));
        }
        Map<String, Object> options = new LinkedHashMap<>(s.describe());
        options.put("problem", problem.toString());
        if (initFrom != null) {
            options.put("init_from", initFrom.toString());
        }
        Map<String, Object> json = ResultJson.of(rep, p.description(), options);
        if (rect != null && rep.result().x() != null) {
            rectangular(json, rect, rect.block(rep.result().x()));
        }
        if (saveX != null && rep.result().x() != null) {
            Npy.write(rect != null ? NdArray.ofColumnMajor(rect.block(rep.result().x()), rect.n1(), rect.n2())
                : NdArray.ofColumnMajor(rep.result().x(), p.n(), p.n()), saveX);
        }
        if (saveU != null && rep.result().u() != null) {
            Npy.write(NdArray.ofColumnMajor(rep.result().u(), p.n(), rep.result().d()), saveU);
        }
        if (saveV != null && rep.dual() != null) {
            Npy.write(NdArray.ofDoubles(rep.dual(), rep.dual().length), saveV);
        }
        Json.write(json, out);
        if (!quiet) {
            if (rep.result().x() == null) {
                System.err.printf("%s: %s: %s (no X written), %.2f s%n", method, rep.result().stopReason(),
                    rep.result().criterion(), rep.result().seconds());
            } else if (convex) {
                System.err.printf("%s: %s after %d iterations, nuclear_norm %.10g, primal_residual %.2e, dual_infeasibility %.2e, "
                        + "duality_gap %.2e, rel_error %s, %.2f s%n", method, rep.result().stopReason(), rep.result().iterations(),
                    rep.metrics().nuclearNorm(), rep.extras().get("primal_residual"), rep.extras().get("dual_infeasibility"),
                    rep.extras().get("duality_gap"),
                    Double.isNaN(rep.metrics().relativeError()) ? "n/a" : String.format("%.3e", rep.metrics().relativeError()),
                    rep.result().seconds());
            } else if (rep.extras().containsKey("flow_time")) {
                System.err.printf("%s: %s at flow time %.6g after %s gradient evaluations, train_error %.3e, rel_error %s, "
                        + "nuclear_norm %.6f, %.2f s%n", method, rep.result().stopReason(), rep.extras().get("flow_time"),
                    rep.extras().get("evaluations"), rep.result().trainError(),
                    Double.isNaN(rep.metrics().relativeError()) ? "n/a" : String.format("%.3e", rep.metrics().relativeError()),
                    rep.metrics().nuclearNorm(), rep.result().seconds());
            } else {
                System.err.printf("%s: %s after %d iterations, train_error %.3e, rel_error %s, nuclear_norm %.6f, %.2f s%n",
                    method, rep.result().stopReason(), rep.result().iterations(), rep.result().trainError(),
                    Double.isNaN(rep.metrics().relativeError()) ? "n/a" : String.format("%.3e", rep.metrics().relativeError()),
                    rep.metrics().nuclearNorm(), rep.result().seconds());
            }
        }
        return 0;
    }
}

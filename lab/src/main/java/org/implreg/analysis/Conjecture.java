package org.implreg.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;
import org.implreg.io.ProblemFiles;
import org.implreg.io.Provenance;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.report.RecordJson;
import org.implreg.report.SweepReport;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.knowm.xchart.XYChart;

/**
 * Tests Gunasekar et al.'s conjecture on a user's own PSD sensing or completion problem
 * ({@code implreg conjecture}): the limit of the small-initialization flow against the certified minimum
 * nuclear norm solution X_min ({@code nucmin}) and greedy low-rank learning's solution X_glrl
 * ({@code glrl}, Li, Luo &amp; Lyu 2021).
 *
 * <p>For each α, {@code seeds} runs from random U₀ with ‖U₀‖_F = α·‖X_min‖_F^{1/2} (depth 2: the gradient
 * flow {@code flow} at d = n) or W(0) with ‖W(0)‖_F = α·‖X_min‖_F (depth N &gt; 2: deep GD {@code deep});
 * α is relative to the solution's scale, so that scaling 𝒜 and y (which scales X_min) leaves the
 * analysis unchanged. Per α: the mean over seeds (and the min and max) of the relative distances
 * d_glrl = ‖X − X_glrl‖_F/‖X_glrl‖_F and d_min = ‖X − X_min‖_F/‖X_min‖_F, the relative nuclear norm gap
 * (‖X‖_* − ‖X_min‖_*)/‖X_min‖_*, the numerical rank.
 *
 * <p>The α → 0 limit is settled automatically: after the given α grid, α is divided by
 * {@link #FLOW_EXTENSION_FACTOR} (deep: {@link #DEEP_EXTENSION_FACTOR}) at a time, up to
 * {@link Options#extensions()} times and not below {@link #MIN_ALPHA}, until {@link #decide} can answer
 * (the flow's escape time grows only like log 1/α, so tiny α cost little). Every threshold is relative
 * (distances, gaps and training errors are ratios; the flow's final time is in units of
 * 1/‖𝒜*(y)‖₂ and deep GD's step in units of 1/(N‖𝒜‖₂²‖X_min‖₂^{2(N−1)/N})), and every run solves the
 * problem with y divided by ‖𝒜*(y)‖₂ ({@link #normalized}), so the answer is the same for (𝒜, y) and
 * (c𝒜, c′y), c, c′ &gt; 0, whatever absolute threshold a solver keeps. Nuclear norms are reported in
 * the problem's own units.
 */
public final class Conjecture {
    /** Relative distances (Frobenius) at or below this count as "the same solution". */
    public static final double SAME = 1e-3;
    /**
     * A distance d &gt; {@link #SAME} has settled when it changes by at most this fraction per decade of α
     * over each of the last two steps, |d(α/10)/d(α) − 1| ≤ 1e-2, and, where it shrinks, would not reach
     * {@link #SAME} at that rate above {@link #LOWEST_ALPHA}. Below 1e-2 per decade the limits' own rounding
     * shows: at α far below 1e-16 the flow's escape directions are set by rounding at the level of the top
     * component, and the distances wander by tenths of a percent per decade without a trend (e.g. a 12×12
     * sensing problem, m = 26: 0.511 → 0.536 from α = 1e-28 to 1e-48 after falling 0.764 → 0.519).
     */
    public static final double SETTLED = 1e-2;
    /**
     * The smallest α a drift is extrapolated to (double precision's range): a distance that shrinks so slowly
     * that at its last rate it would reach {@link #SAME} only below this is not approaching in any computable sense.
     */
    public static final double LOWEST_ALPHA = 1e-300;
    /**
     * A relative nuclear norm gap at or below this (and not growing) means the limit is a minimum nuclear
     * norm solution even where it is far from X_min (a non-unique minimum); 1e-6 is far above the
     * certificate's accuracy and far below any gap a non-minimal fitting solution shows on these problems.
     */
    public static final double GAP_SAME = 1e-6;
    /** GLRL's solution is used only when GLRL stopped CONVERGED with relative training error at most this. */
    public static final double GLRL_FIT = 1e-6;
    /** GLRL's ε (the size of each appended column), relative to ‖X_min‖_F^{1/2}. */
    public static final double GLRL_EPSILON = 1e-6;
    /** Largest n accepted (the interior point method costs O(m³ + n³) per iteration). */
    public static final int MAX_N = 120;
    /** Flow tolerance on the relative training error ‖𝒜(X) − y‖/‖y‖; a flow counts as converged at 10× this. */
    public static final double FLOW_TOL = 1e-8;
    /** The flow's final time, in units of 1/‖𝒜*(y)‖₂ (the escape rate from small U₀ is 4λ_max(𝒜*(y))). */
    public static final double FLOW_MAX_TIME = 1e12;
    /** Deep GD: the tolerance on the relative training error; a run counts as converged at 10× this. */
    public static final double DEEP_TOL = 1e-6;
    /** Deep GD: the step η = DEEP_STEP/(N‖𝒜‖₂²‖X_min‖₂^{2(N−1)/N}) (the Hessian of ½‖𝒜(W) − y‖² in the layers at a balanced fit is about N‖𝒜‖₂²‖X‖₂^{2(N−1)/N}). */
    public static final double DEEP_STEP = 0.25;
    /** Deep GD: iteration cap per run. */
    public static final long DEEP_MAX_ITER = 2_000_000L;
    /** Depth 2: each automatic step divides α by this (four decades: the flow's cost grows like log 1/α). */
    public static final double FLOW_EXTENSION_FACTOR = 1e4;
    /** Depth N &gt; 2: each automatic step divides α by this (deep GD's plateau grows like α^−(N−2)/N). */
    public static final double DEEP_EXTENSION_FACTOR = 1e2;
    /** Default number of automatic α steps (depth 2: down to 1e-48 from the default grid). */
    public static final int DEFAULT_EXTENSIONS = 10;
    /** Default number of automatic α steps deeper (down to 1e-9 from the default grid). */
    public static final int DEFAULT_DEEP_EXTENSIONS = 3;
    /** No α below this (U₀U₀ᵀ would approach double's underflow at ~1e-300). */
    public static final double MIN_ALPHA = 1e-100;

    /** {@link Options#method()}: the gradient flow (depth 2) or deep GD (depth N &gt; 2). */
    public static final String FLOW = "flow";
    /**
     * {@link Options#method()}: mirror descent with the spectral entropy ({@code md}) from X₀ = α_X·I with
     * α_X = α²‖X_min‖_F/n, so tr X₀ = α²‖X_min‖_F = ‖U₀‖_F² = tr(U₀U₀ᵀ), the flow's initial size at the same α;
     * step {@link #MD_STEP}/(‖𝒜‖₂²‖X_min‖₂), tolerance {@link #MD_TOL}, cap {@link #MD_MAX_ITER}.
     */
    public static final String MD = "md";
    /** The methods {@code --method} takes. */
    public static final List<String> METHODS = List.of(FLOW, MD);
    /**
     * md's step η = MD_STEP/(‖𝒜‖₂²‖X_min‖₂): in Φ = log X the Hessian of ‖𝒜(exp Φ) − y‖² is at most 2‖𝒜‖₂²‖X‖₂ (the
     * derivative of exp at Φ has norm ‖X‖₂), so a fixed step is stable below 1/(‖𝒜‖₂²‖X‖₂); this is half that at X_min.
     */
    public static final double MD_STEP = 0.5;
    /**
     * md: the tolerance on the relative training error; a run counts as converged at 10× this. Looser than the flow's
     * {@link #FLOW_TOL}: with a fixed step, the directions a low-rank limit leaves empty decay like 1/k (as gd's surplus
     * columns do), and the training error with them, where the flow's integrator lengthens its steps; 1e-5 leaves the
     * distances to X_min and X_glrl within 1e-4 of the limit's, far below {@link #SAME}.
     */
    public static final double MD_TOL = 1e-5;
    /** md: iteration cap per run (a run that reaches it within 10× {@link #MD_TOL} counts as fitting the data). */
    public static final long MD_MAX_ITER = 500_000L;

    /** The answers. */
    public static final List<String> ANSWERS = List.of("nuclear_norm", "greedy_low_rank", "both", "neither", "inconclusive",
        "not_converged");

    /**
     * @param depth      2 (gradient flow on UUᵀ) or N &gt; 2 (deep GD)
     * @param alphas     init scales, each in (0, 1] (relative, see the class comment)
     * @param seeds      random U₀ per α (1…50)
     * @param threads    worker threads
     * @param extensions how many smaller α may be added automatically (0…20) until the answer settles
     * @param method     the optimizer whose small-initialization limit is tested: {@link #FLOW} (depth 2: the gradient flow on
     *                   UUᵀ; depth N &gt; 2: deep GD) or {@link #MD} (depth 2 only: mirror descent with the spectral entropy from
     *                   X₀ = α_X·I, deterministic, so one run per α: seeds is 1); null is {@link #FLOW}
     */
    public record Options(int depth, double[] alphas, int seeds, int threads, int extensions, String method) {
        public Options {
            method = method == null ? FLOW : method;
            InvalidInputException.require(METHODS.contains(method), "--method must be one of " + String.join(", ", METHODS) + ", got '"
                + method + "'");
            InvalidInputException.require(method.equals(FLOW) || depth == 2, "--method " + method + " tests depth 2 only, got --depth " + depth);
            seeds = method.equals(MD) ? 1 : seeds;
            InvalidInputException.require(depth >= 2 && depth <= 6, "--depth must be in 2..6, got " + depth);
            InvalidInputException.require(alphas != null && alphas.length >= 1 && alphas.length <= 20,
                "--alphas: give 1 to 20 values");
            for (double a : alphas) {
                InvalidInputException.require(Double.isFinite(a) && a >= MIN_ALPHA && a <= 1,
                    "--alphas: each must be in [" + MIN_ALPHA + ", 1], got " + a);
            }
            InvalidInputException.require(seeds >= 1 && seeds <= 50, "--seeds must be in 1..50, got " + seeds);
            InvalidInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
            InvalidInputException.require(extensions >= 0 && extensions <= 20, "--extensions must be in 0..20, got " + extensions);
            alphas = alphas.clone();
            Arrays.sort(alphas);
            reverse(alphas);
        }

        /** The flow's (depth 2) or deep GD's analysis. */
        public Options(int depth, double[] alphas, int seeds, int threads, int extensions) {
            this(depth, alphas, seeds, threads, extensions, FLOW);
        }

        /** The given grid only (no automatic extension). */
        public Options(int depth, double[] alphas, int seeds, int threads) {
            this(depth, alphas, seeds, threads, 0);
        }

        /** The command line's options: the default grid where {@code alphas} is null, the default extensions, one thread per core. */
        public static Options of(int depth, double[] alphas, int seeds) {
            return of(depth, alphas, seeds, FLOW);
        }

        /** {@link #of(int, double[], int)} for {@code method} ({@link #FLOW} or {@link #MD}). */
        public static Options of(int depth, double[] alphas, int seeds, String method) {
            return new Options(depth, alphas == null ? defaultAlphas(depth) : alphas, seeds, Runtime.getRuntime().availableProcessors(),
                depth == 2 ? DEFAULT_EXTENSIONS : DEFAULT_DEEP_EXTENSIONS, method);
        }

        /** Default α grid of a depth: 1e-2 … 1e-8 for depth 2, 1e-1 … 1e-3 deeper (deep GD's plateaus grow like α^−(N−2)/N). */
        public static double[] defaultAlphas(int depth) {
            return depth == 2 ? new double[] {1e-2, 1e-4, 1e-6, 1e-8} : new double[] {1e-1, 1e-2, 1e-3};
        }

        /** The factor by which each automatic step divides α. */
        public double extensionFactor() {
            return depth == 2 ? FLOW_EXTENSION_FACTOR : DEEP_EXTENSION_FACTOR;
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

    /** Reads {@code problemFile}, analyzes it and writes {@link #FILES} into {@code out}; progress lines go to {@code progress}. */
    public static Analysis run(Path problemFile, Options o, Path out, Consumer<String> progress) {
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
        Analysis res = analysis(p, o, progress).withProblem(problemFile.toString());
        write(res, files, out);
        files.commit();
        return res;
    }

    /** {@link #run} without progress. */
    public static Analysis run(Path problemFile, Options o, Path out) {
        return run(problemFile, o, out, s -> { });
    }

    /**
     * conjecture.json's keys, in this order, as a tree of records (issue 29): the answer ({@link #decide}), the problem's
     * size and the options, the certified minimum and GLRL's run (nuclear norms in the problem's own units, gaps
     * relative: (‖X‖_* − ‖X_min‖_*)/‖X_min‖_*), one {@link PerAlpha} per α (descending), the distances' {@link Trend},
     * the {@link Rule}'s thresholds, the normalization u = ‖𝒜*(y)‖₂ every run divided y by, and the problem file
     * ({@link #run} only). Written by {@link #keys}; non-finite numbers are written as null.
     *
     * @param method                  whose limits: "flow" (the gradient flow, depth 2), "deep" (deep GD, depth N &gt; 2) or "md"
     *                                (mirror descent with the spectral entropy, {@link #MD})
     * @param minNuclearNormCertified the interior point method's certificate (its {@code certified})
     * @param glrlRankPath            GLRL's rank after each phase
     * @param problem                 the problem file; null (no key) from {@link #analysis}
     */
    public record Analysis(String answer, String evidence, boolean settled, int n, int depth, String method, int seeds, double smallestAlpha,
                           int alphasExtended, int maxExtensions, double minNuclearNorm, Boolean minNuclearNormCertified, int minRank,
                           String glrlStopReason, String glrlStopCriterion, double glrlTrainError, boolean glrlFits,
                           double glrlNuclearNorm, double glrlRelGap, int glrlRank, List<Integer> glrlRankPath,
                           double glrlDistanceToMin, List<PerAlpha> perAlpha, Trend trend, Rule rule, double normalization,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
        public Analysis {
            glrlRankPath = List.copyOf(glrlRankPath);
            perAlpha = List.copyOf(perAlpha);
        }

        /** The same analysis naming its problem file. */
        public Analysis withProblem(String file) {
            return new Analysis(answer, evidence, settled, n, depth, method, seeds, smallestAlpha, alphasExtended, maxExtensions, minNuclearNorm,
                minNuclearNormCertified, minRank, glrlStopReason, glrlStopCriterion, glrlTrainError, glrlFits, glrlNuclearNorm, glrlRelGap,
                glrlRank, glrlRankPath, glrlDistanceToMin, perAlpha, trend, rule, normalization, file);
        }
    }

    /**
     * One α of the analysis, over its seeds: d_glrl = ‖X − X_glrl‖_F/‖X_glrl‖_F and d_min = ‖X − X_min‖_F/‖X_min‖_F
     * (mean, min, max), the mean nuclear norm (problem units) and its relative gap to the minimum's, the mean
     * numerical rank, how many runs fit the data, the largest relative training error, the distinct stops.
     *
     * @param extended whether α was added automatically (not in the given grid)
     */
    public record PerAlpha(double alpha, boolean extended, double nuclearNorm, double relGap, double rank, double distanceToGlrl,
                           double distanceToGlrlMin, double distanceToGlrlMax, double distanceToMin, double distanceToMinMin,
                           double distanceToMinMax, int converged, int runs, double maxTrainError, List<String> stops,
                           List<Double> perSeedNuclearNorm) {
        public PerAlpha {
            stops = List.copyOf(stops);
            perSeedNuclearNorm = List.copyOf(perSeedNuclearNorm);
        }
    }

    /**
     * The distances' trend: ρ per decade of α over the last step ({@link #factorPerDecade}; &lt; 1: it shrinks as
     * α → 0) and the least-squares slope of log10 d against log10 α over all α ({@link #slope}; &gt; 0: it shrinks).
     */
    public record Trend(double distanceToGlrlPerDecade, double distanceToMinPerDecade, double distanceToGlrlSlope,
                        double distanceToMinSlope, String note) {}

    /** The thresholds of {@link #decide}: {@link #SAME}, {@link #SETTLED}, {@link #GAP_SAME}, {@link #GLRL_FIT}, and α's extension factor. */
    public record Rule(double same, double settledPerDecade, double gapSame, double glrlFit, double extensionFactor) {}

    /** A record's JSON keys in order, through {@link RecordJson} (the one serializer): the JSON boundary of conjecture.json. */
    static Map<String, Object> keys(Object record) {
        return RecordJson.toMap(record);
    }

    /** One run from small initialization: its X, nuclear norm, rank, training error, and whether it fits the data. */
    record Limit(double alpha, long seed, double[] x, double nuclear, int rank, double trainError, boolean converged, String stop) {}

    /** The problem's scales every relative setting is taken from. */
    record Scales(double xMinFrobenius, double xMinSpectral, double adjointY, double operatorSq) {}

    static Limit limit(Problem p, Options o, Scales sc, double alpha, long seed) {
        SolveReport r;
        if (o.method().equals(MD)) {
            double x0 = alpha * alpha * sc.xMinFrobenius() / p.n();
            double step = MD_STEP / (sc.operatorSq() * sc.xMinSpectral());
            SolveSettings s = SolveSettings.builder(MD).step(step).tol(MD_TOL).maxIterations(MD_MAX_ITER)
                .option("alpha", Double.toString(x0)).build();
            r = Methods.get(MD).solve(p, s, IterationListener.NONE);
        } else if (o.depth() == 2) {
            SolveSettings s = SolveSettings.of("flow", null, alpha * Math.sqrt(sc.xMinFrobenius()), Double.NaN, seed).withTol(FLOW_TOL)
                .withOption("max_time", Double.toString(FLOW_MAX_TIME / sc.adjointY()));
            r = Methods.get("flow").solve(p, s, IterationListener.NONE);
        } else {
            int n = o.depth();
            double step = DEEP_STEP / (n * sc.operatorSq() * Math.pow(sc.xMinSpectral(), 2.0 * (n - 1) / n));
            SolveSettings s = SolveSettings.of("deep", null, alpha * sc.xMinFrobenius(), step, seed).withTol(DEEP_TOL)
                .withMaxIterations(DEEP_MAX_ITER).withOption("depth", Integer.toString(n));
            r = Methods.get("deep").solve(p, s, IterationListener.NONE);
        }
        double[] x = r.result().x();
        // md's sublinear tail may end at its cap within 10× its tolerance: that counts as fitting (the flow must stop CONVERGED)
        boolean stopped = r.result().stopReason() == StopReason.CONVERGED
            || (o.method().equals(MD) && r.result().stopReason() == StopReason.MAX_ITER);
        boolean ok = stopped && x != null && Linalg.allFinite(x)
            && r.result().trainError() <= 10 * (o.method().equals(MD) ? MD_TOL : o.depth() == 2 ? FLOW_TOL : DEEP_TOL);
        return new Limit(alpha, seed, x, r.metrics().nuclearNorm(), r.metrics().numericalRank(1e-3), r.result().trainError(), ok,
            r.result().stopReason().name().toLowerCase(Locale.ROOT) + ": " + r.result().criterion());
    }

    /** ‖𝒜‖₂² = λ_max(𝒜*𝒜) on symmetric matrices, by power iteration from a fixed start (relative accuracy 1e-6 or 500 iterations). */
    static double operatorNormSquared(MeasurementOperator op) {
        int n = op.n();
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double e = 1.0 + 0.5 * Math.sin(1.0 + 7.0 * (i + 3 * j)) + (i == j ? 1 : 0);
                v[i + j * n] = e;
                v[j + i * n] = e;
            }
        }
        double[] r = new double[op.m()];
        double[] w = new double[n * n];
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double nv = Linalg.norm(v);
            if (nv == 0) {
                return 0;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= nv;
            }
            op.apply(v, r);
            op.adjoint(r, w);
            double next = Linalg.dot(v, w);
            System.arraycopy(w, 0, v, 0, v.length);
            if (it > 5 && Math.abs(next - lambda) <= 1e-6 * next) {
                return next;
            }
            lambda = next;
        }
        return lambda;
    }

    /** The analysis of {@code p} (conjecture.json without the problem file), without progress. */
    public static Analysis analysis(Problem p, Options o) {
        return analysis(p, o, s -> { });
    }

    /**
     * {@link #analysis} as conjecture.json's keys: the rows of {@code reproduce.li2021} store them (JSON boundary) until
     * it keeps {@link Analysis} records.
     */
    public static Map<String, Object> analyze(Problem p, Options o) {
        return keys(analysis(p, o));
    }

    /**
     * The analysis of {@code p} (conjecture.json without the problem file): the given α grid, then smaller α
     * ({@link Options#extensions()}) while {@link #decide} answers {@code inconclusive} with distances still
     * drifting. One line per finished stage goes to {@code progress}.
     */
    public static Analysis analysis(Problem original, Options o, Consumer<String> progress) {
        long start = System.nanoTime();
        double unit = adjointNorm(original.operator(), original.y());
        InvalidInputException.require(unit > 0, "--problem: 𝒜*(y) = 0 (the flow from small U₀ does not move)");
        Problem p = normalized(original, unit);
        SolveReport min = Methods.get("nucmin").solve(p, SolveSettings.of("nucmin", null, 1e-3, Double.NaN, 0), IterationListener.NONE);
        InvalidInputException.require(min.result().x() != null, "--problem: no PSD matrix fits the measurements (nucmin: "
            + min.result().criterion() + "); the conjecture is about problems with a PSD solution");
        double[] xMin = min.result().x();
        double[] ev = SymmetricEigen.eigenvalues(xMin, p.n());
        Scales sc = new Scales(Linalg.norm(xMin), Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1])), 1.0,
            o.depth() == 2 && !o.method().equals(MD) ? Double.NaN : operatorNormSquared(p.operator()));
        progress.accept(String.format(Locale.ROOT, "conjecture: certified minimum ‖X‖_* = %.6g (%s) [%s]", unit * min.metrics().nuclearNorm(),
            min.result().criterion(), seconds(start)));
        SolveReport glrl = Methods.get("glrl").solve(p, SolveSettings.of("glrl", null, 1e-3, Double.NaN, 0)
            .withOption("epsilon", Double.toString(GLRL_EPSILON * Math.sqrt(sc.xMinFrobenius()))), IterationListener.NONE);
        progress.accept(String.format(Locale.ROOT, "conjecture: GLRL rank path %s, %s, train error %.2e [%s]", glrl.extras().get("rank_path"),
            glrl.result().stopReason().name().toLowerCase(Locale.ROOT), glrl.result().trainError(), seconds(start)));
        List<Limit> limits = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "implreg-conjecture");
            t.setDaemon(true);
            return t;
        });
        Analysis res;
        try {
            List<Double> batch = new ArrayList<>();
            for (double a : o.alphas()) {
                batch.add(a);
            }
            int extended = 0;
            while (true) {
                List<Future<Limit>> fs = new ArrayList<>();
                for (double a : batch) {
                    for (long s = 0; s < o.seeds(); s++) {
                        long seed = s;
                        fs.add(pool.submit(() -> limit(p, o, sc, a, seed)));
                    }
                }
                for (int i = 0; i < fs.size(); i++) {
                    limits.add(fs.get(i).get());
                    if ((i + 1) % o.seeds() == 0) {
                        double a = batch.get(i / o.seeds());
                        alphas.add(a);
                        List<Limit> at = limits.stream().filter(l -> l.alpha() == a).toList();
                        progress.accept(String.format(Locale.ROOT, "conjecture: α = %.0e: %d/%d runs fit the data; to GLRL %.3e, to the minimum "
                                + "%.3e [%s]", a, at.stream().filter(Limit::converged).count(), at.size(),
                            at.stream().mapToDouble(l -> rel(l.x(), glrl.result().x())).average().orElse(Double.NaN),
                            at.stream().mapToDouble(l -> rel(l.x(), xMin)).average().orElse(Double.NaN), seconds(start)));
                    }
                }
                res = summarize(p.n(), unit, min, glrl, limits, alphas, o, extended);
                double next = alphas.get(alphas.size() - 1) / o.extensionFactor();
                if (res.settled() || extended >= o.extensions() || next < MIN_ALPHA) {
                    if (!res.settled() && o.extensions() > 0) {
                        progress.accept("conjecture: α budget reached (" + extended + " of " + o.extensions() + " automatic steps)");
                    }
                    break;
                }
                extended++;
                progress.accept(String.format(Locale.ROOT, "conjecture: not settled at α = %.0e, extending to α = %.0e (%d of %d)",
                    alphas.get(alphas.size() - 1), next, extended, o.extensions()));
                batch = List.of(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("conjecture interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return res;
    }

    /** ‖𝒜*(y)‖₂ (spectral norm): 4‖𝒜*(y)‖₂ is the rate at which the flow leaves a small U₀. */
    static double adjointNorm(MeasurementOperator op, double[] y) {
        double[] aty = new double[op.n() * op.n()];
        op.adjoint(y, aty);
        double[] ev = SymmetricEigen.eigenvalues(aty, op.n());
        return Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1]));
    }

    /**
     * (𝒜, y/u), u = ‖𝒜*(y)‖₂: the same solutions divided by u and the same flows up to the scale of U,
     * with time in units of the escape rate (‖𝒜*(y/u)‖₂ = 1). Every run of the analysis solves this
     * problem, so that the answer is the same for (c𝒜, c′y), c, c′ &gt; 0, whatever absolute threshold a
     * solver keeps: (c𝒜, c′y/u′) has the same flow in time as (𝒜, y/u), with U scaled.
     */
    static Problem normalized(Problem p, double unit) {
        double[] y = p.y().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] /= unit;
        }
        double[] xStar = p.xStar() == null ? null : p.xStar().clone();
        if (xStar != null) {
            for (int i = 0; i < xStar.length; i++) {
                xStar[i] /= unit;
            }
        }
        return new Problem(p.operator(), y, xStar, p.description());
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }

    private static double rel(double[] x, double[] ref) {
        return x == null ? Double.NaN : Linalg.distance(x, ref) / Linalg.norm(ref);
    }

    /**
     * The analysis at this stage from the runs so far, nuclear norms in the problem's units ({@code unit} times the
     * normalized problem's), gaps and distances relative; the answer from {@link #decide} on the per-α records.
     */
    static Analysis summarize(int n, double unit, SolveReport min, SolveReport glrl, List<Limit> limits, List<Double> alphaList, Options o,
                              int extended) {
        double[] xMin = min.result().x();
        double[] xGlrl = glrl.result().x();
        double minNuc = min.metrics().nuclearNorm();
        int k = alphaList.size();
        double[] alphas = alphaList.stream().mapToDouble(Double::doubleValue).toArray();
        List<PerAlpha> perAlpha = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double a = alphas[i];
            List<Limit> at = limits.stream().filter(l -> l.alpha() == a).toList();
            double[] g = at.stream().mapToDouble(l -> rel(l.x(), xGlrl)).toArray();
            double[] m = at.stream().mapToDouble(l -> rel(l.x(), xMin)).toArray();
            double nuc = at.stream().mapToDouble(Limit::nuclear).average().orElse(Double.NaN);
            perAlpha.add(new PerAlpha(a, i >= k - extended, unit * nuc, (nuc - minNuc) / minNuc,
                at.stream().mapToDouble(Limit::rank).average().orElse(Double.NaN),
                Arrays.stream(g).average().orElse(Double.NaN), Arrays.stream(g).min().orElse(Double.NaN),
                Arrays.stream(g).max().orElse(Double.NaN),
                Arrays.stream(m).average().orElse(Double.NaN), Arrays.stream(m).min().orElse(Double.NaN),
                Arrays.stream(m).max().orElse(Double.NaN),
                (int) at.stream().filter(Limit::converged).count(), at.size(),
                at.stream().mapToDouble(Limit::trainError).max().orElse(Double.NaN),
                at.stream().map(Limit::stop).distinct().toList(), at.stream().map(l -> unit * l.nuclear()).toList()));
        }
        boolean glrlFits = glrlFits(glrl);
        double glrlToMin = rel(xGlrl, xMin);
        String glrlStop = glrl.result().stopReason().name().toLowerCase(Locale.ROOT);
        PerAlpha last = perAlpha.get(k - 1);
        Evidence ev = Evidence.of(perAlpha, last.converged(), last.runs(), last.maxTrainError(), glrlFits,
            glrlStop + " (" + glrl.result().criterion() + ")", glrl.result().trainError(), glrlToMin);
        Verdict v = decide(ev);
        Trend trend = new Trend(factorPerDecade(alphas, ev.toGlrl()), factorPerDecade(alphas, ev.toMin()),
            slope(log10(alphas), ev.toGlrl()), slope(log10(alphas), ev.toMin()),
            "*_per_decade: the factor by which the distance changes per decade of α over the last step (< 1: it shrinks "
            + "as α → 0); *_slope: least-squares slope of log10(distance) against log10(α) over all α (> 0: it shrinks)");
        Rule rule = new Rule(SAME, SETTLED, GAP_SAME, GLRL_FIT, o.extensionFactor());
        List<Integer> rankPath = ((List<?>) glrl.extras().get("rank_path")).stream().map(r -> ((Number) r).intValue()).toList();
        return new Analysis(v.answer(), v.evidence(), v.settled(), n, o.depth(), o.depth() == 2 ? o.method() : "deep", o.seeds(), alphas[k - 1], extended, o.extensions(),
            unit * minNuc, (Boolean) min.extras().get("certified"), min.metrics().numericalRank(1e-3), glrlStop,
            glrl.result().criterion(), glrl.result().trainError(), glrlFits, unit * glrl.metrics().nuclearNorm(),
            (glrl.metrics().nuclearNorm() - minNuc) / minNuc, glrl.result().d(), rankPath, glrlToMin, perAlpha, trend, rule, unit, null);
    }

    /** Whether GLRL's run gives a solution to compare with: it stopped CONVERGED and fits the data to {@link #GLRL_FIT}. */
    static boolean glrlFits(SolveReport glrl) {
        return glrl.result().stopReason() == StopReason.CONVERGED && glrl.result().x() != null
            && glrl.result().trainError() <= GLRL_FIT;
    }

    private static double[] log10(double[] a) {
        return Arrays.stream(a).map(Math::log10).toArray();
    }

    /** Least-squares slope of y (log10, floored at 1e-16) against x; NaN with fewer than two points. */
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
     * ρ = (d(α_k)/d(α_{k−1}))^{1/δ}, δ = log10(α_{k−1}/α_k), over the step from point {@code k − 1} to
     * {@code k} (α descending): the factor by which d changes per decade as α falls (&lt; 1: it shrinks).
     * Distances are floored at 1e-16. NaN when k &lt; 1.
     */
    static double factorPerDecade(double[] alphas, double[] d, int k) {
        if (k < 1 || k >= d.length) {
            return Double.NaN;
        }
        double decades = Math.log10(alphas[k - 1] / alphas[k]);
        return Math.pow(Math.max(d[k], 1e-16) / Math.max(d[k - 1], 1e-16), 1 / decades);
    }

    /** {@link #factorPerDecade(double[], double[], int)} over the last step. */
    static double factorPerDecade(double[] alphas, double[] d) {
        return factorPerDecade(alphas, d, d.length - 1);
    }

    /**
     * What {@link #decide} reads (pure numbers; α descending).
     *
     * @param alphas         the α grid, descending
     * @param toGlrl         mean d_glrl per α
     * @param toMin          mean d_min per α
     * @param relGap         (‖X‖_* − ‖X_min‖_*)/‖X_min‖_* of the mean nuclear norm per α
     * @param fitted         runs at the smallest α that fit the data
     * @param runs           runs at the smallest α
     * @param worstTrain     the largest relative training error at the smallest α
     * @param glrlFits       whether GLRL's run stopped CONVERGED and fits the data ({@link #GLRL_FIT})
     * @param glrlStop       GLRL's stop reason and criterion (for the text)
     * @param glrlTrainError GLRL's relative training error
     * @param glrlToMin      ‖X_glrl − X_min‖_F/‖X_min‖_F
     */
    public record Evidence(double[] alphas, double[] toGlrl, double[] toMin, double[] relGap, int fitted, int runs, double worstTrain,
                           boolean glrlFits, String glrlStop, double glrlTrainError, double glrlToMin) {
        /** The evidence whose per-α columns are those of {@code perAlpha} (α descending). */
        public static Evidence of(List<PerAlpha> perAlpha, int fitted, int runs, double worstTrain, boolean glrlFits, String glrlStop,
                                  double glrlTrainError, double glrlToMin) {
            return new Evidence(perAlpha.stream().mapToDouble(PerAlpha::alpha).toArray(),
                perAlpha.stream().mapToDouble(PerAlpha::distanceToGlrl).toArray(),
                perAlpha.stream().mapToDouble(PerAlpha::distanceToMin).toArray(),
                perAlpha.stream().mapToDouble(PerAlpha::relGap).toArray(), fitted, runs, worstTrain, glrlFits, glrlStop, glrlTrainError,
                glrlToMin);
        }
    }

    /**
     * The answer, its one-sentence evidence (generated from the numbers) and whether it is settled (false:
     * smaller α could change it).
     */
    public record Verdict(String answer, String evidence, boolean settled) {}

    /** Where a distance series stands at the smallest α. */
    enum Status {
        /** within {@link #SAME} and not growing by more than SETTLED·SAME per decade: the limit is at that solution */
        AT,
        /** above {@link #SAME}, changing by at most {@link #SETTLED} per decade over the last two steps */
        AWAY,
        /** neither: still moving (or too few α to tell) */
        DRIFTING
    }

    /**
     * AT: d ≤ {@link #SAME} at the smallest α (with at least two α) and growing by at most
     * {@link #SETTLED}·{@link #SAME} per decade over the last step; AWAY: d &gt; {@link #SAME},
     * |ρ − 1| ≤ {@link #SETTLED} ({@link #factorPerDecade}) over each of the last two steps (three α at
     * least) and, if it shrinks, it would reach {@link #SAME} at its last rate only below {@link #LOWEST_ALPHA}
     * ({@link #reachLog10}); else DRIFTING.
     */
    static Status status(double[] alphas, double[] d) {
        int k = d.length - 1;
        if (k < 1 || !Double.isFinite(d[k])) {
            return Status.DRIFTING;
        }
        double growthPerDecade = (d[k] - d[k - 1]) / Math.log10(alphas[k - 1] / alphas[k]);
        if (d[k] <= SAME) {
            return growthPerDecade <= SETTLED * SAME ? Status.AT : Status.DRIFTING;
        }
        if (k >= 2 && Math.abs(factorPerDecade(alphas, d, k) - 1) <= SETTLED && Math.abs(factorPerDecade(alphas, d, k - 1) - 1) <= SETTLED
            && !(reachLog10(alphas, d) >= Math.log10(LOWEST_ALPHA))) {
            return Status.AWAY;
        }
        return Status.DRIFTING;
    }

    /**
     * The answer (pure): {@code not_converged} when a run at the smallest α did not fit the data;
     * {@code both} when GLRL's solution fits, lies within {@link #SAME} of X_min and the limit is AT either
     * ({@link #status}); {@code nuclear_norm} when the limit is AT X_min, or its nuclear norm gap is at most
     * {@link #GAP_SAME} at the smallest α and was not larger at the α before (another minimizer);
     * {@code greedy_low_rank} when GLRL fits and the limit is AT X_glrl; {@code neither} when GLRL fits and
     * both distances are AWAY; else {@code inconclusive}, settled (smaller α would not help) only where
     * GLRL does not fit and the distance to the minimum is AWAY.
     */
    public static Verdict decide(Evidence e) {
        int k = e.alphas().length - 1;
        double a = e.alphas()[k];
        if (e.fitted() < e.runs()) {
            return new Verdict("not_converged", String.format(Locale.ROOT, "not_converged: at α = %s, %d of %d runs from small "
                + "initialization did not fit the data (largest relative training error %.2e), so their limit is not a solution to "
                + "compare", alpha(a), e.runs() - e.fitted(), e.runs(), e.worstTrain()), true);
        }
        Status m = status(e.alphas(), e.toMin());
        Status g = e.glrlFits() ? status(e.alphas(), e.toGlrl()) : Status.DRIFTING;
        boolean minimizer = k >= 1 && Math.abs(e.relGap()[k]) <= GAP_SAME && Math.abs(e.relGap()[k]) <= Math.abs(e.relGap()[k - 1]);
        String where = String.format(Locale.ROOT, "at α = %s the limit is %.2e from GLRL's solution and %.2e from the minimum nuclear "
            + "norm solution (relative Frobenius), its nuclear norm %s from the minimum", alpha(a), e.toGlrl()[k], e.toMin()[k],
            percent(e.relGap()[k]));
        String glrlNote = e.glrlFits() ? "" : String.format(Locale.ROOT, "; GLRL's run does not give a solution (stop: %s, training "
            + "error %.2e > %.0e), so greedy_low_rank and both cannot be answered from it", e.glrlStop(), e.glrlTrainError(), GLRL_FIT);
        String answer;
        String why;
        boolean settled = true;
        if (e.glrlFits() && e.glrlToMin() <= SAME && (m == Status.AT || g == Status.AT)) {
            answer = "both";
            why = String.format(Locale.ROOT, "GLRL's solution and the minimum nuclear norm solution coincide (%.2e apart) and the limit "
                + "is at them", e.glrlToMin());
        } else if (m == Status.AT && (g != Status.AT || e.toMin()[k] <= e.toGlrl()[k]) || minimizer && g != Status.AT) {
            answer = "nuclear_norm";
            why = m == Status.AT ? "the limit is within " + SAME + " of the minimum nuclear norm solution and not moving away"
                : String.format(Locale.ROOT, "the limit's nuclear norm is within %.0e of the minimum: it is a minimum nuclear norm "
                + "solution other than the interior point method's", GAP_SAME);
        } else if (g == Status.AT) {
            answer = "greedy_low_rank";
            why = "the limit is within " + SAME + " of GLRL's solution and not moving away";
        } else if (m == Status.AWAY && g == Status.AWAY) {
            answer = "neither";
            why = "both distances have settled above " + SAME;
        } else {
            answer = "inconclusive";
            settled = m == Status.AWAY && !e.glrlFits();
            String reach = String.join("; ", java.util.stream.Stream.of(reachText("GLRL's solution", e.alphas(), e.toGlrl()),
                reachText("the minimum", e.alphas(), e.toMin())).filter(t -> !t.isEmpty()).toList());
            why = settled ? "the limit is not a minimum nuclear norm solution, and GLRL cannot be judged"
                : "the distances have not settled" + (reach.isEmpty() ? "" : " (" + reach + ")");
        }
        StringBuilder sb = new StringBuilder(answer).append(": ").append(why).append("; ").append(where).append("; as α falls, the "
            + "distance to GLRL's solution ").append(trendText(e.alphas(), e.toGlrl())).append(" and the distance to the minimum ")
            .append(trendText(e.alphas(), e.toMin())).append(glrlNote);
        return new Verdict(answer, sb.toString(), settled);
    }

    /** "shrinks by a factor 0.52 per decade of α (0.53 → 0.21 from α = 1e-08 to 1e-12)", "grows …", "has settled …" or "is within …". */
    static String trendText(double[] alphas, double[] d) {
        int k = d.length - 1;
        if (k < 1) {
            return "cannot be judged (one α only)";
        }
        double rho = factorPerDecade(alphas, d, k);
        String span = String.format(Locale.ROOT, "%.3g → %.3g from α = %s to %s", d[k - 1], d[k], alpha(alphas[k - 1]), alpha(alphas[k]));
        Status s = status(alphas, d);
        if (s == Status.AT) {
            return String.format(Locale.ROOT, "is within %s (%s)", SAME, span);
        }
        if (s == Status.AWAY) {
            return String.format(Locale.ROOT, "has settled (it changes by less than %s per decade over the last two steps; %s)", SETTLED, span);
        }
        if (rho == 1) {
            return "is unchanged (" + span + ")";
        }
        String rate = Math.abs(rho - 1) >= 0.01 ? String.format(Locale.ROOT, "by a factor %.3g", rho)
            : String.format(Locale.ROOT, "by %.2g%%", 100 * Math.abs(rho - 1));
        return String.format(Locale.ROOT, "%s %s per decade of α (%s)", rho < 1 ? "shrinks" : "grows", rate, span);
    }

    /**
     * Where a shrinking distance above {@link #SAME} would reach it at its last rate ρ per decade:
     * log10 α* = log10 α_k − log(d_k/SAME)/log(1/ρ); empty when it does not shrink or is within SAME.
     */
    static String reachText(String what, double[] alphas, double[] d) {
        double at = reachLog10(alphas, d);
        if (Double.isNaN(at)) {
            return "";
        }
        return at < Math.log10(LOWEST_ALPHA) ? String.format(Locale.ROOT, "at its last rate the distance to %s would not reach %s above "
            + "α = %s", what, SAME, alpha(LOWEST_ALPHA))
            : String.format(Locale.ROOT, "at its last rate the distance to %s would reach %s near α = 1e%d", what, SAME, (int) Math.floor(at));
    }

    /**
     * log10 α* = log10 α_k − log(d_k/SAME)/log(1/ρ), where a distance d_k &gt; {@link #SAME} shrinking by ρ &lt; 1
     * per decade ({@link #factorPerDecade}, last step) would reach SAME; NaN when it does not shrink or is within SAME.
     */
    static double reachLog10(double[] alphas, double[] d) {
        int k = d.length - 1;
        double rho = factorPerDecade(alphas, d);
        if (k < 1 || !(rho < 1) || !(d[k] > SAME) || rho <= 0) {
            return Double.NaN;
        }
        return Math.log10(alphas[k]) - Math.log(d[k] / SAME) / Math.log(1 / rho);
    }

    private static String alpha(double a) {
        return String.format(Locale.ROOT, "%.0e", a);
    }

    private static String percent(double gap) {
        return String.format(Locale.ROOT, "%+.2g%%", 100 * gap);
    }

    /** The files {@link #run} writes into its folder. */
    static final List<String> FILES = List.of("conjecture.json", "provenance.json", "index.html", "figures/conjecture.png",
        "figures/conjecture.svg");

    private static double[] column(List<PerAlpha> pa, java.util.function.ToDoubleFunction<PerAlpha> value, boolean abs) {
        return pa.stream().mapToDouble(e -> {
            double v = value.applyAsDouble(e);
            return Math.max(1e-16, abs ? Math.abs(v) : v);
        }).toArray();
    }

    /** The folder's files conjecture.json names. */
    record OutputNames(String index, String figure, String provenance) {}

    /** Stages conjecture.json, provenance.json, index.html and the figure ({@link #FILES}) in {@code files}. */
    static void write(Analysis res, org.implreg.io.OutputFiles files, Path out) {
        List<PerAlpha> pa = res.perAlpha();
        double[] a = pa.stream().mapToDouble(PerAlpha::alpha).toArray();
        // Charts draws log axes as log₁₀ labelled 10ᵏ, so α far below 1e-16 keeps its place
        XYChart c = Charts.chart("Small-initialization limit against GLRL and the minimum nuclear norm",
            "α = ‖U₀‖_F / ‖X_min‖_F^½", "relative distance (markers: mean over seeds, bars: min–max)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        Charts.points(c, "‖X − X_glrl‖_F/‖X_glrl‖_F", a, column(pa, PerAlpha::distanceToGlrl, false),
            column(pa, PerAlpha::distanceToGlrlMin, false), column(pa, PerAlpha::distanceToGlrlMax, false));
        Charts.points(c, "‖X − X_min‖_F/‖X_min‖_F", a, column(pa, PerAlpha::distanceToMin, false),
            column(pa, PerAlpha::distanceToMinMin, false), column(pa, PerAlpha::distanceToMinMax, false));
        Charts.points(c, "|‖X‖_* − min ‖X‖_*| / min ‖X‖_*", a, column(pa, PerAlpha::relGap, true), null, null);
        Charts.reference(c, "same solution (" + SAME + ")", a[a.length - 1], a[0], SAME);
        files.put(out.resolve("figures/conjecture.png"), SweepReport.png(c));
        files.put(out.resolve("figures/conjecture.svg"), SweepReport.svg(c));
        Provenance.Info provenance = Provenance.Info.current(Map.of("command", "conjecture"), 0L);
        // the JSON boundary: the analysis's keys, then the folder's files and the provenance
        Map<String, Object> json = keys(res);
        json.put("files", keys(new OutputNames("index.html", "figures/conjecture.png", "provenance.json")));
        json.put("provenance", provenance.toMap());
        files.put(out.resolve("conjecture.json"), Json.bytes(json));
        files.put(out.resolve("provenance.json"), Json.bytes(provenance.toMap()));
        StringBuilder h = new StringBuilder();
        h.append("<p><b>Answer: ").append(Html.esc(res.answer())).append("</b> — ").append(Html.esc(res.evidence())).append("</p>\n");
        h.append(String.format(Locale.ROOT, "<p>min ‖X‖_* = %.8g (certified: %s); GLRL: ‖X‖_* = %.8g, rank path %s, stop %s, training "
                + "error %.2e. α was extended automatically %s of at most %s times. Numbers: <a href=\"conjecture.json\">conjecture.json</a>."
                + "</p>%n", res.minNuclearNorm(), res.minNuclearNormCertified(), res.glrlNuclearNorm(), res.glrlRankPath(),
            Html.esc(res.glrlStopReason()), res.glrlTrainError(), res.alphasExtended(), res.maxExtensions()));
        h.append("<table><tr><th>α</th><th>‖X‖_*</th><th>rel. gap</th><th>rank</th><th>to GLRL</th><th>to min</th><th>fit</th></tr>\n");
        for (PerAlpha e : pa) {
            h.append(String.format(Locale.ROOT, "<tr><td>%.0e%s</td><td>%.6g</td><td>%+.3e</td><td>%.1f</td><td>%.3e</td><td>%.3e</td>"
                    + "<td>%s/%s</td></tr>%n", e.alpha(), e.extended() ? " (auto)" : "", e.nuclearNorm(), e.relGap(), e.rank(),
                e.distanceToGlrl(), e.distanceToMin(), e.converged(), e.runs()));
        }
        h.append("</table>\n");
        String prov = String.format(Locale.ROOT, "<p>implreg %s, commit %s, %s. Provenance: <a href=\"provenance.json\">provenance.json</a>.</p>%n",
            Html.esc(provenance.build().version()), Html.esc(provenance.build().commit()), Html.esc(provenance.created()));
        files.put(out.resolve("index.html"), Html.page("implreg conjecture: " + res.problem(), null, List.of(h.toString(),
                Html.figures("Distances as α → 0", List.of("conjecture"), Map.of("conjecture",
                    "‖X − X_glrl‖_F/‖X_glrl‖_F, ‖X − X_min‖_F/‖X_min‖_F and |‖X‖_* − min ‖X‖_*|/min ‖X‖_* against α; markers: the sampled α (mean over seeds), bars: min–max over seeds; dashed: the threshold " + SAME + " for the same solution")), prov), null)
            .getBytes(StandardCharsets.UTF_8));
    }
}

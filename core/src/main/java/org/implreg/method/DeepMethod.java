package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.factorization.DeepFactorization;
import org.implreg.factorization.EndToEndLoss;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;

/**
 * "deep": gradient descent on W = W_N ⋯ W_1 (n×n layers) for L(W) = ½‖𝒜(W) − y‖² of a symmetric
 * problem ({@link DeepFactorization}, {@link DeepGradientDescent}). Options: {@code depth} (N,
 * default 3), {@code init} = gaussian (layers with ‖W(0)‖_F = the init scale, seeded like gd) |
 * identical (W_j = αI) | perturbed (W_1 = (α − β)I, W_j = αI), {@code alpha}, {@code beta}. The
 * reported X is the symmetric part of W (what 𝒜 sees); {@code asymmetry} gives ‖W − Wᵀ‖_F/‖W‖_F.
 * Note the ½: L is half the loss of gd, so the same η moves half as far.
 */
final class DeepMethod implements Method {

    @Override
    public String name() {
        return "deep";
    }

    @Override
    public String description() {
        return "deep factorization W = W_N⋯W_1 (Chou et al.): GD on the layers for ½‖A(W) − y‖²; options depth, init "
            + "(gaussian|identical|perturbed), alpha, beta";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", DEFAULT_STEP);
        d.put("max_iter", DEFAULT_MAX_ITER);
        d.put("tol", DEFAULT_TOL);
        d.put("depth", 3);
        d.put("init", "gaussian");
        d.put("alpha", 0.1);
        d.put("beta", 0.05);
        return Capabilities.symmetric(Capabilities.builder().step().defaults(d)
            .options(Set.of("depth", "init", "alpha", "beta")).iterative().traceable().build());
    }

    /** The init scale and seed make only the gaussian layers: identical and perturbed ones are set by alpha and beta. */
    @Override
    public void requireSupported(ProblemKind kind, SolveSettings s, java.util.function.UnaryOperator<String> names, Set<String> given) {
        Method.super.requireSupported(kind, s, names, given);
        String init = s.option("init", "gaussian");
        for (String k : java.util.List.of(Capabilities.INIT_SCALE, Capabilities.SEED)) {
            InvalidInputException.require(!given.contains(k) || init.equals("gaussian"), "method deep does not support " + names.apply(k)
                + " with option init=" + init + " (only the gaussian layers are random; alpha and beta set these)");
        }
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        depth(s);
        String init = init(s);
        for (String k : init.equals("gaussian") ? new String[0] : init.equals("identical") ? new String[] {"alpha"}
            : new String[] {"alpha", "beta"}) {
            double v = s.doubleOption(k, 0.1);
            InvalidInputException.require(Double.isFinite(v), "option " + k + " must be finite, got " + s.option(k, ""));
        }
    }

    private static int depth(SolveSettings s) {
        double depth = s.doubleOption("depth", 3);
        InvalidInputException.require(depth >= 1 && depth <= 1000 && depth == Math.rint(depth), "option depth must be an integer in 1..1000, got "
            + s.option("depth", "3"));
        return (int) depth;
    }

    private static String init(SolveSettings s) {
        String init = s.option("init", "gaussian");
        InvalidInputException.require(java.util.List.of("gaussian", "identical", "perturbed").contains(init),
            "option init must be gaussian, identical or perturbed, got '" + init + "'");
        return init;
    }

    private static final double DEFAULT_STEP = 1e-2;
    private static final long DEFAULT_MAX_ITER = 200_000;
    private static final double DEFAULT_TOL = 1e-5;

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int depth = depth(s);
        int[] dims = DeepFactorization.squareDims(n, depth);
        String init = init(s);
        double[][] layers = switch (init) {
            case "gaussian" -> DeepInitializers.gaussian(dims, s.initScale(), Rng.stream(s.seed(), "init"));
            case "identical" -> DeepInitializers.identical(dims, s.doubleOption("alpha", 0.1));
            case "perturbed" -> DeepInitializers.perturbed(dims, s.doubleOption("alpha", 0.1), s.doubleOption("beta", 0.05));
            default -> throw new InvalidInputException("option init must be gaussian, identical or perturbed, got '" + init + "'");
        };
        double step = Double.isNaN(s.step()) ? DEFAULT_STEP : s.step();
        DeepGradientDescent.Options o = new DeepGradientDescent.Options(step, s.maxIterations() == null ? DEFAULT_MAX_ITER : s.maxIterations(),
            s.tol() == null ? DEFAULT_TOL : s.tol(), 1e-13, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        DeepFactorization f = new DeepFactorization(EndToEndLoss.sensing(problem), dims);
        double[][][] live = {layers};
        IterationListener traced = org.implreg.metrics.IterateView.bind(listener, st -> {
            double[] w = st.point(); // X = (W + Wᵀ)/2, as the result's X
            double[] sym = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    sym[i + j * n] = 0.5 * (w[i + j * n] + w[j + i * n]);
                }
            }
            double sq = 0;
            for (double[] a : live[0]) {
                sq += org.implreg.linalg.Linalg.normSq(a);
            }
            return org.implreg.metrics.IterateView.symmetric(sym, n, problem.xStar(), Math.sqrt(sq));
        });
        DeepGradientDescent.Result r = new DeepGradientDescent(o).optimize(f, layers, DeepGradientDescent.Listener.of(traced,
            traced == listener ? (st, l) -> listener.onIteration(st) : (st, l) -> {
                live[0] = l;
                traced.onIteration(st);
            }));
        double[] x = new double[n * n];
        double asym = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                x[i + j * n] = 0.5 * (r.w()[i + j * n] + r.w()[j + i * n]);
                double e = r.w()[i + j * n] - r.w()[j + i * n];
                asym += e * e;
            }
        }
        double wn = org.implreg.linalg.Linalg.norm(r.w());
        OptimizationResult res = new OptimizationResult(x, null, n, n, r.stopReason(), r.criterion(), r.iterations(), r.iterations() + 1,
            r.seconds(), r.loss(), r.trainError(), Double.NaN);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", n);
        used.put("depth", depth);
        used.put("init", init);
        used.put("step", step);
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("asymmetry", wn > 0 ? Math.sqrt(asym) / wn : 0.0);
        return new SolveReport(name(), s, used, res, SolutionMetrics.of(x, n, problem.xStar()), extras, null);
    }
}

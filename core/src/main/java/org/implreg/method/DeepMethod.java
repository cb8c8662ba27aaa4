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
        return Capabilities.symmetric(Capabilities.builder().step().defaults(d)
            .options(DEPTH, INIT, ALPHA, BETA).iterative().traceable().build());
    }

    static final MethodOption<Long> DEPTH = MethodOption.integer("depth", 3, "number of layers N of W_N⋯W_1").atLeast(1).atMost(1000);
    static final MethodOption<String> INIT = MethodOption.choice("init", "gaussian",
        "gaussian (scale init_scale), identical (every layer α·I) or perturbed (α·I + β·Gaussian) layers",
        "gaussian", "identical", "perturbed");
    static final MethodOption<Double> ALPHA = MethodOption.real("alpha", 0.1, "α of the identical and perturbed initializations");
    static final MethodOption<Double> BETA = MethodOption.real("beta", 0.05, "β, the perturbation's scale, of the perturbed initialization");

    /** The init scale and seed make only the gaussian layers: identical and perturbed ones are set by alpha and beta. */
    @Override
    public void requireSupported(ProblemKind kind, SolveSettings s, java.util.function.UnaryOperator<String> names, Set<String> given) {
        Method.super.requireSupported(kind, s, names, given);
        String init = INIT.get(s);
        for (String k : java.util.List.of(Capabilities.INIT_SCALE, Capabilities.SEED)) {
            InvalidInputException.require(!given.contains(k) || init.equals("gaussian"), "method deep does not support " + names.apply(k)
                + " with option init=" + init + " (only the gaussian layers are random; alpha and beta set these)");
        }
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        DEPTH.get(s);
        INIT.get(s);
        ALPHA.get(s);
        BETA.get(s);
    }

    private static final double DEFAULT_STEP = 1e-2;
    private static final long DEFAULT_MAX_ITER = 200_000;
    private static final double DEFAULT_TOL = 1e-5;

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int depth = Math.toIntExact(DEPTH.get(s));
        int[] dims = DeepFactorization.squareDims(n, depth);
        String init = INIT.get(s);
        double[][] layers = switch (init) {
            case "gaussian" -> DeepInitializers.gaussian(dims, s.initScale(), Rng.stream(s.seed(), "init"));
            case "identical" -> DeepInitializers.identical(dims, ALPHA.get(s));
            case "perturbed" -> DeepInitializers.perturbed(dims, ALPHA.get(s), BETA.get(s));
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

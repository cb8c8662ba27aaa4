package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.factorization.PlusMinusObjective;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.optimizer.PlusMinusGradientDescent;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;

/**
 * "gd-pm": fixed-step gradient descent on X = UUᵀ − VVᵀ, U, V ∈ ℝ^{n×d} (symmetric indefinite targets, e.g. the
 * {@code indefinite} planted family; Wu &amp; Rebeschini 2021), see {@link PlusMinusGradientDescent}. Sensing and
 * completion (any symmetric problem). Reads d, step, init_scale, seed, tol and max_iter as gd does, with gd's
 * defaults and stopping rules; options:
 * <ul>
 * <li>{@code start} = gaussian (default): U₀ is gd's Gaussian U₀ (‖U₀‖_F = init_scale from the seed's "init" stream,
 *     the same bits), V₀ an independent Gaussian from the seed's "init-v" stream with ‖V₀‖_F = v_scale·init_scale;
 *     identity: U₀ = √α·I_{n×d} (the first d columns of I) with √α = init_scale/√d, so ‖U₀‖_F = init_scale and
 *     U₀U₀ᵀ = α·I at d = n (the public code's U₀ = V₀ = √α·I), and V₀ = v_scale·U₀;</li>
 * <li>{@code v_scale} ≥ 0 (default 1): ‖V₀‖_F/‖U₀‖_F. With v_scale = 0, V stays 0 and the run is gd's, bit for bit.</li>
 * </ul>
 * The result's X is UUᵀ − VVᵀ and its factor the n×2d [U V]; a trace records X's |λ| and ‖[U V]‖_F.
 */
final class PlusMinusMethod implements Method {
    static final MethodOption<String> START = MethodOption.choice("start", "gaussian",
        "U₀, V₀: independent Gaussians (‖U₀‖_F = init_scale) or √α·I with √α = init_scale/√d", "gaussian", "identity");
    static final MethodOption<Double> V_SCALE = MethodOption.real("v_scale", 1.0, "‖V₀‖_F/‖U₀‖_F (0: V ≡ 0, gd's run)").atLeast(0);

    @Override
    public String name() {
        return "gd-pm";
    }

    @Override
    public String description() {
        return "gradient descent on U and V with X = UUᵀ − VVᵀ (indefinite symmetric X)";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = GradientDescentMethod.factorDefaults(GradientDescentMethod.DEFAULT_STEP);
        return Capabilities.symmetric(Capabilities.builder().factor().width().step().defaults(d).options(START, V_SCALE)
            .iterative().traceable().build());
    }

    /** gd's fixed-step options of these settings (gd-pm declares no line search, so its capabilities refuse one). */
    static GradientDescent.Options options(SolveSettings s) {
        return GradientDescentMethod.options(s);
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        options(s);
        START.get(s);
        V_SCALE.get(s);
        InvalidInputException.require(Double.isFinite(s.initScale()) && s.initScale() > 0,
            "init scale must be finite and > 0, got " + s.initScale());
    }

    /** (U₀, V₀), each n×d column-major, as the options ask (see the class comment). */
    static double[][] initialPair(SolveSettings s, Problem problem, int d) {
        int n = problem.n();
        double vScale = V_SCALE.get(s);
        if (START.get(s).equals("identity")) {
            InvalidInputException.require(Double.isFinite(s.initScale()) && s.initScale() > 0,
                "init scale must be finite and > 0, got " + s.initScale());
            double c = s.initScale() / Math.sqrt(d);
            double[] u = new double[n * d];
            double[] v = new double[n * d];
            for (int j = 0; j < d; j++) {
                u[j + j * n] = c;
                v[j + j * n] = vScale * c;
            }
            return new double[][] {u, v};
        }
        double[] u = InitialFactors.of(s, problem, d);
        double[] v = vScale == 0 ? new double[n * d]
            : Initializers.gaussian(n, d, vScale * s.initScale(), Rng.stream(s.seed(), "init-v"));
        return new double[][] {u, v};
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        GradientDescent.Options o = options(s);
        double[][] uv = initialPair(s, problem, d);
        OptimizationResult r = new PlusMinusGradientDescent(o).optimize(new PlusMinusObjective(problem, d), uv[0], uv[1],
            IterateView.bind(listener, IterateView.plusMinus(n, problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", o.step());
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("start", START.get(s));
        used.put("v_scale", V_SCALE.get(s));
        used.put("init_norm", Math.hypot(Linalg.norm(uv[0]), Linalg.norm(uv[1])));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), n, problem.xStar()));
    }
}

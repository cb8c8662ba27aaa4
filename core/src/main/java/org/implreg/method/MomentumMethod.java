package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.MomentumDescent;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;

/**
 * "momentum": heavy-ball or Nesterov momentum on U with X = UUᵀ (see {@link MomentumDescent}). Reads d,
 * the initialization, step, tol and max_iter like gd; options: momentum (β ∈ [0, 1), default
 * {@link #DEFAULT_MOMENTUM}) and nesterov (true | false, default false). With momentum = 0 it is gd's
 * fixed-step run, bit for bit.
 */
final class MomentumMethod implements Method {
    /** Default β. */
    static final double DEFAULT_MOMENTUM = 0.9;
    static final MethodOption<Double> MOMENTUM = MethodOption.real("momentum", DEFAULT_MOMENTUM, "β, the weight of the last step").atLeast(0)
        .atMost(1);
    static final MethodOption<Boolean> NESTEROV = MethodOption.flag("nesterov", false, "Nesterov's look-ahead gradient instead of heavy ball");

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public String description() {
        return "heavy-ball (or, with -o nesterov=true, Nesterov) momentum on U with X = UUᵀ: V ← βV − η∇f, U ← U + V";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = GradientDescentMethod.factorDefaults(GradientDescentMethod.DEFAULT_STEP);
        return Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width().step()
            .defaults(d).options(MOMENTUM, NESTEROV).iterative().traceable().build());
    }

    /** The options these settings give. */
    static MomentumDescent.Options options(SolveSettings s) {
        MomentumDescent.Options o = MomentumDescent.Options.of(Double.isNaN(s.step()) ? GradientDescentMethod.DEFAULT_STEP : s.step(),
            MOMENTUM.get(s), NESTEROV.get(s));
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        return o;
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        options(s);
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        MomentumDescent.Options o = options(s);
        double[] u0 = InitialFactors.of(s, problem, d);
        OptimizationResult r = new MomentumDescent(o).optimize(new FactorizedObjective(problem, d), u0,
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.factor(problem.n(), problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", o.step());
        used.put("momentum", o.momentum());
        used.put("nesterov", o.nesterov());
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", Linalg.norm(u0));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), n, problem.xStar()));
    }
}

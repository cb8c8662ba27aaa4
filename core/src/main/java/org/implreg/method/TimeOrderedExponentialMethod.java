package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.TimeOrderedExponential;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.Problem;

/**
 * "toe": the time-ordered exponential of eq. (12), X ← e^{−ε𝒜*(r)} X e^{−ε𝒜*(r)} (see
 * {@link TimeOrderedExponential}); the step is ε (default 0.1, the paper's), the flow time kε/4.
 */
final class TimeOrderedExponentialMethod implements Method {

    @Override
    public String name() {
        return "toe";
    }

    @Override
    public String description() {
        return "time-ordered exponential X ← exp(−εA*(r)) X exp(−εA*(r)), eq. (12); --step is ε (default 0.1)";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        return Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width().step()
            .defaults(Map.of("d", "n", "step", TimeOrderedExponential.Options.DEFAULT_EPSILON,
                "max_iter", TimeOrderedExponential.Options.DEFAULT_MAX_ITERATIONS,
                "tol", org.implreg.optimizer.GradientDescent.Options.DEFAULT_TOL)).iterative().traceable().build());
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        double eps = Double.isNaN(s.step()) ? TimeOrderedExponential.Options.DEFAULT_EPSILON : s.step();
        TimeOrderedExponential.Options o = TimeOrderedExponential.Options.of(eps);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        double[] u0 = InitialFactors.of(s, problem, d);
        OptimizationResult r = new TimeOrderedExponential(o).optimize(new FactorizedObjective(problem, d), u0,
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.factor(n, problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", eps);
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", Linalg.norm(u0));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("flow_time", r.iterations() * eps / 4.0);
        extras.put("evaluations", r.gradientEvaluations());
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), n, problem.xStar()), extras, null);
    }
}

package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.IterationListener;
import org.implreg.problem.Problem;

/**
 * "flow": the gradient flow U̇ = −∇f(U) integrated with error control (see {@link GradientFlow}).
 * Reads d, the initialization, tol (training error) and max_iter (cap on gradient evaluations);
 * options: integrator (auto | dp853 | ros2 | bdf | dp853_ros2), rtol, max_time (a final flow time; none by default: the flow
 * ends by its other rules, at the latest at {@link GradientFlow#HORIZON}/ρ), stationary_tol (on
 * t·‖∇f‖/‖U‖), gradient_tol (on ‖∇f‖/(4ρ‖U‖)), ρ = ‖𝒜*(r₀)‖₂ the flow's initial rate: every default
 * stopping rule is free of the problem's units (see {@link GradientFlow}, "Scale"). result.json's
 * {@code max_time} under {@code used} is the final time the flow ran under, {@code rate} is ρ.
 */
final class FlowMethod implements Method {
    static final MethodOption<String> INTEGRATOR = MethodOption.choice("integrator", GradientFlow.Integrator.AUTO.key(),
        "auto: Dormand–Prince 8(5,3), switching to variable-order NDF when the flow turns stiff; dp853, ros2 or bdf "
            + "alone; dp853_ros2: Dormand–Prince, then the Rosenbrock W-method ROS2 (the stiff phase before NDF)",
        GradientFlow.Integrator.AUTO.key(), GradientFlow.Integrator.DP853.key(), GradientFlow.Integrator.ROS2.key(),
        GradientFlow.Integrator.BDF.key(), GradientFlow.Integrator.DP853_ROS2.key());
    static final MethodOption<Double> RTOL = MethodOption.real("rtol", GradientFlow.Options.DEFAULT_RTOL,
        "relative local error tolerance of the integrator").above(0);
    static final MethodOption<Double> MAX_TIME = MethodOption.real("max_time", GradientFlow.Options.DEFAULT_MAX_TIME,
        "final flow time; none: the flow stops by its other rules, at the latest at " + GradientFlow.HORIZON + "/ρ").above(0)
        .shownAs("none (" + GradientFlow.HORIZON + "/ρ)");
    static final MethodOption<Double> STATIONARY_TOL = MethodOption.real("stationary_tol", GradientFlow.Options.DEFAULT_STATIONARY_TOL,
        "stop when t·‖∇f‖/‖U‖ falls below it (a stationary point that does not fit)").atLeast(0);
    static final MethodOption<Double> GRADIENT_TOL = MethodOption.real("gradient_tol", 0.0,
        "stop when ‖∇f‖/(4ρ‖U‖) falls below it (0: never)").atLeast(0);

    @Override
    public String name() {
        return "flow";
    }

    @Override
    public String description() {
        return "gradient flow dU/dt = −∇f(U): Dormand–Prince 8(5,3), then a Rosenbrock W-method in the stiff tail";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("d", "n");
        d.put("tol", GradientFlow.Options.DEFAULT_TOL);
        d.put("max_iter", GradientFlow.Options.DEFAULT_MAX_EVALUATIONS);
        return Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width().defaults(d)
            .options(INTEGRATOR, RTOL, MAX_TIME, STATIONARY_TOL, GRADIENT_TOL)
            .iterative().traceable().build());
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        options(s);
    }

    /** The flow's options these settings give (declared defaults where {@code s} has none). */
    static GradientFlow.Options options(SolveSettings s) {
        GradientFlow.Options o = GradientFlow.Options.defaults()
            .withIntegrator(GradientFlow.Integrator.parse(INTEGRATOR.get(s)))
            .withRtol(RTOL.get(s))
            .withMaxTime(MAX_TIME.get(s))
            .withStationaryTol(STATIONARY_TOL.get(s))
            .withGradientTol(GRADIENT_TOL.get(s));
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        if (s.maxIterations() != null) {
            o = o.withMaxEvaluations(Math.max(1, s.maxIterations()));
        }
        return o;
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        GradientFlow.Options o = options(s);
        double[] u0 = InitialFactors.of(s, problem, d);
        FlowResult fr = new GradientFlow(o).optimize(new FactorizedObjective(problem, d), u0,
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.factor(n, problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put(INTEGRATOR.name(), o.integrator().key());
        used.put(RTOL.name(), o.rtol());
        used.put("tol", o.tol());
        used.put(MAX_TIME.name(), fr.maxTime());
        used.put("max_evaluations", o.maxEvaluations());
        used.put(STATIONARY_TOL.name(), o.stationaryTol());
        used.put(GRADIENT_TOL.name(), o.gradientTol());
        used.put("init_norm", Linalg.norm(u0));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("flow_time", fr.flowTime());
        extras.put("rate", fr.rate());
        extras.put("evaluations", fr.result().gradientEvaluations());
        extras.put("accepted_steps", fr.result().iterations());
        extras.put("rejected_steps", fr.rejectedSteps());
        extras.put("jacobian_builds", fr.jacobianBuilds());
        extras.put("linear_solves", fr.linearSolves());
        extras.put("integrator", fr.integrator());
        extras.put("stiff_switch_time", Double.isNaN(fr.switchTime()) ? null : fr.switchTime());
        return new SolveReport(name(), s, used, fr.result(), SolutionMetrics.of(fr.result().x(), n, problem.xStar()),
            extras, null);
    }
}

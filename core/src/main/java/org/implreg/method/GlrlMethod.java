package org.implreg.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.implreg.flow.GradientFlow;
import org.implreg.flow.GreedyLowRank;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;

/**
 * "glrl": greedy low-rank learning (Li, Luo &amp; Lyu 2021), see {@link GreedyLowRank}. Deterministic
 * (no random initialization): reads d (the largest rank, default n), tol (training error) and
 * max_iter (cap on gradient evaluations over all phases); options: epsilon (the appended column's
 * size relative to the problem's, see {@link GreedyLowRank}), rtol (the phases' integrator tolerance),
 * eigen_tol. Reports the rank path and the loss at the end of each phase, how the run ended
 * ({@code glrl_outcome}: {@link GreedyLowRank.Outcome#key()}, e.g. {@code fit}; the result's
 * {@code stopReason()}, {@code criterion()} and {@code trainError()} give the reason, its words and the
 * final ‖𝒜(X) − y‖/‖y‖), the column's absolute size {@code epsilon_absolute} and the rate ρ = ‖𝒜*(y)‖₂.
 */
final class GlrlMethod implements Method {
    static final MethodOption<Double> EPSILON = MethodOption.real("epsilon", GreedyLowRank.Options.DEFAULT_EPSILON,
        "size of each new column, relative to the problem (ε·‖X_min‖^½-like units: see GreedyLowRank)").above(0);
    static final MethodOption<Double> RTOL = MethodOption.real("rtol", GreedyLowRank.Options.DEFAULT_RTOL,
        "relative local error tolerance of each phase's flow").above(0);
    static final MethodOption<Double> EIGEN_TOL = MethodOption.real("eigen_tol", GreedyLowRank.Options.DEFAULT_EIGEN_TOL,
        "a phase ends at a minimum when λ_max(−∇f(X)) is at most this, relative to ‖𝒜*(y)‖₂").atLeast(0);

    @Override
    public String name() {
        return "glrl";
    }

    @Override
    public String description() {
        return "greedy low-rank learning (Li, Luo & Lyu 2021): from U = 0 add ε·(top eigenvector of −∇f(X)), run the flow, repeat";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("d", "n");
        d.put("tol", GreedyLowRank.Options.DEFAULT_TOL);
        d.put("max_iter", GradientFlow.Options.DEFAULT_MAX_EVALUATIONS);
        return Capabilities.symmetric(Capabilities.builder().factor().width().defaults(d).options(EPSILON, RTOL, EIGEN_TOL)
            .reads(Set.of(Capabilities.MAX_ITER, Capabilities.TOL)).iterative().traceable().build());
    }

    /** The options these settings give on a problem of dimension n. */
    static GreedyLowRank.Options options(SolveSettings s, int n) {
        int d = InitialFactors.width(s, n);
        GreedyLowRank.Options o = GreedyLowRank.Options.defaults(d);
        double rtol = RTOL.get(s);
        o = new GreedyLowRank.Options(EPSILON.get(s),
            s.tol() == null ? GreedyLowRank.Options.DEFAULT_TOL : s.tol(), d,
            EIGEN_TOL.get(s), o.flow().withRtol(rtol),
            s.maxIterations() == null ? o.maxEvaluations() : Math.max(1, s.maxIterations()));
        return o;
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        options(s, n);
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        GreedyLowRank.Options o = options(s, n);
        GreedyLowRank.Result gr = new GreedyLowRank(o).solve(problem.operator(), problem.y(),
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.factor(n, problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", o.maxRank());
        used.put("epsilon", o.epsilon());
        used.put("tol", o.tol());
        used.put("rtol", o.flow().rtol());
        used.put("eigen_tol", o.eigenTol());
        used.put("max_evaluations", o.maxEvaluations());
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("rank", gr.result().d());
        extras.put("glrl_outcome", gr.outcome().key());
        extras.put("epsilon_absolute", Double.isNaN(gr.epsilon()) ? null : gr.epsilon());
        extras.put("rate", gr.rate());
        List<Integer> path = new ArrayList<>();
        List<Map<String, Object>> phases = new ArrayList<>();
        for (GreedyLowRank.Phase p : gr.phases()) {
            path.add(p.rank());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", p.rank());
            m.put("eigenvalue", p.eigenvalue());
            m.put("loss", p.loss());
            m.put("train_error", p.trainError());
            m.put("flow_time", p.flowTime());
            m.put("evaluations", p.evaluations());
            m.put("stop", p.stop());
            phases.add(m);
        }
        extras.put("rank_path", path);
        extras.put("phase_losses", gr.phases().stream().map(GreedyLowRank.Phase::loss).toList());
        extras.put("phases", phases);
        extras.put("flow_time", gr.flowTime());
        extras.put("evaluations", gr.result().gradientEvaluations());
        return new SolveReport(name(), s, used, gr.result(), SolutionMetrics.of(gr.result().x(), n, problem.xStar()), extras, null);
    }
}

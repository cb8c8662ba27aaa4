package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.completion.CompletionGd;
import org.implreg.convex.CompletionNucmin;
import org.implreg.convex.Csdp;
import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminCertificate;
import org.implreg.convex.NucminResult;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.Problem;

/**
 * "nucmin": the certified minimum nuclear norm PSD solution (see {@link InteriorPointNucmin}), and
 * "csdp": the same SDP solved by the external CSDP, for comparison. Both report the KKT certificate
 * of their (X, v) computed by {@link NucminCertificate}.
 */
final class NucminMethod implements Method {
    private final boolean external;

    NucminMethod(boolean external) {
        this.external = external;
    }

    @Override
    public String name() {
        return external ? "csdp" : "nucmin";
    }

    @Override
    public String description() {
        return external ? "min tr(X) s.t. A(X) = y, X ⪰ 0 by the external CSDP solver (needs coinor-csdp)"
            : "certified min nuclear norm: min tr(X) s.t. A(X) = y, X ⪰ 0 by interior point (tol default 1e-7)";
    }

    @Override
    public boolean external() {
        return external;
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<ProblemKind, Capabilities> c = Capabilities.symmetric(external ? csdp() : interiorPoint());
        if (!external) {
            c.put(ProblemKind.RECTANGULAR_COMPLETION, Capabilities.builder()
                .defaults(Map.of("tol", CompletionNucmin.Options.defaults().tol(),
                    "max_iter", CompletionNucmin.Options.defaults().maxIterations()))
                .reads(java.util.Set.of(Capabilities.MAX_ITER, Capabilities.TOL))
                .iterative().convex().build()); // the ADMM shows its iterates; they are not traced
        }
        return c;
    }

    /**
     * Rectangular completion: min ‖X‖_* s.t. X_Ω = M_Ω by ADMM with singular value thresholding
     * ({@link CompletionNucmin}), certified by the relative duality gap (tol).
     */
    @Override
    public CompletionReport complete(org.implreg.problem.AsymmetricCompletion train, org.implreg.problem.AsymmetricCompletion test,
                                     SolveSettings s, java.util.function.Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints,
                                     IterationListener listener) {
        requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.SPEC_NAMES);
        CompletionNucmin.Options o = CompletionNucmin.Options.defaults();
        o = o.withTol(s.tol() != null ? s.tol() : o.tol());
        if (s.maxIterations() != null) {
            o = o.withMaxIterations((int) Math.min(Integer.MAX_VALUE, Math.max(1, s.maxIterations())));
        }
        CompletionNucmin.Result r = new CompletionNucmin(o).optimize(train, listener);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("tol", o.tol());
        used.put("max_iter", o.maxIterations());
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("lower_bound", r.lowerBound());
        cert.put("duality_gap", r.dualityGap());
        cert.put("primal_residual", 0.0);
        cert.put("dual_infeasibility", 0.0);
        cert.put("certified", r.dualityGap() <= o.tol());
        cert.put("rank", r.rank());
        cert.put("rho", r.rho());
        double testError = test == null ? Double.NaN : org.implreg.metrics.CompletionMetrics.relativeError(test, r.x());
        return new CompletionReport(name(), s, used, train.n1(), train.n2(), r.x(), null, null, 0, r.stopReason().name(), null,
            r.iterations(), org.implreg.metrics.CompletionMetrics.relativeError(train, r.x()), testError, r.nuclearNorm(), r.seconds(),
            cert, java.util.List.of(), 0);
    }

    /**
     * "nucmin" on symmetric problems: the interior point shows its iterates (the lifted SDP's, which
     * are not traced), no initialization, tol is the certificate's.
     */
    private static Capabilities interiorPoint() {
        return Capabilities.builder().dual()
            .defaults(Map.of("tol", DEFAULT_TOL, "max_iter", InteriorPointNucmin.Options.defaults().maxIterations()))
            .reads(java.util.Set.of(Capabilities.MAX_ITER, Capabilities.TOL)).iterative().convex().build();
    }

    /** "csdp": the external solver runs with its own iteration limit and shows no iterates; tol is the certificate's. */
    private static Capabilities csdp() {
        return Capabilities.builder().dual().defaults(Map.of("tol", DEFAULT_TOL)).reads(java.util.Set.of(Capabilities.TOL)).convex().build();
    }

    /** Default certificate tolerance of "nucmin". */
    static final double DEFAULT_TOL = 1e-7;

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        double tol = s.tol() != null ? s.tol() : DEFAULT_TOL;
        InteriorPointNucmin.Options o = InteriorPointNucmin.Options.defaults().withTol(tol);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations((int) Math.min(Integer.MAX_VALUE, Math.max(1, s.maxIterations())));
        }
        NucminResult r = external ? org.implreg.run.RunLifecycle.observe(listener, org.implreg.run.RunLifecycle.Start.UNCAPPED,
            () -> Csdp.solve(problem.operator(), problem.y(), 3600), c -> new org.implreg.run.ConvergenceChecker.Stop(c.stopReason(),
                c.criterion())) // no iterates to show, but a start and an end
            : new InteriorPointNucmin(o).optimize(problem, listener);
        return report(name(), problem, s, r, tol);
    }

    /** The solve report of a nuclear norm result (shared with the asymmetric solver's callers). */
    static SolveReport report(String name, Problem problem, SolveSettings s, NucminResult r, double tol) {
        int n = problem.n();
        NucminCertificate c = r.certificate();
        OptimizationResult opt = new OptimizationResult(r.x(), null, n, n, r.stopReason(), r.criterion(), r.iterations(), 0,
            r.seconds(), c == null ? Double.NaN : c.primalObjective(), c == null ? Double.NaN : c.primalResidual(),
            Double.NaN);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", n);
        used.put("tol", tol);
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("feasible", c != null);
        if (c != null) {
            cert.put("primal_residual", c.primalResidual());
            cert.put("dual_infeasibility", c.dualInfeasibility());
            cert.put("complementarity", c.complementarity());
            cert.put("duality_gap", c.dualityGap());
            cert.put("duality_gap_abs", c.dualityGapAbs());
            cert.put("primal_objective", c.primalObjective());
            cert.put("dual_objective", c.dualObjective());
            cert.put("lower_bound", c.lowerBound());
            cert.put("min_eigenvalue", c.minEigenvalueX());
            cert.put("certified", c.holds(tol));
        } else {
            cert.put("infeasibility_reason", r.criterion());
            cert.put("farkas_measure", r.infeasibilityMeasure());
        }
        SolutionMetrics mt = r.x() == null ? null : SolutionMetrics.of(r.x(), n, problem.xStar());
        return new SolveReport(name, s, used, opt, mt, cert, r.v());
    }
}

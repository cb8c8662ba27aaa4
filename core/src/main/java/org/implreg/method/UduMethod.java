package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.optimizer.UduGradientDescent;
import org.implreg.problem.Problem;

/**
 * "udu": Hou, Sra and Yurtsever's X = UDUᵀ with ‖U‖_F ≤ 1, D = diag(d) ≥ 0, projected GD on
 * ½‖𝒜(X) − y‖² ({@link UduGradientDescent}). U₀ = ξ Û₀/‖Û₀‖_F with Û₀ Gaussian (the init scale is ξ,
 * seeded like gd), width r = d (default n), D₀ = d0·I (option {@code d0}, default 1). Reports the
 * numerical rank with the usual metrics and D's entries in {@code diagonal}. Note the ½: the same η
 * moves half as far as on gd's ‖𝒜(X) − y‖² (BM with the paper's constants is gd with η/2).
 */
final class UduMethod implements Method {

    @Override
    public String name() {
        return "udu";
    }

    @Override
    public String description() {
        return "UDUᵀ (Hou, Sra, Yurtsever): projected GD on U (‖U‖_F ≤ 1) and diagonal D ≥ 0 for ½‖A(UDUᵀ) − y‖²; option d0";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = GradientDescentMethod.factorDefaults(1e-2);
        return Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width().step().defaults(d)
            .options(D0).iterative().traceable().build());
    }

    /** The initial D = d0·I. */
    static final MethodOption<Double> D0 = MethodOption.real("d0", 1.0, "the initial D = d0·I").atLeast(0);

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        check(s, n);
    }

    /** Checks the width, init scale and d0 of {@code s} on dimension n; returns d0. */
    private static double check(SolveSettings s, int n) {
        int r = s.d() == null ? n : s.d();
        InvalidInputException.require(r >= 1 && r <= n, "udu: width r must be in 1.." + n + ", got " + r);
        InvalidInputException.require(s.initScale() > 0 && s.initScale() <= 1,
            "udu: init scale ξ = ‖U0‖_F must be in (0, 1] (the constraint ‖U‖_F ≤ 1), got " + s.initScale());
        return D0.get(s);
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int r = s.d() == null ? n : s.d();
        double d0 = check(s, n);
        double[] u0 = InitialFactors.of(s, problem, r);
        double[] dd = new double[r];
        java.util.Arrays.fill(dd, d0);
        double step = Double.isNaN(s.step()) ? 1e-2 : s.step();
        GradientDescent.Options o = GradientDescent.Options.fixedStep(step);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        double[][] diag = {dd};
        IterationListener traced = org.implreg.metrics.IterateView.bind(listener, st -> {
            double[] ud = new double[st.point().length]; // X = (UD^{1/2})(UD^{1/2})ᵀ, as the result's X
            for (int j = 0; j < r; j++) {
                double sq = Math.sqrt(diag[0][j]);
                for (int i = 0; i < n; i++) {
                    ud[i + j * n] = sq * st.point()[i + j * n];
                }
            }
            double[] x = new double[n * n];
            org.implreg.linalg.Linalg.gram(ud, n, r, x);
            return org.implreg.metrics.IterateView.symmetric(x, n, problem.xStar(), org.implreg.linalg.Linalg.norm(st.point()));
        });
        UduGradientDescent.Result res = traced == listener ? new UduGradientDescent(o).optimize(problem, u0, dd, listener)
            : new UduGradientDescent(o).optimize(problem, u0, dd, UduGradientDescent.Listener.of(traced, (st, dv) -> {
                diag[0] = dv;
                traced.onIteration(st);
            }));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", r);
        used.put("step", step);
        used.put("d0", d0);
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        Map<String, Object> extras = new LinkedHashMap<>();
        double[] sorted = res.d().clone();
        java.util.Arrays.sort(sorted);
        double[] desc = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            desc[i] = sorted[sorted.length - 1 - i];
        }
        extras.put("diagonal", desc);
        extras.put("u_frobenius", org.implreg.linalg.Linalg.norm(res.u()));
        return new SolveReport(name(), s, used, res.result(), SolutionMetrics.of(res.result().x(), n, problem.xStar()), extras, null);
    }
}

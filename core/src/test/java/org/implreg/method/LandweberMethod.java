package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.OptimizationResult;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * A test-only method, registered by one line in {@code META-INF/services/org.implreg.method.Method}
 * (core's test resources): the Landweber iteration X ← X − η·2𝒜*(𝒜(X) − y) from X = 0 (GD on X
 * without the PSD projection), η = 1/(2‖𝒜‖²) by default or {@code scale}·that. The registry tests
 * show that solve, methods, --help, specs, sweeps and the contract test pick it up with no other change.
 */
public final class LandweberMethod implements Method {

    @Override
    public String name() {
        return "landweber";
    }

    @Override
    public String description() {
        return "test-only: Landweber iteration X ← X − 2η A*(A(X) − y) from 0; option scale (of the step 1/(2‖A‖²))";
    }

    /** The step's factor, relative to 1/(2‖A‖²). */
    static final MethodOption<Double> SCALE = MethodOption.real("scale", 1.0, "the step as a multiple of 1/(2‖A‖²)").above(0).atMost(1);

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        return Capabilities.symmetric(Capabilities.builder().step()
            .defaults(Map.of("step", "1/(2‖A‖²)", "max_iter", 10_000L, "tol", 1e-5)).options(SCALE)
            .reads(Set.of(Capabilities.MAX_ITER, Capabilities.TOL)) // starts from 0: no init scale, no seed
            .iterative().traceable().build());
    }

    /** The loop between the listener's init and finish ({@link RunLifecycle#observe}), as every method's loop. */
    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        return RunLifecycle.observe(listener, new RunLifecycle.Start(s.maxIterations() == null ? 10_000L : s.maxIterations()),
            () -> landweber(problem, s, IterateView.bind(listener, IterateView.matrix(problem.n(), problem.xStar()))),
            r -> new ConvergenceChecker.Stop(r.result().stopReason(), r.result().criterion()));
    }

    private SolveReport landweber(Problem problem, SolveSettings s, IterationListener listener) {
        long t0 = System.nanoTime();
        MeasurementOperator op = problem.operator();
        int n = problem.n();
        double[] y = problem.y();
        double[] x = new double[n * n];
        double[] r = new double[y.length];
        double[] g = new double[n * n];
        double step = Double.isNaN(s.step()) ? SCALE.get(s) / (2 * normSquared(op)) : s.step();
        long max = s.maxIterations() == null ? 10_000L : s.maxIterations();
        double tol = s.tol() == null ? 1e-5 : s.tol();
        double ny = Linalg.norm(y);
        long k = 0;
        StopReason stop = StopReason.MAX_ITER;
        double err;
        while (true) {
            op.apply(x, r);
            for (int i = 0; i < r.length; i++) {
                r[i] -= y[i];
            }
            double nr = Linalg.norm(r);
            err = nr / ny;
            listener.onIteration(new IterationState(k, nr * nr, err, Double.NaN, step, Double.NaN, x));
            if (err <= tol) {
                stop = StopReason.CONVERGED;
                break;
            }
            if (k >= max) {
                break;
            }
            op.adjoint(r, g);
            for (int i = 0; i < x.length; i++) {
                x[i] -= 2 * step * g[i];
            }
            k++;
        }
        OptimizationResult res = new OptimizationResult(x, null, n, n, stop, stop == StopReason.CONVERGED ? "tol" : "max_iter", k, k + 1,
            (System.nanoTime() - t0) / 1e9, err * err * ny * ny, err, Double.NaN);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("step", step);
        used.put("max_iter", max);
        used.put("tol", tol);
        return new SolveReport(name(), s, used, res, SolutionMetrics.of(x, n, problem.xStar()));
    }

    /** ‖𝒜‖² = λ_max(𝒜*𝒜) by power iteration. */
    private static double normSquared(MeasurementOperator op) {
        int n = op.n();
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                x[i + j * n] = 1.0 + (i * 7 + j * 7) % 5;
            }
        }
        double[] r = new double[op.m()];
        double[] g = new double[n * n];
        double lambda = 0;
        for (int it = 0; it < 200; it++) {
            double nx = Linalg.norm(x);
            for (int i = 0; i < x.length; i++) {
                x[i] /= nx;
            }
            op.apply(x, r);
            op.adjoint(r, g);
            lambda = Linalg.norm(g);
            System.arraycopy(g, 0, x, 0, x.length);
        }
        return lambda;
    }
}

package org.implreg.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.BatchedGradientDescent;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemSpec;

/** "gd": gradient descent on U (fixed step or clipped exact line search), see {@link GradientDescent}. */
final class GradientDescentMethod implements BatchableMethod {
    /** Default step when none is given: the paper's η = 10⁻³. */
    static final double DEFAULT_STEP = 1e-3;

    @Override
    public String name() {
        return "gd";
    }

    @Override
    public String description() {
        return "gradient descent on U with X = UUᵀ (fixed step, or exact line search capped at the step)";
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        int d = width(problem, s);
        GradientDescent.Options o = options(s);
        double[] u0 = s.initialFactor(problem, d);
        OptimizationResult r = new GradientDescent(o).optimize(new FactorizedObjective(problem, d), u0, listener);
        return report(problem, s, o, d, u0, r);
    }

    private int width(Problem problem, SolveSettings s) {
        s.requireKnownOptions(this);
        int n = problem.n();
        int d = s.d() == null ? n : s.d();
        InvalidInputException.require(d <= n, "d = " + d + " exceeds n = " + n);
        return d;
    }

    private static GradientDescent.Options options(SolveSettings s) {
        double step = Double.isNaN(s.step()) ? DEFAULT_STEP : s.step();
        GradientDescent.Options o = s.lineSearch() ? GradientDescent.Options.lineSearch(step)
            : GradientDescent.Options.fixedStep(step);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        return o;
    }

    private SolveReport report(Problem problem, SolveSettings s, GradientDescent.Options o, int d, double[] u0,
                               OptimizationResult r) {
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", o.step());
        used.put("line_search", o.lineSearch());
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", org.implreg.linalg.Linalg.norm(u0));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), problem.n(), problem.xStar()));
    }

    /**
     * Fixed-step runs on dense (Gaussian) operators batch: same step, tolerance and iteration cap
     * (widths d may differ). Line search and completion operators (whose passes are already cheap)
     * run alone.
     */
    @Override
    public String batchKey(ProblemSpec problem, SolveSettings s) {
        if (s.lineSearch() || problem.measurement() != ProblemSpec.Measurement.GAUSSIAN || !s.options().isEmpty()) {
            return null;
        }
        GradientDescent.Options o = options(s);
        return "gd|" + o.step() + "|" + o.tol() + "|" + o.maxIterations();
    }

    @Override
    public List<SolveReport> solveBatch(Problem problem, List<SolveSettings> settings) {
        if (!(problem.operator() instanceof DenseSymmetricOperator op) || settings.size() == 1) {
            return settings.stream().map(s -> solve(problem, s, IterationListener.NONE)).toList();
        }
        GradientDescent.Options o = options(settings.get(0));
        int[] dims = new int[settings.size()];
        List<double[]> u0s = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            SolveSettings s = settings.get(i);
            InvalidInputException.require(options(s).equals(o), "runs of one batch must share step, tolerance and iteration cap");
            dims[i] = width(problem, s);
            u0s.add(s.initialFactor(problem, dims[i]));
        }
        List<OptimizationResult> rs = new BatchedGradientDescent(o).optimize(op, problem.y(), dims, u0s);
        List<SolveReport> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            out.add(report(problem, settings.get(i), o, dims[i], u0s.get(i), rs.get(i)));
        }
        return out;
    }
}

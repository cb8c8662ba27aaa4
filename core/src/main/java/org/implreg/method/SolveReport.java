package org.implreg.method;

import java.util.Map;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.OptimizationResult;

/**
 * One solve: what ran, with which effective parameters, and what came out.
 *
 * @param method      method name
 * @param settings    the requested settings
 * @param used        effective parameters (e.g. d = n, the default step chosen) as key/values
 * @param result      the optimizer's result (its x is null when the problem is infeasible)
 * @param metrics     metrics of the final X (relative error NaN without X*), null without an X
 * @param extras      method-specific result keys merged into result.json: the optimality (or
 *                    infeasibility) certificate of convex references, the flow time and evaluation
 *                    counts of flows; empty for plain iterative methods
 * @param dual        for convex references: the dual vector v (m), else null
 */
public record SolveReport(String method, SolveSettings settings, Map<String, Object> used, OptimizationResult result,
                          SolutionMetrics metrics, Map<String, Object> extras, double[] dual) {

    /** A report without extra keys (iterative methods). */
    public SolveReport(String method, SolveSettings settings, Map<String, Object> used, OptimizationResult result,
                       SolutionMetrics metrics) {
        this(method, settings, used, result, metrics, Map.of(), null);
    }
}

package org.implreg.experiment;

import java.util.Map;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.OptimizationResult;

/**
 * One solve: what ran, with which effective parameters, and what came out.
 *
 * @param method   method name
 * @param settings the requested settings
 * @param used     effective parameters (e.g. d = n, the default step chosen) as key/values
 * @param result   the optimizer's result
 * @param metrics  metrics of the final X (relative error NaN without X*)
 */
public record SolveReport(String method, SolveSettings settings, Map<String, Object> used, OptimizationResult result,
                          SolutionMetrics metrics) {
}

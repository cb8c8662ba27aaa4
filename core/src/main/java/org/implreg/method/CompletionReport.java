package org.implreg.method;

import java.util.List;
import java.util.Map;
import org.implreg.completion.CompletionGd;

/**
 * One rectangular completion solve ({@link Method#complete}).
 *
 * @param method      method name
 * @param settings    the requested settings
 * @param used        effective parameters as key/values (for provenance)
 * @param n1          rows
 * @param n2          columns
 * @param x           the completed X (n1×n2 column-major), or null for factored methods (see u, v)
 * @param u           U (n1×d row-major) of factored methods, else null
 * @param v           V (n2×d row-major) of factored methods, else null
 * @param d           factor width (0 without factors)
 * @param stopReason  why it stopped (a {@link org.implreg.run.StopReason} name, or CLOSED_FORM)
 * @param criterion   the stopping criterion that fired (null for closed forms)
 * @param iterations  iterations in all
 * @param trainError  relative error on the training entries
 * @param testError   relative error on the test entries (NaN without them)
 * @param nuclearNorm ‖X‖_*
 * @param seconds     wall-clock seconds (summed over resumed sessions)
 * @param extras      method-specific result keys (e.g. the certificate of nucmin), in output order
 * @param path        recorded path of iterative methods (empty otherwise)
 * @param resumedFrom step count of the checkpoint this session started from (0: fresh)
 */
public record CompletionReport(String method, SolveSettings settings, Map<String, Object> used, int n1, int n2, double[] x,
                               double[] u, double[] v, int d, String stopReason, String criterion, long iterations,
                               double trainError, double testError, double nuclearNorm, double seconds, Map<String, Object> extras,
                               List<CompletionGd.PathPoint> path, long resumedFrom) {

    /** X (n1×n2 column-major): {@link #x} or, for factored methods, UVᵀ. */
    public double[] matrix() {
        if (x != null) {
            return x;
        }
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product(n1, n2, 8), "X = UVᵀ (" + n1 + "×" + n2 + " doubles)", method);
        double[] out = new double[n1 * n2];
        for (int j = 0; j < n2; j++) {
            for (int i = 0; i < n1; i++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += u[i * d + k] * v[j * d + k];
                }
                out[i + j * n1] = acc;
            }
        }
        return out;
    }
}

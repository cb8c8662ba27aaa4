package org.implreg.convex;

import org.implreg.run.StopReason;

/**
 * The outcome of a minimum nuclear norm solve of a symmetric problem.
 *
 * @param x           the solution X (n×n column-major, symmetric), or null when infeasible
 * @param v           the dual vector v (m); for an infeasible problem the Farkas direction: yᵀv = 1
 *                    and 𝒜*(v) ⪯ ε·I with ε = {@code infeasibilityMeasure}
 * @param n           dimension
 * @param certificate the KKT certificate of (x, v), or null when infeasible
 * @param stopReason  CONVERGED (certificate holds at the requested tolerance), INFEASIBLE, MAX_ITER or STALLED
 * @param criterion   the rule that stopped the run, in words
 * @param iterations  interior-point iterations (or solver iterations)
 * @param seconds     wall-clock seconds
 * @param infeasibilityMeasure for INFEASIBLE: max(0, λ_max(𝒜*(v))) of the normalized Farkas vector; NaN otherwise
 */
public record NucminResult(double[] x, double[] v, int n, NucminCertificate certificate, StopReason stopReason,
                           String criterion, long iterations, double seconds, double infeasibilityMeasure) {
}

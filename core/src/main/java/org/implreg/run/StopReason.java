package org.implreg.run;

/** Why an iterative method stopped. */
public enum StopReason {
    /** A convergence criterion held (see the result's criterion text). */
    CONVERGED,
    /** The iteration cap was reached first. */
    MAX_ITER,
    /** The loss grew beyond the divergence threshold. */
    DIVERGED,
    /** A non-finite value (NaN or ±∞) appeared in the loss or the iterate. */
    NON_FINITE,
    /** The problem has no feasible point; the result carries the certificate that proves it. */
    INFEASIBLE,
    /** No further progress at working precision; the result's certificate says how accurate it is. */
    STALLED
}

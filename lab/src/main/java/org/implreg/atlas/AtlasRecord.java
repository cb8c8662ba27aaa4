package org.implreg.atlas;

import java.util.List;

/**
 * One instance of a phase diagram, as the atlas's record store ({@code atlas.jsonl}) keeps it: the cell (rank, m),
 * the trial, the seed the instance is regenerated from, the certified minimum nuclear norm, every solver's outcome
 * (the certified minimum itself first, as solver {@code nucmin}), and the instance's answer as {@code implreg
 * conjecture} classifies it. Written and read by {@code report.RecordJson} (snake_case keys in this order).
 *
 * @param key            the instance's key in the store: rank, m, trial and the hash of the spec's settings
 * @param rank           rank r of the planted X*
 * @param m              number of measurements
 * @param trial          trial index in the cell, 0-based
 * @param seed           the seed the problem is generated from (a function of the spec's seed, rank, m and trial)
 * @param minNuclearNorm min ‖X‖_* subject to the data (the certified convex program)
 * @param certified      whether the minimum carries its optimality certificate
 * @param solvers        every solver's outcome on this instance, in the spec's order ({@code nucmin} first)
 * @param conjecture     the instance's answer as {@code implreg conjecture} classifies it (nuclear_norm,
 *                       greedy_low_rank, both, neither, inconclusive, not_converged), or null where the spec has
 *                       no flow over a list of α to classify with
 * @param seconds        wall time of the instance (a timing: not compared across engines)
 */
public record AtlasRecord(String key, int rank, int m, int trial, long seed, double minNuclearNorm, boolean certified,
                          List<SolverOutcome> solvers, String conjecture, double seconds) {

    /**
     * One solver on one instance.
     *
     * @param solver        the solver's row label in the diagram, unique in the spec (e.g. "nucmin", "flow α=1e-8", "gd", "deep N=3")
     * @param method        the registered method it ran
     * @param relError      ‖X − X*‖_F / ‖X*‖_F
     * @param nuclearNorm   ‖X‖_*
     * @param gapToMin      (‖X‖_* − min ‖X‖_*) / min ‖X‖_*
     * @param effectiveRank the effective rank of X (Roy &amp; Vetterli: exp of the entropy of the normalized singular values)
     * @param outcome       recovered (relError ≤ the spec's success tolerance), failed, or not converged within its budget
     * @param stopReason    the method's stop reason
     * @param seconds       wall time of the solve (a timing)
     */
    public record SolverOutcome(String solver, String method, double relError, double nuclearNorm, double gapToMin, double effectiveRank,
                                Outcome outcome, String stopReason, double seconds) {}

    /** Whether a run recovered X*; a run that did not converge within its budget is neither a success nor a failure. */
    public enum Outcome {
        RECOVERED, FAILED, NOT_CONVERGED;

        /** The JSON word: recovered, failed, not_converged. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The outcome of a JSON word. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Outcome parse(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }
}

package org.implreg.metrics;

import org.implreg.InvalidInputException;

/**
 * Which iterates k a trace records: every K-th ({@code k mod K = 0}), or log-spaced with N points per
 * decade: k is recorded when it is the first integer of a new bin ⌊N·log₁₀ k⌋, i.e. k ≤ 1 or
 * ⌊N·log₁₀ k⌋ &gt; ⌊N·log₁₀(k − 1)⌋. Log-spaced keeps every iterate while the bins are shorter than one
 * step (k ≲ N/ln 10) and then about N per decade: N = 50 (the default) records 255 of the first 10⁶
 * iterates. A pure function of k, so any run (a resumed one, GLRL's phases numbered across) records
 * the same iterates; the last iterate of a run is added by the recorder whatever the schedule says.
 *
 * @param every      K &gt; 0, or 0 when log-spaced
 * @param perDecade  N &gt; 0, or 0 when every K
 */
public record TraceSchedule(long every, int perDecade) {
    /** Points per decade of the default schedule. */
    public static final int DEFAULT_PER_DECADE = 50;
    /** The default schedule: log-spaced, {@value #DEFAULT_PER_DECADE} points per decade. */
    public static final TraceSchedule DEFAULT = logSpaced(DEFAULT_PER_DECADE);

    public TraceSchedule {
        InvalidInputException.require((every > 0) != (perDecade > 0), "a trace schedule is every K or log-spaced N, not both");
    }

    /** Iterates 0, K, 2K, …. */
    public static TraceSchedule every(long k) {
        InvalidInputException.require(k > 0, "trace every must be ≥ 1, got " + k);
        return new TraceSchedule(k, 0);
    }

    /** N points per decade. */
    public static TraceSchedule logSpaced(int n) {
        InvalidInputException.require(n > 0, "trace log-spaced must be ≥ 1, got " + n);
        return new TraceSchedule(0, n);
    }

    /**
     * The schedule given by two optional settings, at most one of them set (none: {@link #DEFAULT}); the
     * names are how the caller spells the settings (e.g. --trace-every, --trace-log-spaced).
     */
    public static TraceSchedule of(Long every, Long perDecade, String everyName, String logName) {
        InvalidInputException.require(every == null || perDecade == null, everyName + " and " + logName + " exclude each other");
        if (every != null) {
            InvalidInputException.require(every >= 1, everyName + " must be ≥ 1, got " + every);
            return every(every);
        }
        if (perDecade != null) {
            InvalidInputException.require(perDecade >= 1 && perDecade <= 1_000_000, logName + " must be in 1..1000000, got " + perDecade);
            return logSpaced(perDecade.intValue());
        }
        return DEFAULT;
    }

    /** Whether iterate k (≥ 0) is recorded. */
    public boolean records(long k) {
        if (every > 0) {
            return k % every == 0;
        }
        return k <= 1 || bin(k) > bin(k - 1);
    }

    private long bin(long k) {
        return (long) Math.floor(perDecade * Math.log10(k));
    }

    /** The schedule as a spec writes it: {every: K} or {log_spaced: N}. */
    public java.util.Map<String, Object> describe() {
        return every > 0 ? java.util.Map.of("every", every) : java.util.Map.of("log_spaced", perDecade);
    }
}

package org.implreg.problem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.implreg.InvalidInputException;

/**
 * Parameters of a generated problem family (Section 2 of Gunasekar et al. 2017).
 *
 * @param n           matrix dimension
 * @param rank        rank r of the planted matrix (for {@link Planted#DECAYING}: the r in ‖X*‖_* = √r‖X*‖_F)
 * @param m           number of measurements
 * @param planted     planted matrix family
 * @param measurement measurement family
 * @param noise       relative noise level σ ≥ 0: y = 𝒜(X*) + σ·(‖𝒜(X*)‖/√m)·ε, ε ~ N(0, I_m),
 *                    so ‖y − 𝒜(X*)‖ ≈ σ‖𝒜(X*)‖
 * @param powerLawExponent exponent a for {@link Measurement#POWER_LAW} (ignored otherwise)
 */
public record ProblemSpec(int n, int rank, int m, Planted planted, Measurement measurement, double noise,
                          double powerLawExponent) {

    /** Planted matrix families. */
    public enum Planted {
        LOW_RANK, DECAYING;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Planted parse(String s) {
            for (Planted p : values()) {
                if (p.key().equals(s)) {
                    return p;
                }
            }
            throw new InvalidInputException("unknown planted family '" + s + "' (expected low-rank or decaying)");
        }
    }

    /** Measurement families. */
    public enum Measurement {
        GAUSSIAN, UNIFORM, POWER_LAW;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Measurement parse(String s) {
            for (Measurement p : values()) {
                if (p.key().equals(s)) {
                    return p;
                }
            }
            throw new InvalidInputException("unknown measurement family '" + s + "' (expected gaussian, uniform or power-law)");
        }
    }

    public ProblemSpec {
        InvalidInputException.require(n >= 1 && n <= 4096, "n must be in 1..4096, got " + n);
        InvalidInputException.require(rank >= 1 && rank <= n, "rank r must be in 1..n = " + n + ", got " + rank);
        InvalidInputException.require(m >= 1, "m must be ≥ 1, got " + m);
        InvalidInputException.require(planted != null && measurement != null, "planted and measurement families are required");
        InvalidInputException.require(Double.isFinite(noise) && noise >= 0, "noise must be finite and ≥ 0, got " + noise);
        InvalidInputException.require(Double.isFinite(powerLawExponent) && powerLawExponent >= 0,
            "power-law exponent must be finite and ≥ 0, got " + powerLawExponent);
        if (measurement != Measurement.GAUSSIAN) {
            int len = n * (n + 1) / 2;
            InvalidInputException.require(m <= len,
                "m = " + m + " exceeds the " + len + " distinct entries of a symmetric " + n + "×" + n + " matrix");
        } else {
            InvalidInputException.require((long) m * n * (n + 1) / 2 <= 400_000_000L,
                "gaussian sensing with m = " + m + ", n = " + n + " needs more than 3.2 GB; reduce m or n");
        }
    }

    /** The paper's default: low-rank X*, Gaussian sensing, m = 3nr, no noise. */
    public static ProblemSpec paperDefault(int n, int r) {
        return new ProblemSpec(n, r, 3 * n * r, Planted.LOW_RANK, Measurement.GAUSSIAN, 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
    }

    /** Key/value description for provenance and problem files. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("n", n);
        d.put("rank", rank);
        d.put("m", m);
        d.put("planted", planted.key());
        d.put("measurement", measurement.key());
        d.put("noise", noise);
        if (measurement == Measurement.POWER_LAW) {
            d.put("power_law_exponent", powerLawExponent);
        }
        return d;
    }
}

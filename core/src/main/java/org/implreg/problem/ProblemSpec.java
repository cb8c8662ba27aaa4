package org.implreg.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
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
 * @param negativeRank rank r₋ ≥ 0 of the negative part of an indefinite planted matrix
 *                    ({@link Planted#INDEFINITE}: X* ∝ W₁W₁ᵀ − W₂W₂ᵀ, W₁ n×r with r = {@code rank} = r₊, W₂ n×r₋);
 *                    0 for every other family (they refuse anything else). In specs {@code negative_rank},
 *                    on {@code implreg problem} {@code --negative-rank}
 */
public record ProblemSpec(int n, int rank, int m, Planted planted, Measurement measurement, double noise,
                          double powerLawExponent, int negativeRank) {

    /**
     * A planted matrix family: the provider that makes X* (‖X*‖_F = 1) for a spec. Registered in
     * {@link ProblemFamilies} (one line there, or in {@code META-INF/services/org.implreg.problem.ProblemSpec$Planted});
     * the {@code problem} command, specs and sweeps take it by {@link #key()}.
     */
    public interface Planted {
        /** X* ∝ WWᵀ, W ∈ ℝ^{n×r} i.i.d. N(0,1). */
        Planted LOW_RANK = new LowRankPlanted();
        /** X* = V diag(λ) Vᵀ with a decaying spectrum (see {@link PlantedMatrices#decayingSpectrum}). */
        Planted DECAYING = new DecayingPlanted();
        /** X* ∝ W₁W₁ᵀ − W₂W₂ᵀ, indefinite of inertia (r₊, r₋) = (rank, negativeRank) (see {@link PlantedMatrices#indefinite}). */
        Planted INDEFINITE = new IndefinitePlanted();

        /** The name in specs, problem files and on the command line, e.g. low-rank. */
        String key();

        /** One line for help. */
        String description();

        /**
         * Refuses (one line) a spec this family cannot generate. By default: a negative rank r₋ &gt; 0 (only a family
         * with a negative part, {@link #INDEFINITE}, reads it).
         */
        default void validate(ProblemSpec spec) {
            InvalidInputException.require(spec.negativeRank() == 0, "planted family " + key() + " has no negative part: negative rank r₋ must be 0"
                + " (use --planted indefinite), got " + spec.negativeRank());
        }

        /** Adds the family's own parameters to {@link ProblemSpec#describe()} (e.g. the negative rank); none by default. */
        default void describe(ProblemSpec spec, Map<String, Object> out) {
        }

        /** X* (n×n column-major, ‖X*‖_F = 1) of {@code spec} from {@code rng}. */
        double[] generate(ProblemSpec spec, RandomGenerator rng);

        /** The registered family named {@code key}. */
        static Planted parse(String key) {
            return ProblemFamilies.planted(key);
        }

        /** The registered families, in registration order. */
        static Planted[] values() {
            return ProblemFamilies.planted().toArray(Planted[]::new);
        }
    }

    /**
     * A measurement family: the provider that validates a spec's parameters and makes its seeded
     * operator. Registered in {@link ProblemFamilies} (one line there, or in
     * {@code META-INF/services/org.implreg.problem.ProblemSpec$Measurement}); the {@code problem}
     * command, specs and sweeps take it by {@link #key()}.
     */
    public interface Measurement {
        /** Symmetric Gaussian sensing A_i = (G_i + G_iᵀ)/(2√m). */
        Measurement GAUSSIAN = new GaussianSensing();
        /** Uniform entry completion without replacement. */
        Measurement UNIFORM = new UniformCompletion();
        /** Power-law entry completion (exponent a, {@link ProblemSpec#powerLawExponent()}). */
        Measurement POWER_LAW = new PowerLawCompletion();

        /** The name in specs, problem files and on the command line, e.g. gaussian. */
        String key();

        /** One line for help. */
        String description();

        /** Refuses (one line) parameters of {@code spec} this family cannot measure with (e.g. m too large). */
        void validate(ProblemSpec spec);

        /** The operator of {@code spec} from {@code rng}. */
        MeasurementOperator operator(ProblemSpec spec, RandomGenerator rng);

        /** Adds the family's own parameters to {@link ProblemSpec#describe()} (e.g. the power-law exponent); none by default. */
        default void describe(ProblemSpec spec, Map<String, Object> out) {
        }

        /** Whether its operator is a dense matrix (fixed-step GD runs on it pay to batch). */
        default boolean denseOperator() {
            return false;
        }

        /** The registered family named {@code key}. */
        static Measurement parse(String key) {
            return ProblemFamilies.measurement(key);
        }

        /** The registered families, in registration order (built-ins first, then those from services files). */
        static Measurement[] values() {
            return ProblemFamilies.measurements().toArray(Measurement[]::new);
        }
    }

    /** A spec without a negative part (r₋ = 0): every family but {@link Planted#INDEFINITE} takes only these. */
    public ProblemSpec(int n, int rank, int m, Planted planted, Measurement measurement, double noise, double powerLawExponent) {
        this(n, rank, m, planted, measurement, noise, powerLawExponent, 0);
    }

    /** Checks the generic parameters, then lets the planted and measurement families check theirs. */
    public ProblemSpec(int n, int rank, int m, Planted planted, Measurement measurement, double noise, double powerLawExponent,
                       int negativeRank) {
        InvalidInputException.require(n >= 1 && n <= 4096, "n must be in 1..4096, got " + n);
        InvalidInputException.require(rank >= 1 && rank <= n, "rank r must be in 1..n = " + n + ", got " + rank);
        InvalidInputException.require(m >= 1, "m must be ≥ 1, got " + m);
        InvalidInputException.require(planted != null && measurement != null, "planted and measurement families are required");
        InvalidInputException.require(Double.isFinite(noise) && noise >= 0, "noise must be finite and ≥ 0, got " + noise);
        InvalidInputException.require(Double.isFinite(powerLawExponent) && powerLawExponent >= 0,
            "power-law exponent must be finite and ≥ 0, got " + powerLawExponent);
        InvalidInputException.require(negativeRank >= 0, "negative rank r₋ must be ≥ 0, got " + negativeRank);
        this.n = n;
        this.rank = rank;
        this.m = m;
        this.planted = planted;
        this.measurement = measurement;
        this.noise = noise;
        this.powerLawExponent = powerLawExponent;
        this.negativeRank = negativeRank;
        planted.validate(this);
        measurement.validate(this);
    }

    /** The default number of measurements per degree of freedom-like unit nr: m = 3nr (Gunasekar et al.'s setting). */
    public static final int DEFAULT_MEASUREMENTS_PER_NR = 3;

    /**
     * The default number of measurements, m = 3nr, wherever a user gives none (command line, specs, the paper's setting).
     *
     * @throws InvalidInputException (one line) when n or r is below 1 or 3nr does not fit an int
     */
    public static int defaultMeasurements(int n, int r) {
        long m = (long) DEFAULT_MEASUREMENTS_PER_NR * n * r;
        InvalidInputException.require(n >= 1 && r >= 1 && m <= Integer.MAX_VALUE,
            "m = 3·n·rank = " + m + " is out of range (n = " + n + ", rank = " + r + ")");
        return (int) m;
    }

    /** The paper's default: low-rank X*, Gaussian sensing, m = 3nr, no noise. */
    public static ProblemSpec paperDefault(int n, int r) {
        return new ProblemSpec(n, r, defaultMeasurements(n, r), Planted.LOW_RANK, Measurement.GAUSSIAN, 0.0,
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
        planted.describe(this, d);
        measurement.describe(this, d);
        return d;
    }
}

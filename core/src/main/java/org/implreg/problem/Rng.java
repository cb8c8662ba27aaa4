package org.implreg.problem;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Seeded random streams. implreg never uses global randomness: every random object is drawn from a
 * generator made here from a user seed and a purpose name, so that e.g. the measurement matrices
 * of a problem do not change when the planted matrix's rank changes.
 *
 * <p>Algorithm: {@value #ALGORITHM} (JDK 17), seeded with SplitMix64(seed ⊕ FNV-1a(purpose)).
 * Gaussians are {@link RandomGenerator#nextGaussian()} of that generator. Results are bitwise
 * reproducible for a given JDK implementation of the algorithm.
 */
public final class Rng {
    /** The JDK random generator algorithm used everywhere. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private Rng() {}

    /** A generator for (seed, purpose). */
    public static RandomGenerator stream(long seed, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return RandomGeneratorFactory.<RandomGenerator>of(ALGORITHM).create(mix(seed ^ h));
    }

    /**
     * The {@code index}-th of a family of generators for (seed, purpose), independent of one another and of
     * {@link #stream(long, String)}: a run that must be able to restart at step k (a checkpoint) draws step k's
     * random numbers from {@code stream(seed, purpose, k)}, a function of k alone, instead of from one generator
     * whose state it would have to save. Seeded with mix(mix(seed ⊕ h(purpose)) ⊕ mix(index)), h the FNV-1a hash
     * of {@link #stream(long, String)}.
     */
    public static RandomGenerator stream(long seed, String purpose, long index) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return FACTORY.create(mix(mix(seed ^ h) ^ mix(index)));
    }

    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of(ALGORITHM);

    /** SplitMix64 finalizer. */
    static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** An array of independent standard normal draws. */
    public static double[] gaussian(RandomGenerator rng, int count) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }
}

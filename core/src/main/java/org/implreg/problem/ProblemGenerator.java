package org.implreg.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;

/**
 * Generates seeded problem instances from a {@link ProblemSpec}. The planted matrix, the operator
 * and the noise use independent streams ({@link Rng#stream}) of the one seed.
 */
public final class ProblemGenerator {
    private ProblemGenerator() {}

    /** A problem instance for (spec, seed). */
    public static Problem generate(ProblemSpec spec, long seed) {
        double[] xStar = spec.planted().generate(spec, Rng.stream(seed, "planted"));
        MeasurementOperator op = spec.measurement().operator(spec, Rng.stream(seed, "operator"));
        double[] y = new double[spec.m()];
        op.apply(xStar, y);
        if (spec.noise() > 0) {
            RandomGenerator noise = Rng.stream(seed, "noise");
            double sigma = spec.noise() * Linalg.norm(y) / Math.sqrt(spec.m());
            for (int i = 0; i < y.length; i++) {
                y[i] += sigma * noise.nextGaussian();
            }
        }
        Map<String, Object> desc = new LinkedHashMap<>(spec.describe());
        desc.put("seed", seed);
        desc.put("rng", Rng.ALGORITHM);
        return new Problem(op, y, xStar, desc);
    }
}

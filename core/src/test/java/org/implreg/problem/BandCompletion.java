package org.implreg.problem;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;

/**
 * A test-only measurement family, registered by one line in
 * {@code META-INF/services/org.implreg.problem.ProblemSpec$Measurement} (core's test resources):
 * m distinct entries of the tridiagonal band |i − j| ≤ 1 (upper triangle), uniformly. The registry
 * tests show that {@code implreg problem}, specs and sweeps pick it up with no other change.
 */
public final class BandCompletion implements ProblemSpec.Measurement {
    @Override
    public String key() {
        return "band";
    }

    @Override
    public String description() {
        return "test-only: m distinct entries of the tridiagonal band, uniformly";
    }

    @Override
    public void validate(ProblemSpec spec) {
        InvalidInputException.require(spec.m() <= 2 * spec.n() - 1,
            "m = " + spec.m() + " exceeds the " + (2 * spec.n() - 1) + " entries of the band of a " + spec.n() + "×" + spec.n() + " matrix");
    }

    @Override
    public MeasurementOperator operator(ProblemSpec spec, RandomGenerator rng) {
        int n = spec.n();
        int len = 2 * n - 1;
        int[] rows = new int[len];
        int[] cols = new int[len];
        for (int k = 0; k < len; k++) {
            rows[k] = k / 2;
            cols[k] = (k + 1) / 2;
        }
        for (int i = 0; i < spec.m(); i++) {
            int j = i + rng.nextInt(len - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
            t = cols[i];
            cols[i] = cols[j];
            cols[j] = t;
        }
        return new CompletionOperator(n, java.util.Arrays.copyOf(rows, spec.m()), java.util.Arrays.copyOf(cols, spec.m()));
    }
}

package org.implreg.problem;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;

/** "gaussian": symmetric Gaussian sensing A_i = (G_i + G_iᵀ)/(2√m), a dense operator. */
final class GaussianSensing implements ProblemSpec.Measurement {
    @Override
    public String key() {
        return "gaussian";
    }

    @Override
    public String description() {
        return "A_i = (G_i + G_iᵀ)/(2√m), G_i i.i.d. N(0,1)";
    }

    @Override
    public void validate(ProblemSpec spec) {
        long n = spec.n();
        InvalidInputException.require((long) spec.m() * n * (n + 1) / 2 <= 400_000_000L,
            "gaussian sensing with m = " + spec.m() + ", n = " + n + " needs more than 3.2 GB; reduce m or n");
    }

    @Override
    public MeasurementOperator operator(ProblemSpec spec, RandomGenerator rng) {
        return MeasurementOperators.gaussian(spec.n(), spec.m(), rng);
    }

    @Override
    public boolean denseOperator() {
        return true;
    }
}

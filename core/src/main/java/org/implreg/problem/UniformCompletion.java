package org.implreg.problem;

import java.util.random.RandomGenerator;

/** "uniform": m distinct entries of the upper triangle, uniformly without replacement. */
final class UniformCompletion implements ProblemSpec.Measurement {
    @Override
    public String key() {
        return "uniform";
    }

    @Override
    public String description() {
        return "entry completion, m distinct entries uniformly";
    }

    @Override
    public void validate(ProblemSpec spec) {
        CompletionFamilies.requireEntries(spec);
    }

    @Override
    public MeasurementOperator operator(ProblemSpec spec, RandomGenerator rng) {
        return MeasurementOperators.uniformCompletion(spec.n(), spec.m(), rng);
    }
}

package org.implreg.problem;

import java.util.Map;
import java.util.random.RandomGenerator;

/** "power-law": m distinct entries with P(p, q) ∝ (rank_p rank_q)^−a, a = the spec's power-law exponent. */
final class PowerLawCompletion implements ProblemSpec.Measurement {
    @Override
    public String key() {
        return "power-law";
    }

    @Override
    public String description() {
        return "entry completion, P(p,q) ∝ (rank_p rank_q)^-a (a: power_law_exponent)";
    }

    @Override
    public void validate(ProblemSpec spec) {
        CompletionFamilies.requireEntries(spec);
    }

    @Override
    public MeasurementOperator operator(ProblemSpec spec, RandomGenerator rng) {
        return MeasurementOperators.powerLawCompletion(spec.n(), spec.m(), spec.powerLawExponent(), rng);
    }

    @Override
    public void describe(ProblemSpec spec, Map<String, Object> out) {
        out.put("power_law_exponent", spec.powerLawExponent());
    }
}

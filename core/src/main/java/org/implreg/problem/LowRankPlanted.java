package org.implreg.problem;

import java.util.random.RandomGenerator;

/** "low-rank": X* ∝ WWᵀ, W ∈ ℝ^{n×r} i.i.d. N(0,1), ‖X*‖_F = 1. */
final class LowRankPlanted implements ProblemSpec.Planted {
    @Override
    public String key() {
        return "low-rank";
    }

    @Override
    public String description() {
        return "X* ∝ WWᵀ, W n×r i.i.d. N(0,1)";
    }

    @Override
    public double[] generate(ProblemSpec spec, RandomGenerator rng) {
        return PlantedMatrices.lowRank(spec.n(), spec.rank(), rng);
    }
}

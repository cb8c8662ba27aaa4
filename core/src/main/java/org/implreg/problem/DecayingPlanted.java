package org.implreg.problem;

import java.util.random.RandomGenerator;

/** "decaying": X* = V diag(λ) Vᵀ, V Haar, λ₁ = 1, λ_k = c·k^{−1.5}, ‖X*‖_* = √r‖X*‖_F = √r. */
final class DecayingPlanted implements ProblemSpec.Planted {
    @Override
    public String key() {
        return "decaying";
    }

    @Override
    public String description() {
        return "X* = V diag(λ) Vᵀ, V Haar, λ_k ∝ k^-1.5 with ‖X*‖_* = √r";
    }

    @Override
    public double[] generate(ProblemSpec spec, RandomGenerator rng) {
        return PlantedMatrices.decayingSpectrum(spec.n(), spec.rank(), rng);
    }
}

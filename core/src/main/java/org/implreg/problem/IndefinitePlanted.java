package org.implreg.problem;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;

/**
 * "indefinite": X* = (W₁W₁ᵀ − W₂W₂ᵀ)/‖W₁W₁ᵀ − W₂W₂ᵀ‖_F with W₁ ∈ ℝ^{n×r₊}, W₂ ∈ ℝ^{n×r₋} i.i.d. N(0, 1)
 * (r₊ = {@link ProblemSpec#rank()}, r₋ = {@link ProblemSpec#negativeRank()}), so ‖X*‖_F = 1 as for
 * low-rank, and X* has r₊ positive and r₋ negative eigenvalues (almost surely, as r₊ + r₋ ≤ n). The
 * indefinite targets of Wu &amp; Rebeschini (2021), solved by {@code gd-pm} (X = UUᵀ − VVᵀ). W₁ is drawn
 * first, exactly as low-rank draws its W, so r₋ = 0 gives low-rank's X* bit for bit.
 */
final class IndefinitePlanted implements ProblemSpec.Planted {
    @Override
    public String key() {
        return "indefinite";
    }

    @Override
    public String description() {
        return "X* ∝ W₁W₁ᵀ − W₂W₂ᵀ, W₁ n×r₊, W₂ n×r₋ i.i.d. N(0,1) (rank r₊, negative rank r₋)";
    }

    /** Refuses r₊ + r₋ &gt; n (one line); r₋ ≥ 0 and r₊ ≥ 1 are the spec's own checks. */
    @Override
    public void validate(ProblemSpec spec) {
        InvalidInputException.require((long) spec.rank() + spec.negativeRank() <= spec.n(),
            "indefinite: rank r₊ + negative rank r₋ must be ≤ n = " + spec.n() + ", got " + spec.rank() + " + " + spec.negativeRank());
    }

    @Override
    public void describe(ProblemSpec spec, Map<String, Object> out) {
        out.put("negative_rank", spec.negativeRank());
    }

    @Override
    public double[] generate(ProblemSpec spec, RandomGenerator rng) {
        return PlantedMatrices.indefinite(spec.n(), spec.rank(), spec.negativeRank(), rng);
    }
}

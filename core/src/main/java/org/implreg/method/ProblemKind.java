package org.implreg.method;

import java.util.Locale;

/** The kinds of problem a {@link Method} may declare it solves ({@link Method#capabilities()}). */
public enum ProblemKind {
    /** Symmetric sensing or completion, X ∈ 𝕊ⁿ (problem .npz files, sweep specs). */
    SYMMETRIC,
    /** Rectangular sensing y_i = ⟨A_i, X⟩, X ∈ ℝ^{n1×n2}, solved through the symmetric embedding. */
    RECTANGULAR_SENSING,
    /** Rectangular completion X_Ω = M_Ω (ratings files, asymmetric completion .npz). */
    RECTANGULAR_COMPLETION;

    /** The name in messages: symmetric, rectangular-sensing, rectangular-completion. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

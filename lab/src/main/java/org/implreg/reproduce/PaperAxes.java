package org.implreg.reproduce;

import java.util.List;

/**
 * Gunasekar et al.'s Figure 4 axes for Δ = (‖X_flow‖_* − min ‖X‖_*)/min ‖X‖_*: 20 bins of 0.02 over [−0.2, 0.2].
 * Shared by the papers that draw Δ on those axes ({@code gunasekar2017-grid}, {@code li2021}), so that no
 * paper's package imports another's.
 */
public final class PaperAxes {
    private PaperAxes() {}

    /**
     * |Δ| below this counts as 0 on the paper's axes: Δ ≥ 0 exactly, and a flow stopped at training error
     * 1e-6 fits the data only to that, which moves Δ by up to 1.65e-5 on the full grid (the most negative Δ).
     */
    public static final double ZERO_DELTA = 1e-4;

    /** Figure 4 on the paper's axes: counts of Δ in 20 bins of 0.02 over [−0.2, 0.2] (|Δ| &lt; {@link #ZERO_DELTA} counts as 0; values outside as "below"/"above"). */
    public static Counts counts(List<Double> deltas) {
        int[] counts = new int[20];
        int below = 0;
        int above = 0;
        for (double raw : deltas) {
            double d = Math.abs(raw) < ZERO_DELTA ? 0.0 : raw;
            if (d < -0.2) {
                below++;
            } else if (d > 0.2) {
                above++;
            } else {
                counts[Math.min(19, (int) Math.floor((d + 0.2) / 0.02))]++;
            }
        }
        return new Counts(java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(i -> -0.2 + 0.02 * i).toArray(), counts, below, above,
            deltas.size());
    }

    /**
     * Counts of Δ on the paper's axes.
     *
     * @param edges  the 21 bin edges −0.2, −0.18, …, 0.2
     * @param counts the 20 bins' counts
     * @param below  Δ &lt; −0.2
     * @param above  Δ &gt; 0.2
     * @param total  all Δ counted
     */
    public record Counts(double[] edges, int[] counts, int below, int above, int total) {}
}

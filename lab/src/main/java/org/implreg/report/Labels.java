package org.implreg.report;

import java.util.Map;

/**
 * Human labels of the keys that traces, records and reproductions use (the one place mapping them): a figure's
 * title, axis titles and legend never show a raw key such as {@code rel_error}. {@link Charts} passes every title,
 * axis title and series name through {@link #of}, so a chart built with raw keys is labelled anyway.
 */
public final class Labels {
    private Labels() {}

    private static final Map<String, String> LABELS = Map.ofEntries(
        Map.entry("singular_values", "σᵢ(X)"),
        Map.entry("loss", "loss"),
        Map.entry("train_error", "training error ‖𝒜(X) − y‖/‖y‖"),
        Map.entry("rel_error", "relative error ‖X − X*‖_F/‖X*‖_F"),
        Map.entry("nuclear_norm", "nuclear norm ‖X‖_*"),
        Map.entry("effective_rank", "effective rank ‖·‖_*/‖·‖₂"),
        Map.entry("u_norm", "‖U‖_F"),
        Map.entry("flow_time", "flow time t"),
        Map.entry("iteration", "iteration k"),
        Map.entry("d", "factor width d"),
        Map.entry("init_scale", "init scale α"),
        Map.entry("step", "step size η"),
        Map.entry("tol", "tolerance"),
        Map.entry("abs_w11", "|W₁₁|"),
        Map.entry("frobenius", "‖W‖_F"),
        Map.entry("nuclear", "‖W‖_*"),
        Map.entry("schatten_half", "Schatten-½ (Σ √σᵢ)²"),
        Map.entry("reconstruction_error", "reconstruction error ‖X − X*‖_F/‖X*‖_F"),
        Map.entry("det", "det W"));

    /** What a key means on a trace (of X): where it differs from {@link #of}'s general label. */
    private static final Map<String, String> TRACE = Map.of("effective_rank", "effective rank ‖X‖_*/‖X‖₂");

    /** The label of a trace's key ({@link org.implreg.io.TraceFile}: a quantity of the iterate X). */
    public static String trace(String key) {
        return TRACE.getOrDefault(key, of(key));
    }

    /** The label of {@code key}; any other text (already a label) unchanged; null stays null. */
    public static String of(String key) {
        return key == null ? null : LABELS.getOrDefault(key, key);
    }

    /** Whether {@code key} has a label of its own (it is a raw key). */
    public static boolean isKey(String key) {
        return LABELS.containsKey(key) && !LABELS.get(key).equals(key);
    }
}

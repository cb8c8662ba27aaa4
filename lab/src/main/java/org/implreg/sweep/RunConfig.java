package org.implreg.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.problem.ProblemSpec;
import org.implreg.method.SolveSettings;

/**
 * One run of a sweep: the problem (spec and seed), the method settings, and a label for legends.
 * {@link #key()} hashes the full configuration (not the label or position), so a rerun of the same
 * spec recognizes the runs it already has.
 *
 * @param index       position in the expanded sweep
 * @param label       the method entry's label (e.g. "GD η=1e-3"), for tables and legends
 * @param problem     the problem family and parameters
 * @param problemSeed the seed the problem is generated from
 * @param settings    the method settings (Gaussian initialization from {@code settings.seed()})
 */
public record RunConfig(int index, String label, ProblemSpec problem, long problemSeed, SolveSettings settings) {

    /** The configuration as sorted key/values: problem.*, problem.seed and the method settings. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>(problem.describe());
        p.put("power_law_exponent", problem.powerLawExponent());
        p.put("seed", problemSeed);
        m.put("problem", p);
        m.putAll(settings.describe());
        return m;
    }

    /** SHA-256 (first 16 hex digits) of the canonical configuration. */
    public String key() {
        String canonical = canonical(describe());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sorted, type-tagged text of a map: doubles by Double.toString, so 1e-3 and 0.001 hash alike. */
    static String canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sorted.forEach((k, x) -> sb.append(k).append('=').append(canonical(x)).append(';'));
            return sb.append('}').toString();
        }
        if (v instanceof Double d) {
            return "d" + d;
        }
        if (v instanceof Float f) {
            return "d" + (double) f;
        }
        if (v instanceof Integer || v instanceof Long) {
            return "i" + v;
        }
        return v == null ? "null" : "s" + v;
    }
}

package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.implreg.InvalidInputException;
import org.implreg.method.Method;

/**
 * Expansion of a spec's grid into configurations, and the cap on their number. A configuration is a
 * map from key to value: the problem's keys (its seed as {@code problem_seed}), the method entry's
 * scalars ({@link #METHOD_SCALARS}) and its options as {@code options.NAME}, then one value of each
 * axis. The axes of an entry are the global grid's with the entry's own added (overriding on the same
 * key); an entry's configurations are the product of its axes in the order written, the last axis
 * varying fastest. The number of runs, Σ over entries of seeds × Π axis sizes, is counted (saturating,
 * never overflowing) before anything is expanded.
 */
final class SpecGrid {
    private SpecGrid() {}

    /** The problem keys of a spec (grid axes too, the seed as {@code problem_seed}). */
    static final Set<String> PROBLEM = Set.of("n", "rank", "m", "measurement", "planted", "noise",
        "power_law_exponent", "negative_rank", "seed");
    /** The scalar keys of a method entry (grid axes too). */
    static final Set<String> METHOD_SCALARS = Set.of("d", "init", "init_scale", "step", "line_search", "max_iter", "tol");

    static Map<String, JsonNode> grid(JsonNode g, String where, String path) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (g == null) {
            return out;
        }
        if (!g.isObject()) {
            throw new InvalidInputException(where + ": " + path + ": expected a mapping of axis: [values]");
        }
        Iterator<Map.Entry<String, JsonNode>> it = g.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode vals = e.getValue();
            if (!vals.isArray()) {
                throw new InvalidInputException(where + ": " + path + "." + e.getKey() + ": expected a list of values");
            }
            if (vals.isEmpty()) {
                throw new InvalidInputException(where + ": " + path + "." + e.getKey() + ": empty axis");
            }
            out.put(e.getKey(), vals);
        }
        return out;
    }

    /** Counts the runs (entries × axes × seeds) without expanding them; refuses more than {@code maxRuns}. */
    static void requireRunCount(JsonNode root, JsonNode methods, Map<String, JsonNode> globalGrid, List<Long> globalSeeds,
                                        String where, long maxRuns) {
        long total = 0;
        for (int k = 0; k < methods.size(); k++) {
            JsonNode me = methods.get(k);
            if (!me.isObject()) {
                continue; // refused with its own message below
            }
            Map<String, JsonNode> axes = new LinkedHashMap<>(globalGrid);
            axes.putAll(grid(me.get("grid"), where, "methods[" + k + "].grid"));
            long n = me.has("seeds") && me.get("seeds").isArray() ? Math.max(1, me.get("seeds").size()) : globalSeeds.size();
            for (JsonNode axis : axes.values()) {
                n = saturatingMultiply(n, axis.size());
            }
            total = Math.min(Long.MAX_VALUE / 2, total + n);
        }
        if (total > maxRuns) {
            throw new InvalidInputException(where + ": the spec expands to " + (total >= Long.MAX_VALUE / 2 ? "more than 10^18"
                : Long.toString(total)) + " runs, more than the limit of " + maxRuns + " (raise it with --max-runs)");
        }
    }

    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Refuses an axis that is neither a problem key, a method scalar nor an option of {@code method}. */
    static void checkAxis(String axis, Method method, String where, String path) {
        if (axis.startsWith("options.")) {
            String o = axis.substring("options.".length());
            if (!method.optionKeys().contains(o)) {
                throw new InvalidInputException(where + ": grid." + axis + ": method " + method.name() + " (" + path
                    + ") has no option '" + o + "'");
            }
            return;
        }
        if (!(PROBLEM.contains(axis) && !axis.equals("seed")) && !axis.equals("problem_seed") && !METHOD_SCALARS.contains(axis)) {
            throw new InvalidInputException(where + ": grid." + axis + ": unknown axis (known: problem keys "
                + String.join(", ", new TreeSet<>(PROBLEM)).replace("seed", "problem_seed") + "; method keys "
                + String.join(", ", new TreeSet<>(METHOD_SCALARS)) + "; options.NAME)");
        }
    }

    /**
     * The fixed part of an entry's configurations: the problem's keys, the entry's scalars and its
     * options ({@code options.NAME}).
     */
    static Map<String, JsonNode> fixed(JsonNode prob, JsonNode me, String where, String path) {
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        prob.fields().forEachRemaining(e -> fixed.put(e.getKey().equals("seed") ? "problem_seed" : e.getKey(), e.getValue()));
        me.fields().forEachRemaining(e -> {
            if (METHOD_SCALARS.contains(e.getKey())) {
                fixed.put(e.getKey(), e.getValue());
            }
        });
        JsonNode opts = me.get("options");
        if (opts != null) {
            if (!opts.isObject()) {
                throw new InvalidInputException(where + ": " + path + ".options: expected a mapping of option: value");
            }
            opts.fields().forEachRemaining(e -> fixed.put("options." + e.getKey(), e.getValue()));
        }
        return fixed;
    }

    /**
     * Calls {@code each} with every configuration of {@code fixed} × {@code axes}, the last axis
     * varying fastest, and its description (" with axis=value, …", empty without axes).
     */
    static void expand(Map<String, JsonNode> fixed, Map<String, JsonNode> axes, BiConsumer<Map<String, JsonNode>, String> each) {
        List<String> names = new ArrayList<>(axes.keySet());
        int[] at = new int[names.size()];
        while (true) {
            Map<String, JsonNode> values = new LinkedHashMap<>(fixed);
            StringBuilder desc = new StringBuilder();
            for (int a = 0; a < names.size(); a++) {
                JsonNode v = axes.get(names.get(a)).get(at[a]);
                values.put(names.get(a), v);
                desc.append(desc.length() == 0 ? " with " : ", ").append(names.get(a)).append('=').append(v.asText());
            }
            each.accept(values, desc.toString());
            int a = names.size() - 1;
            while (a >= 0 && ++at[a] == axes.get(names.get(a)).size()) {
                at[a] = 0;
                a--;
            }
            if (a < 0) {
                break;
            }
        }
    }
}

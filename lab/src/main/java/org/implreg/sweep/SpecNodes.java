package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.implreg.InvalidInputException;

/**
 * Typed values of a spec's tree: every reader names the file ({@code where}) and the key ({@code path})
 * in its error, e.g. {@code spec.yaml: methods[0].step: expected a number, got 'abc'}. Numbers may be written
 * as strings ("1e-3"); NaN is refused (it would read as "the default"); an integer must be integral and, for an
 * int, fit one (4294967298 is refused, never wrapped to 2). Public for the other readers of spec files (the atlas's).
 */
public final class SpecNodes {
    private SpecNodes() {}

    public static List<Long> seeds(JsonNode sn, String where, String path) {
        if (!sn.isArray() || sn.isEmpty()) {
            throw new InvalidInputException(where + ": " + path + ": expected a non-empty list of integers");
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < sn.size(); i++) {
            seeds.add(integer(sn.get(i), where, path + "[" + i + "]"));
        }
        return seeds;
    }

    public static JsonNode req(Map<String, JsonNode> v, String key, String where, String path) {
        JsonNode x = v.get(key);
        if (x == null) {
            throw new InvalidInputException(where + ": " + path + ": required");
        }
        return x;
    }

    public static void checkKeys(JsonNode node, Set<String> known, String where, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!known.contains(k)) {
                throw new InvalidInputException(where + ": " + prefix + k + ": unknown key (known: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    public static String text(JsonNode x, String where, String path) {
        if (x == null || !x.isValueNode() || x.isNull()) {
            throw new InvalidInputException(where + ": " + path + ": expected a string, got " + describe(x));
        }
        return x.asText();
    }

    public static double number(JsonNode x, String where, String path) {
        if (x != null && x.isNumber() && !Double.isNaN(x.asDouble())) { // NaN (.nan) would read as "the default"
            return x.asDouble();
        }
        if (x != null && x.isTextual()) {
            try {
                double d = Double.parseDouble(x.asText().trim());
                if (!Double.isNaN(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new InvalidInputException(where + ": " + path + ": expected a number, got " + describe(x));
    }

    public static long integer(JsonNode x, String where, String path) {
        if (x != null && x.isIntegralNumber()) {
            if (!x.canConvertToLong()) {
                throw new InvalidInputException(where + ": " + path + ": " + x.asText() + " is out of range");
            }
            return x.asLong();
        }
        if (x != null && (x.isNumber() || x.isTextual())) {
            try {
                double d = x.isNumber() ? x.asDouble() : Double.parseDouble(x.asText().trim());
                if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new InvalidInputException(where + ": " + path + ": expected an integer, got " + describe(x));
    }

    /** An integer that fits an int: a larger one is refused, never wrapped (4294967298 is not 2). */
    public static int intValue(JsonNode x, String where, String path) {
        long v = integer(x, where, path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": " + path + ": " + v + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    public static boolean bool(JsonNode x, String where, String path) {
        if (x != null && x.isBoolean()) {
            return x.asBoolean();
        }
        throw new InvalidInputException(where + ": " + path + ": expected true or false, got " + describe(x));
    }

    public static String describe(JsonNode x) {
        if (x == null || x.isNull()) {
            return "nothing";
        }
        if (x.isContainerNode()) {
            return x.isArray() ? "a list" : "a mapping";
        }
        return "'" + x.asText() + "'";
    }
}

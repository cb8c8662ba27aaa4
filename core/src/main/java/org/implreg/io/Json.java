package org.implreg.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON output: plain maps and lists, NaN and ±∞ written as null, files written atomically. */
public final class Json {
    /** The shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** Replaces non-finite doubles by null and double[] by lists, recursively. */
    public static Object sanitize(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>(a.length);
            for (double x : a) {
                l.add(Double.isFinite(x) ? x : null);
            }
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), sanitize(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        return v;
    }

    /** Pretty JSON text of a sanitized value. */
    public static String toJson(Object v) {
        try {
            return MAPPER.writeValueAsString(sanitize(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes JSON atomically, with a final newline. */
    public static void write(Object v, Path file) {
        AtomicFiles.write(file, bytes(v));
    }

    /** The bytes {@link #write} writes. */
    public static byte[] bytes(Object v) {
        return (toJson(v) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

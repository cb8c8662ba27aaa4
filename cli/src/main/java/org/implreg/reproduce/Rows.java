package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.implreg.io.Json;

/**
 * Results of a reproduction's expensive steps kept as JSON files keyed by their settings: a rerun
 * with the same key reads the file instead of recomputing (resume after a crash or Ctrl-C).
 */
final class Rows {
    private Rows() {}

    /**
     * The map in {@code file} if its {@code key} matches, else {@code job}'s result, saved there (atomically)
     * with the key. Either way the values are JSON's: arrays as lists, non-finite numbers as null.
     */
    static Map<String, Object> cached(Path file, String key, Supplier<Map<String, Object>> job) {
        if (Files.isRegularFile(file)) {
            try {
                JsonNode n = Json.MAPPER.readTree(file.toFile());
                if (key.equals(n.path("key").asText())) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = Json.MAPPER.convertValue(n, LinkedHashMap.class);
                    m.remove("key");
                    return m;
                }
            } catch (IOException e) {
                // unreadable (e.g. written by another version): recompute
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.sanitize(job.get()); // as a reread file would give it
        Map<String, Object> saved = new LinkedHashMap<>(m);
        saved.put("key", key);
        Json.write(saved, file);
        return m;
    }

    /** The first 12 bytes of SHA-256 of the text, hex. */
    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

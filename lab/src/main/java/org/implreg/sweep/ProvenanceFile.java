package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.io.Provenance;

/**
 * {@code provenance.json} of a folder that is filled over several sessions (a resumed sweep or
 * reproduction). Its top-level keys are those of the latest session ({@link Provenance.Info#toMap()}),
 * {@code sessions} keeps every session that wrote to the folder (earlier ones as they were written,
 * never rewritten), and {@code builds} counts the records made by each build of implreg, read from the
 * records themselves (each carries a {@code build}), so runs made by an older build are not credited to
 * the current one.
 */
public final class ProvenanceFile {
    private ProvenanceFile() {}

    /** The record's build ({@link Provenance.Build#UNRECORDED} for records that predate per-run builds). */
    public static Provenance.Build build(JsonNode record) {
        return Provenance.Build.of(record == null ? null : record.get("build"));
    }

    /** The builds that made the records, each with its number of records, in order of first appearance. */
    public static List<Map<String, Object>> builds(Collection<JsonNode> records) {
        Map<Provenance.Build, Integer> counts = new LinkedHashMap<>();
        for (JsonNode r : records) {
            counts.merge(build(r), 1, Integer::sum);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((b, c) -> {
            Map<String, Object> m = new LinkedHashMap<>(b.toMap());
            m.put("records", c);
            out.add(m);
        });
        return out;
    }

    /**
     * Writes {@code file}: this session on top, the earlier sessions of the file kept (a file of an
     * older layout counts as one earlier session), this session appended once (a second call in the
     * same session replaces its own entry), and the builds of {@code records}.
     *
     * @return what was written
     */
    public static Map<String, Object> update(Path file, Provenance.Info session, Collection<JsonNode> records) {
        Map<String, Object> current = session.toMap();
        List<Object> sessions = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                JsonNode old = Json.MAPPER.readTree(file.toFile());
                if (old.has("sessions") && old.get("sessions").isArray()) {
                    for (JsonNode s : old.get("sessions")) {
                        sessions.add(Json.MAPPER.convertValue(s, LinkedHashMap.class));
                    }
                } else if (old.isObject()) {
                    sessions.add(Json.MAPPER.convertValue(old, LinkedHashMap.class));
                }
            } catch (IOException e) {
                // unreadable: start the history here
            }
        }
        if (!sessions.isEmpty() && sessions.get(sessions.size() - 1) instanceof Map<?, ?> last
            && current.get("created").equals(last.get("created"))) {
            sessions.remove(sessions.size() - 1);
        }
        sessions.add(Json.sanitize(current));
        Map<String, Object> out = new LinkedHashMap<>(current);
        if (records != null) {
            out.put("builds", builds(records));
        }
        out.put("sessions", sessions);
        Json.write(out, file);
        return out;
    }
}

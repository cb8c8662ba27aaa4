package org.implreg.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.io.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provenance.json of a resumed folder keeps the earlier sessions and credits each record to the build that made it. */
class ProvenanceFileTest {
    @TempDir
    Path tmp;

    private static JsonNode record(String commit) {
        Map<String, Object> r = commit == null ? Map.of("key", "a")
            : Map.of("key", "a", "build", new Provenance.Build("0.1", commit, "false").toMap());
        return Json.MAPPER.valueToTree(r);
    }

    @Test
    void aResumeAppendsItsSessionAndCountsRecordsByBuild() throws Exception {
        Path f = tmp.resolve("provenance.json");
        Provenance.Info first = new Provenance.Info(new Provenance.Build("0.1", "old", "false"), "jvm", "blas", 1, "os", 2, "rng",
            Map.of("threads", 1), 1L, "2026-01-01T00:00:00Z");
        ProvenanceFile.update(f, first, List.of(record("old")));
        Provenance.Info second = Provenance.Info.current(Map.of("threads", 2), 1L);
        Map<String, Object> out = ProvenanceFile.update(f, second, List.of(record("old"), record("old"), record(null),
            record(Provenance.gitCommit())));
        JsonNode p = Json.MAPPER.readTree(f.toFile());
        assertThat(p.get("git_commit").asText()).isEqualTo(Provenance.gitCommit());
        assertThat(p.get("sessions")).hasSize(2);
        assertThat(p.get("sessions").get(0).get("git_commit").asText()).isEqualTo("old");
        assertThat(p.get("sessions").get(0).get("created").asText()).isEqualTo("2026-01-01T00:00:00Z");
        JsonNode builds = p.get("builds");
        assertThat(builds).hasSize(3);
        assertThat(builds.get(0).get("git_commit").asText()).isEqualTo("old");
        assertThat(builds.get(0).get("records").asInt()).isEqualTo(2);
        assertThat(builds.get(1).get("git_commit").asText()).isEqualTo("unrecorded");
        assertThat(builds.get(2).get("records").asInt()).isEqualTo(1);
        // the same session written again (start and end of a sweep) is one entry
        ProvenanceFile.update(f, second, List.of());
        assertThat(Json.MAPPER.readTree(f.toFile()).get("sessions")).hasSize(2);
        assertThat(out).containsKey("builds");
    }

    @Test
    void aFileOfTheOlderLayoutBecomesTheFirstSession() throws Exception {
        Path f = tmp.resolve("provenance.json");
        Json.write(Provenance.of(Map.of("spec", "x")), f);
        ProvenanceFile.update(f, Provenance.Info.current(Map.of(), null), List.of());
        JsonNode p = Json.MAPPER.readTree(f.toFile());
        assertThat(p.get("sessions")).hasSize(2);
        assertThat(p.get("sessions").get(0).get("options").get("spec").asText()).isEqualTo("x");
    }
}

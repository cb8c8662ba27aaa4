package org.implreg.reproduce.arora2019;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.io.Json;
import org.implreg.reproduce.Rows;
import org.implreg.report.RecordJson;
import org.junit.jupiter.api.Test;

/**
 * Arora et al.'s typed rows against the map version's store: rows it stored read back as {@link Arora2019Reproduction.Row}
 * and write the same JSON (keys, order, number forms), and the row keys are its hashes.
 */
class Arora2019RowsTest {
    /** Rows as the map version stored them at CI size (singular values cut to two). */
    static final String NUCMIN = "{\"duality_gap\":6.608437594447307E-7,\"iterations\":190,\"method\":\"min_nuclear_norm\",\"seconds\":"
        + "0.025536812,\"stop_reason\":\"CONVERGED\",\"train_error\":0.0,\"reconstruction_error\":0.7931217424550704,\"nuclear_norm\":"
        + "23.763042344318585,\"effective_rank\":2.636506930639283,\"entropy_rank\":4.868301366029358,\"singular_values_top10\":"
        + "[9.013077897943047,4.549518017708946]}";
    static final String DEEP = "{\"depth\":3,\"eta\":0.015731198620832377,\"iterations\":500,\"method\":\"deep\",\"scale\":0.001,\"seconds\":"
        + "0.043852144,\"stop_reason\":\"MAX_ITER\",\"train_error\":0.3065052363365835,\"reconstruction_error\":1.1127482088889893,"
        + "\"nuclear_norm\":23.230853491000023,\"effective_rank\":1.6155677875661254,\"entropy_rank\":1.9786548107163857,"
        + "\"singular_values_top10\":[14.379374031712786,8.793096786280293]}";

    @Test
    void rowsStoredByTheMapVersionReadBackAndWriteTheSameJson() throws Exception {
        for (String stored : new String[] {NUCMIN, DEEP}) {
            JsonNode tree = Json.MAPPER.readTree(stored);
            Arora2019Reproduction.Row row = RecordJson.fromTree(tree, Arora2019Reproduction.Row.class);
            assertThat(Json.MAPPER.writeValueAsString(RecordJson.toTree(row))).isEqualTo(Json.MAPPER.writeValueAsString(tree));
        }
        Arora2019Reproduction.Row nucmin = RecordJson.fromTree(Json.MAPPER.readTree(NUCMIN), Arora2019Reproduction.Row.class);
        assertThat(nucmin.depth()).isNull();
        assertThat(nucmin.dualityGap()).isEqualTo(6.608437594447307E-7);
        Arora2019Reproduction.Row deep = RecordJson.fromTree(Json.MAPPER.readTree(DEEP), Arora2019Reproduction.Row.class);
        assertThat(deep.depth()).isEqualTo(3);
        assertThat(deep.trace()).isNull();
        // summary.json's run entry: m first, then the row's keys
        assertThat(Json.MAPPER.writeValueAsString(RecordJson.toTree(Arora2019Reproduction.RunEntry.of(80, deep))))
            .isEqualTo(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree("{\"m\":80," + DEEP.substring(1))));
    }

    @Test
    void deepRowKeysAreTheMapVersionsHashes() {
        String base = "arora2019|1|16|80";
        double eta = 0.015731198620832377;
        // the map version hashed base + "|" + the settings in a TreeMap (+ "|trace" for a traced run)
        Map<String, Object> settings = new TreeMap<>(Map.of("m", 80, "depth", 3, "scale", 1e-5, "eta", eta, "tol",
            Arora2019Reproduction.TOL, "cap", 500L));
        assertThat(Arora2019Reproduction.deepKey(base, 80, 3, 1e-5, eta, 500, false)).isEqualTo(Rows.hash(base + "|" + settings));
        assertThat(Arora2019Reproduction.deepKey(base, 80, 3, 1e-5, eta, 500, true)).isEqualTo(Rows.hash(base + "|" + settings + "|trace"));
    }
}

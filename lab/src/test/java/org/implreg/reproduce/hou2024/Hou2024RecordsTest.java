package org.implreg.reproduce.hou2024;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;

/** A sweep record of runs.jsonl read once into {@link Hou2024.SweepRun}, and the threshold-free gap rank on its spectrum. */
class Hou2024RecordsTest {
    static final String RECORD = "{\"key\":\"k\",\"index\":0,\"label\":\"BM, η=0.1\",\"config\":{\"problem\":{\"noise\":0.05},"
        + "\"init_scale\":0.001},\"result\":{\"stop_reason\":\"MAX_ITER\",\"iterations\":3000,\"train_error\":2.0e-4,\"rel_error\":3.3e-4,"
        + "\"numerical_rank_1e-3\":3,\"spectrum\":[0.88,-0.38,0.28,1.0e-9,-2.0e-10]},\"seconds\":0.1,\"error\":null}";

    @Test
    void aSweepRecordReadsIntoASweepRun() throws Exception {
        Hou2024.SweepRun r = Hou2024.SweepRun.of(Json.MAPPER.readTree(RECORD));
        assertThat(r.label()).isEqualTo("BM, η=0.1");
        assertThat(r.noise()).isEqualTo(0.05);
        assertThat(r.initScale()).isEqualTo(0.001);
        assertThat(r.relError()).isEqualTo(3.3e-4);
        assertThat(r.numericalRank()).isEqualTo(3);
        assertThat(r.trainError()).isEqualTo(2.0e-4);
        assertThat(r.stopReason()).isEqualTo("MAX_ITER");
        assertThat(r.iterations()).isEqualTo(3000L);
        assertThat(r.spectrum()).containsExactly(0.88, -0.38, 0.28, 1.0e-9, -2.0e-10);
    }

    @Test
    void aFailedRunHasNoSweepRun() throws Exception {
        JsonNode failed = Json.MAPPER.readTree(RECORD.replaceAll("\"result\":\\{[^}]*\\}", "\"result\":null"));
        assertThat(failed.get("result").isNull()).isTrue();
        assertThat(Hou2024.SweepRun.of(failed)).isNull();
    }

    @Test
    void gapRankIsTheLastEigenvalueBeforeTheLargestRatio() {
        // sorted |λ|: 0.88, 0.38, 0.28, 1e-9, 2e-10: the largest ratio 0.28/1e-9 is after the 3rd
        assertThat(Hou2024.gapRank(new double[] {0.88, -0.38, 0.28, 1.0e-9, -2.0e-10})).isEqualTo(3);
        // a rank-one spectrum: the gap after the 1st
        assertThat(Hou2024.gapRank(new double[] {1, 1e-6, 1e-7})).isEqualTo(1);
    }
}

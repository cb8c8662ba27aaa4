package org.implreg.reproduce.chou2021;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.reproduce.Rows;
import org.implreg.report.RecordJson;
import org.implreg.theory.Chou2021;
import org.junit.jupiter.api.Test;

/**
 * Chou et al.'s typed rows and theory record against the formats they replace: a row stored by the map version
 * (rows.jsonl) reads back as a {@link Chou2021Reproduction.Run}, the row keys are the map version's hashes, and the
 * theory record holds exactly core's report.
 */
class Chou2021RowsTest {
    /** A "perturbed" row as the map version stored it at CI size (trajectory cut to two records). */
    static final String STORED_ROW = "{\"settings\":{\"name\":\"perturbed\",\"eigenvalues\":\"[10.0, 7.0, 5.0, -5.0]\",\"depth\":3,"
        + "\"init\":\"perturbed\",\"alpha\":0.1,\"beta\":0.05,\"noise\":null,\"eta\":3.3536496132703745E-4,\"max_steps\":400,\"tol\":0.0,"
        + "\"record_every\":20},\"stop_reason\":\"MAX_ITER\",\"iterations\":400,\"seconds\":0.024279258,\"reconstruction_error\":"
        + "0.9999338148217003,\"final_eigenvalues\":[7.509559794920423E-4,6.636755239451816E-4,6.117685311545246E-4,"
        + "4.0858873828566815E-4],\"asymmetry\":8.618088642780748E-18,\"trajectory\":{\"iteration\":[0,20],\"eigen_coordinates\":"
        + "[[5.000000000000001E-4,5.000000000000001E-4,5.000000000000001E-4,5.000000000000001E-4],[5.10160043959001E-4,"
        + "5.070908250448869E-4,5.050547516792033E-4,4.949935890352245E-4]],\"reconstruction_error\":[0.9999572880325674,"
        + "0.9999562752587646],\"effective_rank\":[4.0,3.954247757357564],\"entropy_rank\":[4.0,3.999745032965844],\"loss\":"
        + "[99.49150050000001,99.49129896672355],\"train_error\":[0.9999572880325676,0.9999562752587646],\"singular_values\":"
        + "[[5.000000000000001E-4,5.000000000000001E-4,5.000000000000001E-4,5.000000000000001E-4],[5.10160043959001E-4,"
        + "5.07090825044887E-4,5.050547516792033E-4,4.949935890352245E-4]]}}";

    @Test
    void aRowStoredByTheMapVersionReadsAsARunAndWritesTheSameJson() throws Exception {
        JsonNode stored = Json.MAPPER.readTree(STORED_ROW);
        Chou2021Reproduction.Run run = RecordJson.fromTree(stored, Chou2021Reproduction.Run.class);
        assertThat(run.settings().beta()).isEqualTo(0.05);
        assertThat(run.settings().noise()).isNull();
        assertThat(run.settings().maxSteps()).isEqualTo(400L);
        assertThat(run.iterations()).isEqualTo(400L);
        assertThat(run.trajectory().iteration()).containsExactly(0, 20);
        assertThat(run.trajectory().eigenCoordinate(3)).containsExactly(5.000000000000001E-4, 4.949935890352245E-4);
        assertThat(Json.MAPPER.writeValueAsString(RecordJson.toTree(run))).isEqualTo(Json.MAPPER.writeValueAsString(stored));
    }

    @Test
    void rowKeysAreTheMapVersionsHashes() {
        Chou2021Reproduction.Job job = Chou2021Reproduction.jobs(0.01).get(1);
        assertThat(job.name()).isEqualTo("perturbed");
        // the map version hashed "chou2021|" + its settings map sorted by key (TreeMap.toString) + "|trace"
        String old = "chou2021|{alpha=0.1, beta=0.05, depth=3, eigenvalues=[10.0, 7.0, 5.0, -5.0], eta=" + job.eta() + ", init=perturbed, "
            + "max_steps=400, name=perturbed, noise=null, record_every=20, tol=0.0}|trace";
        assertThat(new Chou2021Reproduction(0.01).rowKey(job)).isEqualTo(Rows.hash(old));
        Chou2021Reproduction.Job depth = Chou2021Reproduction.jobs(0.01).get(4);
        String oldDepth = "chou2021|{alpha=0.1, beta=0.05, depth=2, eigenvalues=[10.0, 7.0, 5.0, -5.0], eta=" + depth.eta() + ", "
            + "init=perturbed, max_steps=1000, name=depth-2, noise=null, record_every=1, tol=1.0E-6}|trace";
        assertThat(new Chou2021Reproduction(0.01).rowKey(depth)).isEqualTo(Rows.hash(oldDepth));
    }

    @Test
    void theoryRecordHoldsCoresReportKeyForKey() {
        double eta = Chou2021Reproduction.jobs(0.01).get(0).eta();
        JsonNode core = Json.MAPPER.valueToTree(Json.sanitize(Chou2021.report(3, Chou2021Reproduction.ALPHA, Chou2021Reproduction.BETA, eta,
            Chou2021.EXAMPLE_EIGENVALUES, 1e-6, 100_000)));
        JsonNode typed = RecordJson.toTree(Chou2021Reproduction.theory(eta, 100_000));
        assertThat(typed).isEqualTo(core);
        assertThat(List.copyOf(iterable(typed))).isEqualTo(List.copyOf(iterable(core))); // and in the same order
        assertThat(typed.get("per_eigenvalue").get(3).get("identical_steps").isNull()).isTrue(); // λ = −5: its limit 0 not reached
    }

    private static List<String> iterable(JsonNode n) {
        List<String> keys = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}

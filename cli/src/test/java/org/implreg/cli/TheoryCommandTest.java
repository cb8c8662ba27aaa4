package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code implreg theory chou2021}: the bounds it prints and its input checks. */
class TheoryCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsWhichBoundsHoldAndWritesJson() throws Exception {
        Path j = tmp.resolve("t.json");
        CliTest.Run r = CliTest.run("theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--beta", "0.05", "--eta", "3e-4",
            "--eigenvalues", "10,7,5,-5", "--json", j.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(8)").contains("(10)").contains("c = 1.465571231877").contains("β/(c − 1) = 0.107395");
        JsonNode n = Json.MAPPER.readTree(j.toFile());
        assertThat(n.get("satisfies_8").asBoolean()).isTrue();
        assertThat(n.get("satisfies_10").asBoolean()).isTrue();
        assertThat(n.get("satisfies_beta_condition").asBoolean()).isFalse();
        assertThat(n.get("per_eigenvalue").get(3).get("perturbed_steps").asLong()).isPositive();
        // the same from a matrix file: Ŵ = diag(10, 7, 5, −5)
        Path m = tmp.resolve("w.npy");
        Npy.write(NdArray.ofDoubles(new double[] {10, 0, 0, 0, 0, 7, 0, 0, 0, 0, 5, 0, 0, 0, 0, -5}, 4, 4), m);
        CliTest.Run r2 = CliTest.run("theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--eta", "1e-2", "--matrix", m.toString());
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(r2.out()).contains("6.630841e-03   no");
    }

    @Test
    void badSettingsExitTwo() throws Exception {
        Path asym = tmp.resolve("a.npy");
        Npy.write(NdArray.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2), asym);
        String[][] cases = {
            {"theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--eta", "1e-3"},
            {"theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--beta", "0.2", "--eta", "1e-3", "--eigenvalues", "1"},
            {"theory", "chou2021", "--depth", "0", "--alpha", "0.1", "--eta", "1e-3", "--eigenvalues", "1"},
            {"theory", "chou2021", "--depth", "3", "--alpha", "-1", "--eta", "1e-3", "--eigenvalues", "1"},
            {"theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--eta", "1e-3", "--matrix", asym.toString()},
            {"theory", "arora2019", "--depth", "3", "--alpha", "0.1", "--eta", "1e-3", "--eigenvalues", "1"},
            {"theory", "chou2021", "--depth", "3", "--alpha", "0.1", "--eta", "1e-3", "--eigenvalues", "1,x"},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run(c);
            assertThat(r.code()).as(String.join(" ", c) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        assertThat(Files.exists(tmp.resolve("x.json"))).isFalse();
    }
}

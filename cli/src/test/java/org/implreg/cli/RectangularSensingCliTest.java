package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.implreg.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rectangular sensing from the command line: generate, solve through the embedding, block metrics. */
class RectangularSensingCliTest {
    @TempDir
    Path tmp;

    @Test
    void gdAndNucminSolveRectangularSensing() throws Exception {
        Path p = tmp.resolve("rect.npz");
        CliTest.Run g = CliTest.run("problem", "--shape", "8x6", "--rank", "1", "--seed", "2", "--out", p.toString());
        assertThat(g.code()).as(g.err()).isZero();
        Path out = tmp.resolve("gd.json");
        Path x = tmp.resolve("x.npy");
        CliTest.Run r = CliTest.run("solve", "--problem", p.toString(), "--method", "gd", "--init-scale", "1e-3", "--step", "0.05",
            "--tol", "1e-4", "--max-iter", "200000", "--out", out.toString(), "--save-x", x.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertThat(j.get("kind").asText()).isEqualTo("asymmetric-sensing");
        assertThat(j.get("n1").asInt()).isEqualTo(8);
        assertThat(j.get("n2").asInt()).isEqualTo(6);
        assertThat(j.get("stop_reason").asText()).as(j.toString()).isEqualTo("CONVERGED");
        assertThat(j.get("rel_error").asDouble()).isLessThan(1e-3);
        assertThat(j.get("numerical_rank_1e-3").asInt()).isEqualTo(1);
        assertThat(j.get("embedding").get("n").asInt()).isEqualTo(14);
        assertThat(Npy.read(x).shape()).containsExactly(8, 6);
        Path nuc = tmp.resolve("nuc.json");
        CliTest.Run rn = CliTest.run("solve", "--problem", p.toString(), "--method", "nucmin", "--out", nuc.toString(), "--quiet");
        assertThat(rn.code()).as(rn.err()).isZero();
        JsonNode jn = Json.MAPPER.readTree(nuc.toFile());
        assertThat(jn.get("rel_error").asDouble()).isLessThan(1e-5);
        // GD from small init lands on the nuclear norm minimum here
        assertThat(j.get("nuclear_norm").asDouble()).isCloseTo(jn.get("nuclear_norm").asDouble(),
            org.assertj.core.data.Offset.offset(1e-3));
        CliTest.Run bad = CliTest.run("problem", "--shape", "8x6", "--measurement", "uniform", "--out", tmp.resolve("b.npz").toString());
        assertThat(bad.code()).isEqualTo(2);
    }
}

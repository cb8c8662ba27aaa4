package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.reproduce.toy.ToyReproduction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reproduction added as a newcomer adds a paper: one class in its own package ({@link ToyReproduction}) and one line
 * in {@code META-INF/services/org.implreg.reproduce.Reproduction} (lab's test resources), nothing else. The registry
 * lists it after the built-in ones, and {@link ReproductionPagesTest} (which iterates the registry) runs it, renders
 * its page and the home page's row for it and checks both in the browser; {@code reproduce --help} lists it (cli's
 * {@code RegistryTest}).
 */
class ToyReproductionTest {
    @BeforeAll
    static void results() throws IOException {
        ReproductionPagesTest.runEveryReproductionAtCiSize();
    }

    @Test
    void theRegistryLoadsTheToyByItsServicesLineAfterTheBuiltInOnes() {
        List<String> names = List.copyOf(Reproductions.all().keySet());
        assertThat(names).contains(ToyReproduction.NAME, "gunasekar2017", "gunasekar2017-theory");
        assertThat(names.get(names.size() - 1)).isEqualTo(ToyReproduction.NAME);
        assertThat(Reproductions.get(ToyReproduction.NAME)).isInstanceOf(ToyReproduction.class);
    }

    /**
     * The built-in papers, each in its own package, come first and in the order of lab's services file (the home page's
     * and {@code reproduce all}'s order), although lab's test resources, which name the toy, precede lab's main
     * resources on this class path.
     */
    @Test
    void theBuiltInOnesKeepTheirOrderAheadOfEveryOtherServicesEntry() {
        assertThat(List.copyOf(Reproductions.all().keySet())).startsWith("gunasekar2017", "gunasekar2017-grid", "gunasekar2017-movielens",
            "chou2021", "arora2019", "hou2024", "hou2024-nn", "razin2020", "li2021", "gunasekar2017-theory");
        assertThat(Reproductions.get("li2021").getClass().getPackageName()).isEqualTo("org.implreg.reproduce.li2021");
    }

    @Test
    void thePageTestRanTheToyAndTheHomePageListsIt() throws IOException {
        assertThat(ReproductionPagesTest.pages()).contains(ReproductionPagesTest.RESULTS.resolve(ToyReproduction.NAME).resolve("index.html"));
        String home = Files.readString(ReproductionPagesTest.RESULTS.resolve(HomePage.FILE));
        assertThat(home).contains("<tr class=\"reproduction\" id=\"toy\">").contains("href=\"toy/index.html\"")
            .contains("src=\"toy/figures/error.png\"");
        JsonNode s = Json.MAPPER.readTree(ReproductionPagesTest.RESULTS.resolve(ToyReproduction.NAME).resolve("summary.json").toFile());
        // x_k = 1 − (1 − η)^k: the error after 20 steps of η = 1/2 is 2^−20, exactly
        assertThat(s.get("final_error").asDouble()).isEqualTo(Math.scalb(1.0, -20));
        assertThat(s.get("verdicts").get(0).get("verdict").asText()).isEqualTo("agrees");
        assertThat(Files.readString(ReproductionPagesTest.RESULTS.resolve(ToyReproduction.NAME).resolve("index.html")))
            .contains("class=\"badge verdict-agrees\"");
    }
}

package org.implreg.reproduce.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.atlas.AtlasFigures;
import org.implreg.atlas.AtlasGrid;
import org.implreg.atlas.AtlasSummary;
import org.implreg.atlas.SyntheticAtlas;
import org.implreg.io.Json;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Reproductions;
import org.implreg.sweep.Monitor;
import org.implreg.theory.StatisticalDimension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproduction on a test double of the runner: atlas.json, the figures, the page with its cells and instances. */
class AtlasReproductionTest {
    static final AtlasGrid GRID = new AtlasGrid("gaussian", 8, List.of(1, 2, 3), List.of(6, 10, 14, 18, 22, 26, 30, 34), 8,
        List.of(AtlasSummary.NUCMIN, "flow α=1e-8", "gd"), 1e-3);
    /** δ stand-in: the degrees of freedom plus one (the real δ is StatisticalDimension's, tested there). */
    static final AtlasSummary.Theory THEORY = (family, n, r) -> new StatisticalDimension.Estimate(StatisticalDimension.degreesOfFreedom(n, r) + 1, 0);
    static final AtlasRunner DOUBLE = ctx -> new AtlasRunner.Run(GRID, SyntheticAtlas.records(GRID, ctx.seed()), List.of());

    static Reproduction.Context ctx(Path dir) {
        return new Reproduction.Context(dir.resolve("atlas"), false, 3, 1, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null);
    }

    @Test
    void theRunWritesAtlasJsonFiguresAndAPageWhoseCellsOpenTheirInstances(@TempDir Path dir) throws Exception {
        AtlasReproduction.AtlasReproductionSummary s = new AtlasReproduction(DOUBLE, DOUBLE, THEORY).run(ctx(dir));
        Path out = dir.resolve("atlas");
        JsonNode atlas = Json.MAPPER.readTree(out.resolve("atlas.json").toFile());
        assertThat(atlas.get("D").asInt()).isEqualTo(36);
        assertThat(atlas.get("records").size()).isEqualTo(3 * 8 * 8);
        assertThat(atlas.get("ranks").get(0).get("statistical_dimension").asDouble()).isEqualTo(9.0);
        assertThat(s.verdicts()).hasSize(3); // δ, then flow and gd
        assertThat(s.verdicts().get(0).owner().phrase()).isEqualTo("Amelunxen et al.'s phase-transition theorem");
        for (String solver : GRID.solvers()) {
            assertThat(out.resolve("figures").resolve(AtlasFigures.heatMapName(solver) + ".png")).isNotEmptyFile();
            assertThat(out.resolve("figures").resolve(AtlasFigures.heatMapName(solver) + ".svg")).isNotEmptyFile();
        }
        assertThat(out.resolve("figures").resolve("transitions.png")).isNotEmptyFile();
        String page = Files.readString(out.resolve("index.html"));
        // every cell links its instance list, which names each instance's seed and the command that reruns it
        AtlasSummary summary = AtlasSummary.of(GRID, SyntheticAtlas.records(GRID, 3), THEORY);
        for (AtlasSummary.Cell c : summary.cells()) {
            String id = AtlasPage.cellId(c.rank(), c.m());
            assertThat(page).contains("href=\"#" + id + "\"").contains("id=\"" + id + "\"");
        }
        var first = summary.records().get(0);
        assertThat(page).contains("<td>" + first.seed() + "</td>").contains(org.implreg.report.Html.esc(AtlasSummary.rerunCommand(GRID, first)));
        assertThat(page).contains("href=\"atlas.json\"");
        JsonNode sj = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(sj.get("settings").get("D").asInt()).isEqualTo(36);
        assertThat(sj.get("files").get("figures").size()).isEqualTo(GRID.solvers().size() + 1);
    }

    @Test
    void theRegisteredReproductionRunsTheRealAtlasAtCiSizeResumably(@TempDir Path dir) throws Exception {
        assertThat(Reproductions.all()).containsKey(AtlasReproduction.NAME);
        Reproduction ci = Reproductions.get(AtlasReproduction.NAME).ciSized();
        AtlasReproduction.AtlasReproductionSummary s = (AtlasReproduction.AtlasReproductionSummary) ci.run(ctx(dir));
        assertThat(s.instances()).isEqualTo(2 * 4 * 2); // ranks 1, 2 × m = 4, 6, 8, 10 × 2 trials
        Path out = dir.resolve("atlas");
        List<String> lines = Files.readAllLines(out.resolve("atlas.jsonl"));
        assertThat(lines).hasSize(16);
        JsonNode atlas = Json.MAPPER.readTree(out.resolve("atlas.json").toFile());
        assertThat(atlas.get("records")).hasSize(16);
        assertThat(atlas.get("ranks").get(0).get("statistical_dimension").asDouble()).isGreaterThan(0); // δ(4, 1) computed
        ci.run(ctx(dir)); // a rerun reads the store: nothing appended
        assertThat(Files.readAllLines(out.resolve("atlas.jsonl"))).isEqualTo(lines);
    }
}

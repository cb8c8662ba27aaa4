package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.reproduce.Finding;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Summary.Figure1Panel;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Summary.Figure2Panel;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Summary.Figure3Panel;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Summary.Series;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Reproductions;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/**
 * The Gunasekar et al. reproduction end to end at CI size (n = 16 instead of 50, fewer steps): the
 * whole pipeline (sweep, figures, verdicts, summary.json, index.html, resume) as the quick mode runs
 * it at the paper's size.
 */
class Gunasekar2017Test {
    @TempDir
    Path tmp;

    static final Gunasekar2017.Size CI = new Gunasekar2017.Size(16, 2, List.of(1, 2, 16), 4_000, 2_000);

    private Reproduction.Context context(Path dir, StringWriter out) {
        return new Reproduction.Context(dir, false, 1, 2, 32, Monitor.NONE, new PrintWriter(out), null);
    }

    @Test
    void ciSizedReproductionWritesFiguresVerdictsAndSummaryAndResumes() throws Exception {
        Path dir = tmp.resolve("g");
        StringWriter out = new StringWriter();
        Gunasekar2017Summary summary = new Gunasekar2017(full -> CI).run(context(dir, out));

        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("reproduction").asText()).isEqualTo("gunasekar2017");
        assertThat(s.get("mode").asText()).isEqualTo("quick");
        assertThat(s.get("settings").get("d_grid").toString()).isEqualTo("[1,2,16]");
        assertThat(s.get("failed_runs").asInt()).isZero();
        // dynamics (issue 21): GD and the flow on panel (a) from ‖U0‖ = 1e-4, traced; σ₁ rises before σ₂ on both
        for (String m : List.of("gd", "flow")) {
            JsonNode dyn = s.get("dynamics").get(m);
            assertThat(dyn.get("half_rise_flow_times").get(0).asDouble()).as(m).isPositive()
                .isLessThan(dyn.get("half_rise_flow_times").get(1).asDouble());
            assertThat(dir.resolve(dyn.get("trace").asText())).exists();
        }
        assertThat(dir.resolve("figures/dynamics-a-singular_values.png")).exists();
        assertThat(dir.resolve("figures/dynamics-a-loss.svg")).exists();
        // 3 panels × (3 × 3 × 3 GD/ELS + 3 SVD) + 3 families × 3 panels × (ODE, toe, GD at d = n: 3 seeds each; X_gd; nucmin),
        // less the Gaussian GD runs at d = n, shared by Figures 1 and 3(i)
        assertThat(s.get("runs").asInt()).isEqualTo(3 * 30 + 9 * 11 - 3 * 3);
        for (String panel : List.of("a", "b", "c")) {
            JsonNode f1 = s.get("figure1").get(panel);
            assertThat(f1.get("rel_error_at_d_n").get("gd_small_init").isNumber()).isTrue();
            assertThat(f1.get("rel_error_at_d_n").get("xgd").isNumber()).isTrue();
            JsonNode f2 = s.get("figure2").get(panel);
            assertThat(f2.get("min_nuclear_norm").asDouble()).isPositive();
            // the minimum is a lower bound for every solution that fits the data
            assertThat(f2.get("xgd_nuclear_norm").asDouble()).isGreaterThanOrEqualTo(f2.get("min_nuclear_norm").asDouble() * (1 - 1e-3));
            for (String family : List.of("gaussian", "uniform", "power-law")) {
                JsonNode f3 = s.get("figure3").get(family).get(panel);
                assertThat(f3.get("ode").asDouble()).as(family + panel).isPositive();
                assertThat(f3.get("ode_rel_gap").isNumber()).isTrue();
                assertThat(f3.get("min_nuclear_norm_certified").isBoolean()).isTrue();
            }
        }
        // the ODE fits the data (training error ≤ its tolerance) on the reconstructable Gaussian panel
        assertThat(s.get("figure3").get("gaussian").get("a").get("ode_train_error").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(s.get("verdicts")).hasSize(4);
        for (JsonNode v : s.get("verdicts")) {
            assertThat(v.get("finding").asText()).startsWith("\"");
            assertThat(v.get("evidence").asText()).isNotBlank();
        }
        // the verdicts this CI-sized run reaches, exactly
        assertThat(s.get("verdicts").findValuesAsText("verdict")).containsExactly("disagrees", "disagrees", "disagrees", "agrees");
        // summary.json reads back into the records the run returned (every key declared: RecordJson refuses others) ...
        Map<String, Figure1Panel> fig1 = panels(s.get("figure1"), Figure1Panel.class);
        Map<String, Figure2Panel> fig2 = panels(s.get("figure2"), Figure2Panel.class);
        Map<String, Map<String, Figure3Panel>> fig3 = new LinkedHashMap<>();
        s.get("figure3").fields().forEachRemaining(e -> fig3.put(e.getKey(), panels(e.getValue(), Figure3Panel.class)));
        assertThat(fig1).isEqualTo(summary.figure1());
        assertThat(fig2).isEqualTo(summary.figure2());
        assertThat(fig3).isEqualTo(summary.figure3());
        assertThat(RecordJson.fromTree(s.get("settings"), Gunasekar2017Summary.Settings.class)).isEqualTo(summary.settings());
        // ... and the verdicts are the pure rules' verdicts on those records, which flip when a number does
        List<Finding> recomputed = List.of(Gunasekar2017Verdicts.verdictFigure1(fig1), Gunasekar2017Verdicts.verdictTraining(fig1, CI.maxIter()),
            Gunasekar2017Verdicts.verdictFigure2(fig2), Gunasekar2017Verdicts.verdictFigure3(fig3));
        assertThat(recomputed).isEqualTo(summary.verdicts());
        for (int i = 0; i < 4; i++) {
            assertThat(recomputed.get(i).toMap()).isEqualTo(Json.MAPPER.convertValue(s.get("verdicts").get(i), Map.class));
        }
        // at n = 16 with 4 000 steps small-init GD does not reconstruct as well as the paper's: with the errors of the paper's
        // Figure 1 in panels (a) and (b), the same rule agrees
        Map<String, Figure1Panel> paperLike = new LinkedHashMap<>(fig1);
        for (String id : List.of("a", "b")) {
            Figure1Panel p = fig1.get(id);
            Series rel = p.relErrorAtDN();
            paperLike.put(id, new Figure1Panel(p.planted(), p.m(), new Series(0.01, 0.5, rel.gdEls(), rel.svdInit(), 0.9, rel.minNuclearNorm()),
                p.trainErrorAtDN(), p.zeroTrainErrorFromD(), p.gdSmallFittedD()));
        }
        assertThat(Gunasekar2017Verdicts.verdictFigure1(paperLike).verdict()).isEqualTo(Verdict.AGREES);
        // and Figure 3's agreement turns to disagreement when one ODE solution is 50% above the minimum nuclear norm
        Map<String, Map<String, Figure3Panel>> farOde = new LinkedHashMap<>(fig3);
        Map<String, Figure3Panel> gaussian = new LinkedHashMap<>(fig3.get("gaussian"));
        Figure3Panel a = gaussian.get("a");
        gaussian.put("a", new Figure3Panel(a.ode(), 0.5, a.odeTrainError(), a.toe(), a.toeRelGap(), a.toeTrainError(), a.gd(), a.gdRelGap(),
            a.gdTrainError(), a.xgd(), a.xgdRelGap(), a.minNuclearNorm(), a.minNuclearNormCertified()));
        farOde.put("gaussian", gaussian);
        assertThat(Gunasekar2017Verdicts.verdictFigure3(farOde).verdict()).isEqualTo(Verdict.DISAGREES);
        String html = Files.readString(dir.resolve("index.html"));
        for (String f : List.of("fig1a-rel_error", "fig1c-train_error", "fig2b-nuclear_norm", "fig3i-nuclear_norm", "fig3iii-nuclear_norm")) {
            assertThat(dir.resolve("figures/" + f + ".png")).isNotEmptyFile();
            assertThat(Files.readString(dir.resolve("figures/" + f + ".svg"))).contains("<svg");
            assertThat(html).contains("figures/" + f + ".png");
        }
        assertThat(html).contains(Gunasekar2017.Q_FIG1.substring(1, 40)).contains("implreg:</b>");
        assertThat(dir.resolve("spec.yaml")).isNotEmptyFile();
        assertThat(out.toString()).contains("Figure 3:");

        // a rerun computes nothing and writes the same numbers
        long lines = Files.readAllLines(dir.resolve("runs.jsonl")).size();
        StringWriter again = new StringWriter();
        new Gunasekar2017(full -> CI).run(context(dir, again));
        assertThat(Files.readAllLines(dir.resolve("runs.jsonl"))).hasSize((int) lines);
        JsonNode s2 = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(s2.get("figure3")).isEqualTo(s.get("figure3"));
        assertThat(s2.get("verdicts")).isEqualTo(s.get("verdicts"));
    }

    /** A figure's panels, each read from summary.json into its record. */
    private static <P> Map<String, P> panels(JsonNode figure, Class<P> type) {
        Map<String, P> out = new LinkedHashMap<>();
        figure.fields().forEachRemaining(e -> out.put(e.getKey(), RecordJson.fromTree(e.getValue(), type)));
        return out;
    }

    @Test
    void thePaperSizedSweepIsThePapersAndItsSpecYamlRunsThroughImplregRun() throws Exception {
        assertThat(Reproductions.get("gunasekar2017")).isInstanceOf(Gunasekar2017.class);
        Gunasekar2017 g = new Gunasekar2017();
        g.use(Gunasekar2017.Size.paper(false));
        Gunasekar2017Sweep sweep = g.sweep(false, 1);
        List<org.implreg.sweep.RunConfig> runs = sweep.experimentSpec().runs();
        // 3 panels × (3 Gaussian-init series × 4 widths × 3 seeds + SVD init × 4 widths) + 9 problems × (ODE, toe, GD × 3 seeds + X_gd + nucmin)
        assertThat(runs).hasSize(3 * (3 * 4 * 3 + 4) + 9 * 11);
        assertThat(runs).allSatisfy(c -> assertThat(c.problem().n()).isEqualTo(50));
        assertThat(runs.stream().map(c -> c.problem().m()).distinct()).containsExactlyInAnyOrder(300, 25);
        // completion steps are rescaled by N/m: on m = nr/4 = 25 entries of a 50×50 symmetric matrix, η·1275/25
        assertThat(runs.stream().filter(c -> c.label().equals(Gunasekar2017.GD3) && c.problem().m() == 25
            && !c.problem().measurement().key().equals("gaussian")).map(c -> c.settings().step()).distinct())
            .containsExactly(Gunasekar2017.ETA * (50 * 51 / 2.0 / 25));
        // spec.yaml, as `implreg run` reads it, is this sweep
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(sweep.source());
        java.nio.file.Path f = tmp.resolve("spec.yaml");
        Files.writeString(f, yaml);
        assertThat(org.implreg.sweep.SpecFiles.read(f).runs()).isEqualTo(runs);
    }
}

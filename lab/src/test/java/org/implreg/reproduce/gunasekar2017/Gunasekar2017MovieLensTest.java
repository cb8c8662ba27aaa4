package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.reproduce.CiSize;
import org.implreg.reproduce.Reproduction;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/**
 * Figure 3(iv)'s reproduction at CI size: synthetic ratings (40 users × 60 items, a rank-2 matrix
 * in 1..5, 50% train / 10% test) stand in for MovieLens, quick mode with d = 6.
 */
class Gunasekar2017MovieLensTest {
    @TempDir
    Path tmp;

    Path[] ratings() {
        return CiSize.ratings(tmp);
    }

    @Test
    void writesTheTableWithThreeRowsFiguresAndResumes() throws Exception {
        Path[] f = ratings();
        Path dir = tmp.resolve("ml");
        StringWriter out = new StringWriter();
        Gunasekar2017MovieLens r = new Gunasekar2017MovieLens(6, f[0], f[1]);
        r.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(out), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("mode").asText()).isEqualTo("quick");
        assertThat(s.get("settings").get("d").asInt()).isEqualTo(6);
        JsonNode rows = s.get("rows");
        assertThat(rows).hasSize(3);
        List<String> names = List.of("min_nuclear_norm", "gd", "x_gd");
        for (int k = 0; k < 3; k++) {
            JsonNode row = rows.get(k);
            assertThat(row.get("name").asText()).isEqualTo(names.get(k));
            for (String key : List.of("test_error", "train_error", "nuclear_norm", "iterations", "seconds")) {
                assertThat(row.has(key)).as(names.get(k) + "." + key).isTrue();
            }
        }
        JsonNode nuc = rows.get(0);
        JsonNode gd = rows.get(1);
        JsonNode xgd = rows.get(2);
        assertThat(gd.get("stop_reason").asText()).isEqualTo("CONVERGED");
        assertThat(gd.get("train_error").asDouble()).isLessThanOrEqualTo(1e-2);
        assertThat(xgd.get("test_error").asDouble()).isEqualTo(1.0);
        assertThat(xgd.get("train_error").asDouble()).isZero();
        assertThat(nuc.get("train_error").asDouble()).isZero();
        // the paper's table: GD near the minimum (GD fits only to 1e-2, so it may sit slightly below) and far below X_gd in
        // nuclear norm; both beat X_gd's test error of 1
        assertThat(gd.get("nuclear_norm").asDouble()).isBetween(0.95 * nuc.get("nuclear_norm").asDouble(),
            1.3 * nuc.get("nuclear_norm").asDouble());
        assertThat(gd.get("nuclear_norm").asDouble()).isLessThan(xgd.get("nuclear_norm").asDouble());
        assertThat(gd.get("test_error").asDouble()).isLessThan(0.5);
        assertThat(nuc.get("test_error").asDouble()).isLessThan(0.5);
        // the verdict this run reaches, exactly; it is the pure rule's on the summary's rows, and flips with them
        assertThat(s.get("verdicts").get(0).get("verdict").asText()).isEqualTo("agrees");
        // the rows of summary.json read back as the rows' records
        Gunasekar2017MovieLens.NucminRow min = RecordJson.fromTree(nuc, Gunasekar2017MovieLens.NucminRow.class);
        Gunasekar2017MovieLens.GdRow g = RecordJson.fromTree(gd, Gunasekar2017MovieLens.GdRow.class);
        Gunasekar2017MovieLens.XgdRow x = RecordJson.fromTree(xgd, Gunasekar2017MovieLens.XgdRow.class);
        assertThat(Gunasekar2017MovieLens.verdict(min, g, x).toMap()).isEqualTo(Json.MAPPER.convertValue(s.get("verdicts").get(0), Map.class));
        // GD no longer fits the ratings
        assertThat(Gunasekar2017MovieLens.verdict(min, gdRow(g.testError(), g.nuclearNorm(), 0.5), x).verdict())
            .isEqualTo(Verdict.DISAGREES);
        for (String file : List.of("index.html", "table.csv", "gd_path.csv", "gd_factors.npz", "min_nuclear_norm.npz",
            "figures/fig3iv-errors.png", "figures/fig3iv-errors.svg", "figures/fig3iv-nuclear_norm.png", "provenance.json")) {
            assertThat(Files.exists(dir.resolve(file))).as(file).isTrue();
        }
        assertThat(Files.exists(dir.resolve("gd_checkpoint.npz"))).isFalse();
        // the page and table.csv show this run's numbers (the paper's beside them)
        String html = Files.readString(dir.resolve("index.html"));
        List<String> table = Files.readAllLines(dir.resolve("table.csv"));
        assertThat(table).hasSize(4);
        for (JsonNode row : rows) {
            assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.4f", row.get("test_error").asDouble()))
                .contains(String.format(java.util.Locale.ROOT, "%.1f", row.get("nuclear_norm").asDouble()));
            assertThat(table).anySatisfy(line -> assertThat(line).startsWith(row.get("name").asText() + ",")
                .contains(String.valueOf(row.get("test_error").asDouble())));
        }
        assertThat(html).contains("0.2631").contains("8876").contains("20912");
        assertThat(out.toString()).contains("min_nuclear_norm").contains("x_gd");

        // a rerun reuses the finished rows (same numbers, including the recorded seconds)
        r.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode again = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(again.get("rows")).isEqualTo(rows);
    }

    @Test
    void figure3ivVerdictRule() {
        assertThat(verdict(0.27, 9000).verdict()).isEqualTo(Verdict.AGREES);
        // nuclear norm far above the minimum, test error still close: partly
        assertThat(verdict(0.27, 15000).verdict()).isEqualTo(Verdict.PARTLY);
        // neither close: disagrees
        assertThat(verdict(0.6, 15000).verdict()).isEqualTo(Verdict.DISAGREES);
        // within 15% of the minimum's nuclear norm (8876) and not: 1.15·8876 = 10 207.4
        assertThat(verdict(0.27, 10_207).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(verdict(0.27, 10_208).verdict()).isEqualTo(Verdict.PARTLY);
    }

    private static org.implreg.reproduce.Finding verdict(double gdTest, double gdNuc) {
        return Gunasekar2017MovieLens.verdict(new Gunasekar2017MovieLens.NucminRow("min_nuclear_norm", 0.26, 0.0, 8876.0, 10, 1.0,
                "CONVERGED", 8875.0, 1e-4, 40), gdRow(gdTest, gdNuc, 1e-2),
            new Gunasekar2017MovieLens.XgdRow("x_gd", 1.0, 0.0, 20912.0, 0, 0.0, "CLOSED_FORM", "zero-filled"));
    }

    private static Gunasekar2017MovieLens.GdRow gdRow(double test, double nuc, double train) {
        return new Gunasekar2017MovieLens.GdRow("gd", test, train, nuc, 1000, 1.0, "CONVERGED", "train_error <= 0.01", 6, 5e-4, 1e-3, 0);
    }
}

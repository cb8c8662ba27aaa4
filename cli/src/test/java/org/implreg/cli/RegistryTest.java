package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.SpecFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The method registry seen from the command line. A test-only method, {@code landweber}
 * (core's test class {@code org.implreg.method.LandweberMethod}), is added by one line in core's
 * test resources ({@code META-INF/services/org.implreg.method.Method}) and nothing else: {@code methods},
 * {@code solve} (and its --help), sweep specs and sweep runs pick it up here, the contract test in core.
 * Unsupported settings are refused with exit 2 and one line naming the option.
 */
class RegistryTest {
    @TempDir
    Path tmp;

    static final String EXTRA = "landweber";

    Path problem() {
        Path f = tmp.resolve("p.npz");
        assertThat(CliTest.run("problem", "--n", "6", "--rank", "1", "--seed", "3", "--out", f.toString()).code()).isZero();
        return f;
    }

    @Test
    void aMethodRegisteredByOneServicesLineIsPickedUpEverywhere() throws Exception {
        assertThat(Methods.all()).containsKey(EXTRA);
        // implreg methods
        CliTest.Run methods = CliTest.run("methods");
        assertThat(methods.code()).isZero();
        for (Method m : Methods.all().values()) {
            assertThat(methods.out()).contains(m.name() + " ").contains(m.description());
        }
        // implreg solve --method landweber
        Path p = problem();
        Path out = tmp.resolve("l.json");
        CliTest.Run solve = CliTest.run("solve", "--problem", p.toString(), "--method", EXTRA, "--max-iter", "500", "-o", "scale=0.9",
            "--out", out.toString(), "--quiet");
        assertThat(solve.code()).as(solve.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertThat(j.get("method").asText()).isEqualTo(EXTRA);
        assertThat(j.get("iterations").asLong()).isPositive();
        // a sweep spec and its run
        String spec = """
            name: registry
            problem: {n: 6, rank: 1, measurement: gaussian, seed: 2}
            methods:
              - {method: landweber, max_iter: 300, grid: {options.scale: [0.5, 1.0]}}
              - {method: gd, d: 2, step: 0.01, max_iter: 300}
            seeds: [0]
            """;
        Path f = tmp.resolve("spec.yaml");
        Files.writeString(f, spec);
        ExperimentSpec parsed = SpecFiles.read(f);
        assertThat(parsed.runs()).hasSize(3);
        assertThat(parsed.runs().get(0).settings().method()).isEqualTo(EXTRA);
        Path dir = tmp.resolve("sweep");
        CliTest.Run run = CliTest.run("run", f.toString(), "--out", dir.toString(), "--threads", "1", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("runs.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().filter(l -> l.contains("\"" + EXTRA + "\"")).count()).isEqualTo(2);
        // and what it does not support is refused in specs, as on the command line
        Files.writeString(f, spec.replace("max_iter: 300, grid", "d: 2, max_iter: 300, grid"));
        assertThatThrownBy(() -> SpecFiles.read(f)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("methods[0]").hasMessageContaining("method landweber does not support d");
        CliTest.Run bad = CliTest.run("solve", "--problem", p.toString(), "--method", EXTRA, "--init", "svd-xgd", "--out",
            tmp.resolve("x.json").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("solve: error: method landweber does not support --init svd-xgd (supports: gaussian)");
    }

    @Test
    void aProblemFamilyRegisteredByOneServicesLineIsPickedUpByProblemSpecsAndSweeps() throws Exception {
        // core's test class org.implreg.problem.BandCompletion, one line in META-INF/services/org.implreg.problem.ProblemSpec$Measurement
        assertThat(org.implreg.problem.ProblemFamilies.measurementNames()).contains("band");
        assertThat(CliTest.run("problem", "--help").out()).contains("band");
        Path f = tmp.resolve("band.npz");
        CliTest.Run problem = CliTest.run("problem", "--n", "6", "--rank", "1", "--m", "9", "--measurement", "band", "--seed", "1", "--out",
            f.toString());
        assertThat(problem.code()).as(problem.err()).isZero();
        assertThat(problem.out()).contains("band");
        CliTest.Run solve = CliTest.run("solve", "--problem", f.toString(), "--method", "xgd", "--out", tmp.resolve("b.json").toString(),
            "--quiet");
        assertThat(solve.code()).as(solve.err()).isZero();
        CliTest.Run tooMany = CliTest.run("problem", "--n", "6", "--m", "12", "--measurement", "band", "--out", tmp.resolve("x.npz").toString());
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("band").hasLineCount(1);
        Path spec = tmp.resolve("band.yaml");
        Files.writeString(spec, """
            problem: {n: 6, rank: 1, m: 9, measurement: band, seed: 2}
            methods: [{method: gd, step: 0.01, max_iter: 200}, {method: xgd}]
            grid: {measurement: [band, uniform]}
            """);
        Path dir = tmp.resolve("sweep");
        CliTest.Run run = CliTest.run("run", spec.toString(), "--out", dir.toString(), "--threads", "1", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("runs.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.stream().filter(l -> l.contains("\"band\"")).count()).isEqualTo(2);
        Files.writeString(spec, "problem: {n: 6, measurement: bandd}\nmethods: [{method: gd}]\n");
        assertThatThrownBy(() -> SpecFiles.read(spec)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("unknown measurement family 'bandd'").hasMessageContaining("band");
    }

    @Test
    void everyHelpListsTheRegisteredMethods() {
        CliTest.Run solve = CliTest.run("solve", "--help");
        assertThat(solve.code()).isZero();
        String flat = solve.out().replaceAll("\\s+", " ");
        assertThat(flat).contains(String.join(" | ", Methods.names(ProblemKind.SYMMETRIC)));
        assertThat(flat).contains("deep", "udu", EXTRA);
        CliTest.Run complete = CliTest.run("complete", "--help");
        assertThat(complete.code()).isZero();
        assertThat(complete.out().replaceAll("\\s+", " ")).contains(String.join(" | ", Methods.names(ProblemKind.RECTANGULAR_COMPLETION)));
        CliTest.Run run = CliTest.run("run", "--help");
        for (CliTest.Run r : List.of(solve, complete, run)) {
            assertThat(r.out().replaceAll("\\s+", " ")).contains("Registered methods: " + String.join(", ", Methods.all().keySet()));
        }
    }

    @Test
    void unsupportedSettingsAreRefusedWithExitTwoAndOneLineNamingTheOption() throws Exception {
        Path p = problem();
        Path npy = tmp.resolve("m.npy");
        assertThat(CliTest.run("solve", "--problem", p.toString(), "--method", "xgd", "--save-x", npy.toString(), "--out",
            tmp.resolve("xgd.json").toString(), "--quiet").code()).isZero();
        String[][] cases = {
            {"--method deep --init svd --init-from NPY", "method deep does not support --init svd (supports: gaussian)"},
            {"--method deep --init given --init-from NPY", "method deep does not support --init given (supports: gaussian)"},
            {"--method deep --d 3", "method deep does not support --d"},
            {"--method deep --line-search", "method deep does not support --line-search"},
            {"--method xgd --init svd-xgd", "method xgd does not support --init svd-xgd (supports: gaussian)"},
            {"--method xgd --d 2", "method xgd does not support --d"},
            {"--method xgd --save-u U", "method xgd does not support --save-u"},
            {"--method gd --save-v U", "method gd does not support --save-v"},
            {"--method flow --step 0.1", "method flow does not support --step"},
            {"--method nucmin --line-search", "method nucmin does not support --line-search"},
            {"--method toe --line-search", "method toe does not support --line-search"},
            {"--method udu --integrator dp853", "method udu has no option 'integrator' (known: d0)"},
            {"--method nosuch", "unknown method 'nosuch'"},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("solve", "--problem", p.toString(), "--out", tmp.resolve("o.json").toString()));
            for (String a : c[0].split(" ")) {
                args.add(a.equals("NPY") ? npy.toString() : a.equals("U") ? tmp.resolve("u.npy").toString() : a);
            }
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(c[0] + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Exception");
            assertThat(Files.exists(tmp.resolve("o.json"))).isFalse();
        }
        Path ratings = tmp.resolve("r.data");
        Files.writeString(ratings, "1 1 4\n1 2 3\n2 1 5\n2 3 2\n3 2 1\n3 3 4\n");
        String[][] complete = {
            {"--method xgd --d 2", "method xgd does not support --d"},
            {"--method nucmin --step 0.1", "method nucmin does not support --step"},
            {"--method xgd --checkpoint-every 5", "method xgd has no option 'checkpoint_every'"},
            {"--method nucmin --path P", "method nucmin does not support --path"},
            {"--method flow", "method flow does not solve rectangular-completion problems"},
        };
        for (String[] c : complete) {
            List<String> args = new java.util.ArrayList<>(List.of("complete", "--train", ratings.toString(), "--out",
                tmp.resolve("c.json").toString()));
            for (String a : c[0].split(" ")) {
                args.add(a.equals("P") ? tmp.resolve("p.csv").toString() : a);
            }
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(c[0] + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains(c[1]);
            assertThat(Files.exists(tmp.resolve("c.json"))).isFalse();
        }
    }
}

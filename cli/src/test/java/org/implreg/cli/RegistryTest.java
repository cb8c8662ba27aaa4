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
    void aReproductionRegisteredByOneServicesLineIsListedByReproduceHelp() {
        // lab's test-only org.implreg.reproduce.toy.ToyReproduction, one line in lab's test resources
        // (META-INF/services/org.implreg.reproduce.Reproduction), on this class path through lab's test jar
        assertThat(org.implreg.reproduce.Reproductions.all()).containsKey("toy");
        CliTest.Run help = CliTest.run("reproduce", "--help");
        assertThat(help.code()).isZero();
        String out = help.out().replaceAll("\\s+", " ");
        for (org.implreg.reproduce.Reproduction r : org.implreg.reproduce.Reproductions.all().values()) {
            assertThat(out).as(r.name()).contains(r.name());
        }
        assertThat(out).contains("toy").contains("test-only toy reproduction");
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
            // issue 16: init scale, seed, iteration cap and tolerance where the method (or its init) does not use them
            {"--method xgd --init-scale 1", "method xgd does not support --init-scale (it has no random initialization)"},
            {"--method xgd --seed 3", "method xgd does not support --seed (it has no random initialization)"},
            {"--method xgd --seed 0", "method xgd does not support --seed (it has no random initialization)"},
            {"--method nucmin --init-scale 1", "method nucmin does not support --init-scale (it has no random initialization)"},
            {"--method nucmin --seed 1", "method nucmin does not support --seed (it has no random initialization)"},
            {"--method csdp --max-iter 10", "method csdp does not support --max-iter (it has no iteration cap)"},
            {"--method csdp --seed 1", "method csdp does not support --seed (it has no random initialization)"},
            {"--method csdp --init-scale 1", "method csdp does not support --init-scale (it has no random initialization)"},
            {"--method landweber --seed 1", "method landweber does not support --seed (it has no random initialization)"},
            {"--method gd --init svd-xgd --seed 1",
                "method gd does not support --seed with --init svd-xgd (only the gaussian initialization is random)"},
            {"--method gd --init svd --init-from NPY --init-scale 1e-3",
                "method gd does not support --init-scale with --init svd (only the gaussian initialization is random)"},
            {"--method flow --init svd-xgd --init-scale 1e-3", "method flow does not support --init-scale with --init svd-xgd"},
            {"--method udu --init svd --init-from NPY --seed 2", "method udu does not support --seed with --init svd"},
            {"--method deep -o init=identical --seed 1", "method deep does not support --seed with option init=identical"},
            {"--method deep -o init=perturbed --init-scale 1", "method deep does not support --init-scale with option init=perturbed"},
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
            // issue 16
            {"--method xgd --seed 1", "method xgd does not support --seed (it has no random initialization)"},
            {"--method xgd --init-scale 1", "method xgd does not support --init-scale (it has no random initialization)"},
            {"--method xgd --max-iter 10", "method xgd does not support --max-iter (it has no iteration cap)"},
            {"--method xgd --tol 0.1", "method xgd does not support --tol (it has no stopping tolerance)"},
            {"--method nucmin --seed 1", "method nucmin does not support --seed (it has no random initialization)"},
            {"--method nucmin --init-scale 1", "method nucmin does not support --init-scale (it has no random initialization)"},
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
        // the same on an asymmetric completion .npz given to solve
        Path asym = tmp.resolve("a.npz");
        assertThat(CliTest.run("problem", "--ratings", ratings.toString(), "--out", asym.toString()).code()).isZero();
        for (String[] c : new String[][] {{"xgd", "--seed"}, {"xgd", "--init-scale"}, {"nucmin", "--seed"}, {"xgd", "--max-iter"}}) {
            CliTest.Run r = CliTest.run("solve", "--problem", asym.toString(), "--method", c[0], c[1], "3", "--out",
                tmp.resolve("a.json").toString());
            assertThat(r.code()).as(String.join(" ", c) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("solve: error: method " + c[0] + " does not support " + c[1] + " ("
                + (c[1].equals("--max-iter") ? "it has no iteration cap" : "it has no random initialization") + ")");
        }
    }

    /** Defaults the user did not write are never refused; what a method reads is accepted when written (issue 16). */
    @Test
    void defaultsTheUserDidNotWriteAreNotRefused() throws Exception {
        Path p = problem();
        for (String[] c : new String[][] {{"--method", "xgd"}, {"--method", "nucmin"}, {"--method", "xgd", "--max-iter", "50", "--tol", "1e-3"},
            {"--method", "gd", "--seed", "4", "--init-scale", "1e-3", "--max-iter", "20"},
            {"--method", "gd", "--init", "svd-xgd", "--max-iter", "20"},
            {"--method", "deep", "-o", "init=identical", "--max-iter", "20"},
            {"--method", "deep", "--seed", "2", "--init-scale", "0.5", "--max-iter", "20"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("solve", "--problem", p.toString(), "--out", tmp.resolve("o.json").toString(),
                "--quiet"));
            args.addAll(List.of(c));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", c) + " -> " + r.err()).isZero();
        }
        Path ratings = tmp.resolve("r.data");
        Files.writeString(ratings, "1 1 4\n1 2 3\n2 1 5\n2 3 2\n3 2 1\n3 3 4\n");
        for (String[] c : new String[][] {{"--method", "xgd"}, {"--method", "nucmin", "--tol", "1e-3", "--max-iter", "100"},
            {"--method", "gd", "--seed", "1", "--init-scale", "1e-2", "--max-iter", "10"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("complete", "--train", ratings.toString(), "--out",
                tmp.resolve("c.json").toString(), "--quiet"));
            args.addAll(List.of(c));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", c) + " -> " + r.err()).isZero();
        }
    }

    /** Sweep specs: written keys (in an entry or a grid) a method does not read are refused; global seeds and one entry seed are not. */
    @Test
    void specsRefuseWrittenSettingsAMethodIgnores() throws Exception {
        Path f = tmp.resolve("s.yaml");
        String head = "problem: {n: 6, rank: 1, seed: 2}\nseeds: [0, 1, 2]\nmethods:\n";
        String[][] bad = {
            {"  - {method: xgd, init_scale: 1}", "methods[0]: method xgd does not support init_scale (it has no random initialization)"},
            {"  - {method: nucmin, seeds: [0, 1]}", "methods[0]: method nucmin does not support seed (it has no random initialization)"},
            {"  - {method: csdp, max_iter: 100}", "methods[0]: method csdp does not support max_iter (it has no iteration cap)"},
            {"  - {method: xgd, grid: {init_scale: [1e-4, 1]}}", "method xgd does not support init_scale"},
            {"  - {method: gd, init: svd-xgd, seeds: [0, 1]}", "method gd does not support seed with init svd-xgd"},
            {"  - {method: gd, init: svd-xgd, init_scale: 1e-3}", "method gd does not support init_scale with init svd-xgd"},
            {"  - {method: deep, init_scale: 1, options: {init: identical}}", "method deep does not support init_scale with option init=identical"},
            {"  - {method: gd}\n  - {method: xgd}\ngrid: {init_scale: [1e-4, 1]}", "methods[1] with init_scale=1.0E-4: method xgd does not support init_scale"},
        };
        for (String[] c : bad) {
            Files.writeString(f, head + c[0] + "\n");
            assertThatThrownBy(() -> SpecFiles.read(f)).as(c[0]).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("s.yaml: ").hasMessageContaining(c[1]);
        }
        Files.writeString(f, head + "  - {method: xgd}\n  - {method: nucmin, seeds: [0], tol: 1e-6, max_iter: 30}\n"
            + "  - {method: gd, init: svd-xgd, seeds: [0]}\n  - {method: gd, seeds: [3, 4], grid: {init_scale: [1e-4, 1]}}\n"
            + "  - {method: deep, options: {init: identical}}\n");
        assertThat(SpecFiles.read(f).runs()).hasSize(3 + 1 + 1 + 4 + 3);
        ExperimentSpec example = SpecFiles.read(Path.of("..", "examples", "fig1a-small.yaml"));
        assertThat(example.runs()).hasSize(2 * 4 * 3 + 3 + 3);
    }
}

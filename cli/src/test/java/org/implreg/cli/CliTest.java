package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: result.json keys, exit codes, one-line errors, no partial output. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Path problem(String name, String... extra) {
        Path f = tmp.resolve(name);
        String[] base = {"problem", "--n", "8", "--rank", "1", "--seed", "3", "--out", f.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertThat(run(args).code()).isZero();
        return f;
    }

    @Test
    void solveWritesTheResultContract() throws Exception {
        Path p = problem("p.npz");
        Path out = tmp.resolve("r.json");
        Path x = tmp.resolve("x.npy");
        Run r = run("solve", "--problem", p.toString(), "--method", "gd", "--d", "8", "--init-scale", "1e-3", "--step", "0.1",
            "--max-iter", "50000", "--tol", "1e-4", "--seed", "5", "--out", out.toString(), "--save-x", x.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        for (String k : new String[] {"method", "d", "init_scale", "step", "seed", "stop_reason", "iterations", "train_loss",
            "rel_error", "nuclear_norm", "effective_rank", "seconds", "provenance"}) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("method").asText()).isEqualTo("gd");
        assertThat(j.get("d").asInt()).isEqualTo(8);
        assertThat(j.get("stop_reason").asText()).isEqualTo("CONVERGED");
        assertThat(j.get("provenance").get("options").get("seed").asLong()).isEqualTo(5);
        assertThat(j.get("provenance").has("git_commit")).isTrue();
        assertThat(Files.exists(x)).isTrue();

        Path out2 = tmp.resolve("x.json");
        assertThat(run("solve", "--problem", p.toString(), "--method", "xgd", "--out", out2.toString(), "--quiet").code()).isZero();
        assertThat(Json.MAPPER.readTree(out2.toFile()).get("method").asText()).isEqualTo("xgd");
        // line search and SVD initialization from the X_gd solution
        Path xg = tmp.resolve("xg.npy");
        Path out3 = tmp.resolve("s.json");
        assertThat(run("solve", "--problem", p.toString(), "--method", "xgd", "--out", out2.toString(), "--save-x", xg.toString(),
            "--quiet").code()).isZero();
        Run svd = run("solve", "--problem", p.toString(), "--d", "2", "--init", "svd", "--init-from", xg.toString(), "--line-search",
            "--step", "0.5", "--max-iter", "2000", "--out", out3.toString(), "--quiet");
        assertThat(svd.code()).as(svd.err()).isZero();
        assertThat(Json.MAPPER.readTree(out3.toFile()).get("init").asText()).isEqualTo("svd");
        // completion problems too
        Path pc = problem("c.npz", "--measurement", "power-law", "--m", "30");
        assertThat(run("solve", "--problem", pc.toString(), "--max-iter", "100", "--out", tmp.resolve("c.json").toString(),
            "--quiet").code()).isZero();
    }

    @Test
    void flowAndTimeOrderedExponentialWriteFlowTimeAndEvaluations() throws Exception {
        Path p = problem("p.npz");
        for (String method : new String[] {"flow", "toe"}) {
            Path out = tmp.resolve(method + ".json");
            Path u = tmp.resolve(method + "-u.npy");
            Run r = run("solve", "--problem", p.toString(), "--method", method, "--init-scale", "1e-2", "--tol", "1e-3",
                "--out", out.toString(), "--save-u", u.toString(), "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = Json.MAPPER.readTree(out.toFile());
            for (String k : new String[] {"method", "stop_reason", "iterations", "gradient_evaluations", "evaluations", "flow_time",
                "train_error", "rel_error", "nuclear_norm", "seconds", "provenance"}) {
                assertThat(j.has(k)).as(method + " " + k).isTrue();
            }
            assertThat(j.get("stop_reason").asText()).isEqualTo("CONVERGED");
            assertThat(j.get("train_error").asDouble()).isLessThanOrEqualTo(1e-3);
            assertThat(j.get("flow_time").asDouble()).isPositive();
            assertThat(Files.exists(u)).isTrue();
        }
        JsonNode flow = Json.MAPPER.readTree(tmp.resolve("flow.json").toFile());
        assertThat(flow.get("used").get("integrator").asText()).isEqualTo("auto");
        Path out = tmp.resolve("dp.json");
        Run r = run("solve", "--problem", p.toString(), "--method", "flow", "--integrator", "dp853", "--rtol", "1e-9",
            "--max-time", "5", "--tol", "0", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertThat(j.get("integrator").asText()).isEqualTo("dp853");
        assertThat(j.get("flow_time").asDouble()).isEqualTo(5.0);
        assertThat(j.get("stop_reason").asText()).isEqualTo("MAX_ITER");
        assertThat(j.get("provenance").get("options").get("options").get("rtol").asText()).isEqualTo("1.0E-9");
    }

    @Test
    void nucminWritesItsCertificate() throws Exception {
        Path p = problem("pn.npz", "--m", "30");
        Path out = tmp.resolve("n.json");
        Path v = tmp.resolve("v.npy");
        Run r = run("solve", "--problem", p.toString(), "--method", "nucmin", "--tol", "1e-7", "--out", out.toString(),
            "--save-v", v.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        for (String k : new String[] {"nuclear_norm", "primal_residual", "dual_infeasibility", "complementarity", "duality_gap",
            "stop_reason", "seconds", "certified", "provenance"}) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("stop_reason").asText()).isEqualTo("CONVERGED");
        assertThat(j.get("duality_gap").asDouble()).isLessThanOrEqualTo(1e-7);
        assertThat(j.get("rel_error").asDouble()).isLessThan(1e-5);
        assertThat(Files.exists(v)).isTrue();
    }

    @Test
    void nucminCompletesARatingsMatrix() throws Exception {
        Path ratings = tmp.resolve("r.data");
        StringBuilder sb = new StringBuilder();
        for (int u = 1; u <= 6; u++) {
            for (int i = 1; i <= 9; i++) {
                if ((u * 7 + i * 3) % 4 != 0) {
                    sb.append(u).append('\t').append(i).append('\t').append(1 + (u * i) % 5).append("\t0\n");
                }
            }
        }
        Files.writeString(ratings, sb.toString());
        Path p = tmp.resolve("ml.npz");
        assertThat(run("problem", "--ratings", ratings.toString(), "--shape", "6x10", "--out", p.toString()).code()).isZero();
        Path out = tmp.resolve("ml.json");
        Path x = tmp.resolve("mlx.npy");
        Run r = run("solve", "--problem", p.toString(), "--method", "nucmin", "--tol", "1e-5", "--out", out.toString(),
            "--save-x", x.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertThat(j.get("stop_reason").asText()).isEqualTo("CONVERGED");
        assertThat(j.get("n1").asInt()).isEqualTo(6);
        assertThat(j.get("n2").asInt()).isEqualTo(10);
        assertThat(j.get("duality_gap").asDouble()).isLessThanOrEqualTo(1e-5);
        assertThat(j.get("lower_bound").asDouble()).isLessThanOrEqualTo(j.get("nuclear_norm").asDouble());
        assertThat(org.implreg.io.Npy.read(x).shape()).containsExactly(6, 10);
        // any method that declares rectangular completion runs on it through the registry; others are refused
        Run gd = run("solve", "--problem", p.toString(), "--method", "gd", "--d", "2", "--max-iter", "50", "--out",
            tmp.resolve("g.json").toString(), "--quiet");
        assertThat(gd.code()).as(gd.err()).isZero();
        assertThat(Json.MAPPER.readTree(tmp.resolve("g.json").toFile()).get("provenance").get("options").get("d").asInt()).isEqualTo(2);
        Run flow = run("solve", "--problem", p.toString(), "--method", "flow", "--out", tmp.resolve("f.json").toString());
        assertThat(flow.code()).isEqualTo(2);
        assertThat(flow.err()).contains("method flow does not solve rectangular-completion problems").hasLineCount(1);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"problem", "solve", "methods", "reproduce", "complete", "data", "theory"}) {
            Run r = run(c, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage");
        }
        assertThat(run("methods").code()).isZero();
    }

    @Test
    void hostileInputsGiveExitCodeTwoOneLineAndNoOutput() throws Exception {
        Path good = problem("good.npz");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = tmp.resolve("truncated.npz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Map<String, NdArray> wrongShape = new LinkedHashMap<>();
        wrongShape.put("A", NdArray.ofDoubles(new double[2 * 3 * 4], 2, 3, 4));
        wrongShape.put("y", NdArray.ofDoubles(new double[2], 2));
        Path shape = tmp.resolve("shape.npz");
        Npz.write(wrongShape, shape, false);

        Map<String, NdArray> yMismatch = new LinkedHashMap<>();
        yMismatch.put("A", NdArray.ofDoubles(new double[2 * 9], 2, 3, 3));
        yMismatch.put("y", NdArray.ofDoubles(new double[3], 3));
        Path mismatch = tmp.resolve("mismatch.npz");
        Npz.write(yMismatch, mismatch, false);

        Map<String, NdArray> nanY = new LinkedHashMap<>();
        nanY.put("A", NdArray.ofDoubles(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 1, 3, 3));
        nanY.put("y", NdArray.ofDoubles(new double[] {Double.NaN}, 1));
        Path nan = tmp.resolve("nan.npz");
        Npz.write(nanY, nan, false);

        Map<String, NdArray> asym = new LinkedHashMap<>();
        asym.put("A", NdArray.ofDoubles(new double[] {1, 2, 0, 0, 1, 0, 0, 0, 1}, 1, 3, 3));
        asym.put("y", NdArray.ofDoubles(new double[] {1}, 1));
        Path nonsym = tmp.resolve("nonsym.npz");
        Npz.write(asym, nonsym, false);

        Map<String, NdArray> badIdx = new LinkedHashMap<>();
        badIdx.put("indices", NdArray.ofLongs(new long[] {0, 5}, 1, 2));
        badIdx.put("n", NdArray.ofLongs(new long[] {3}));
        badIdx.put("y", NdArray.ofDoubles(new double[] {1}, 1));
        Path idx = tmp.resolve("idx.npz");
        Npz.write(badIdx, idx, false);

        Path ratingsBadCols = tmp.resolve("cols.data");
        Files.writeString(ratingsBadCols, "1\t2\t5\t0\n1\t3\n");
        Path ratingsNonNumeric = tmp.resolve("nonnum.data");
        Files.writeString(ratingsNonNumeric, "1\t2\tfive\t0\n");
        Path ratingsRange = tmp.resolve("range.data");
        Files.writeString(ratingsRange, "1\t2\t5\t0\n0\t3\t4\t0\n");
        Path ratingsDup = tmp.resolve("dup.data");
        Files.writeString(ratingsDup, "1\t2\t5\t0\n2\t2\t3\t0\n1\t2\t4\t0\n");

        Path junk = tmp.resolve("junk.npz");
        Files.writeString(junk, "hello");
        Path missing = tmp.resolve("missing.npz");

        String g = good.toString();
        String[][] cases = {
            {"solve", "--problem", truncated.toString()},
            {"solve", "--problem", shape.toString()},
            {"solve", "--problem", mismatch.toString()},
            {"solve", "--problem", nan.toString()},
            {"solve", "--problem", nonsym.toString()},
            {"solve", "--problem", idx.toString()},
            {"solve", "--problem", junk.toString()},
            {"solve", "--problem", missing.toString()},
            {"solve", "--problem", g, "--d", "-1"},
            {"solve", "--problem", g, "--d", "9"},
            {"solve", "--problem", g, "--method", "newton"},
            {"solve", "--problem", g, "--step", "-1"},
            {"solve", "--problem", g, "--init-scale", "0"},
            {"solve", "--problem", g, "--init", "svd"},
            {"solve", "--problem", g, "--tol", "abc"},
            {"solve", "--problem", g, "--bogus"},
            {"problem", "--n", "5", "--rank", "9"},
            {"problem", "--n", "4", "--m", "100", "--measurement", "uniform"},
            {"problem", "--measurement", "fourier"},
            {"reproduce", "nonexistent"},
            {"solve", "--problem", g, "--method", "nucmin", "--tol", "2"},
            {"solve", "--problem", g, "--method", "nucmin", "--save-u", "u.npy"},
            {"solve", "--problem", g, "--method", "gd", "--save-v", "v.npy"},
            {"problem", "--ratings", ratingsBadCols.toString()},
            {"problem", "--ratings", ratingsNonNumeric.toString()},
            {"problem", "--ratings", ratingsRange.toString()},
            {"problem", "--ratings", ratingsDup.toString()},
            {"problem", "--ratings", ratingsDup.toString() + ".missing"},
            {"problem", "--ratings", ratingsRange.toString(), "--shape", "3by4"},
            {"solve", "--problem", g, "--method", "flow", "--step", "0.1"},
            {"solve", "--problem", g, "--method", "flow", "--integrator", "euler"},
            {"solve", "--problem", g, "--method", "flow", "--rtol", "2"},
            {"solve", "--problem", g, "--method", "flow", "--option", "bogus=1"},
            {"solve", "--problem", g, "--method", "flow", "--option", "rtol=abc"},
            {"solve", "--problem", g, "--method", "flow", "--option", "noequals"},
            {"solve", "--problem", g, "--method", "gd", "--integrator", "dp853"},
            {"solve", "--problem", g, "--method", "toe", "--step", "0"},
            {"solve", "--problem", g, "--method", "toe", "--line-search"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("out-" + Math.abs(java.util.Arrays.hashCode(c)) + ".json");
            String[] args = java.util.Arrays.copyOf(c, c.length + 3);
            args[c.length] = "--out";
            args[c.length + 1] = out.toString();
            args[c.length + 2] = "--quiet";
            if (c[0].equals("problem")) {
                args[c.length + 2] = "--compress";
            }
            if (c[0].equals("reproduce")) {
                args[c.length + 1] = tmp.resolve("rep").toString();
            }
            Run r = run(args);
            String label = String.join(" ", c);
            assertThat(r.code()).as(label + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(label + " -> " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(label).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(Files.exists(out)).as(label + " wrote output").isFalse();
        }
        // the messages name the file or key
        assertThat(run("solve", "--problem", nonsym.toString(), "--out", tmp.resolve("o.json").toString()).err())
            .contains("nonsym.npz").contains("not symmetric");
        assertThat(run("solve", "--problem", nan.toString(), "--out", tmp.resolve("o.json").toString()).err())
            .contains("[y]").contains("NaN");
        assertThat(run("solve", "--problem", g, "--d", "9", "--out", tmp.resolve("o.json").toString()).err()).contains("exceeds n = 8");
        assertThat(run("problem", "--ratings", ratingsDup.toString(), "--out", tmp.resolve("o.npz").toString()).err())
            .contains("dup.data:3").contains("duplicate");
        assertThat(run("problem", "--ratings", ratingsRange.toString(), "--out", tmp.resolve("o.npz").toString()).err())
            .contains("range.data:2");
        // no stray temporary files either
        try (var s = Files.list(tmp)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count()).isZero();
        }
    }
}

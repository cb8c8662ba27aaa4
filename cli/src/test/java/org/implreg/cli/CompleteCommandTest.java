package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.implreg.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code implreg complete} on users' ratings files: results, test errors, and malformed files (exit 2, file:line). */
class CompleteCommandTest {
    @TempDir
    Path tmp;

    /** Ratings of a rank-1 matrix 1 + (u mod 3)(i mod 4)/3 in 1..5: train on ~75% of the pairs, test on the rest. */
    Path[] ratings() throws Exception {
        StringBuilder tr = new StringBuilder();
        StringBuilder te = new StringBuilder();
        for (int u = 1; u <= 12; u++) {
            for (int i = 1; i <= 15; i++) {
                double r = 1 + (1 + u % 3) * (1 + i % 4) / 3.0;
                ((u * 7 + i * 3) % 4 != 0 ? tr : te).append(u).append('\t').append(i).append('\t').append(r).append("\t0\n");
            }
        }
        Path a = tmp.resolve("train.data");
        Path b = tmp.resolve("test.data");
        Files.writeString(a, tr.toString());
        Files.writeString(b, te.toString());
        return new Path[] {a, b};
    }

    @Test
    void gdXgdAndNucminReportTrainingAndTestErrors() throws Exception {
        Path[] f = ratings();
        Path out = tmp.resolve("gd.json");
        Path path = tmp.resolve("path.csv");
        Path factors = tmp.resolve("uv.npz");
        CliTest.Run r = CliTest.run("complete", "--train", f[0].toString(), "--test", f[1].toString(), "--rating-range", "1:5",
            "--method", "gd", "--d", "4", "--step", "5e-3", "--tol", "1e-3", "--out", out.toString(), "--path", path.toString(),
            "--save-factors", factors.toString(), "--norm-every", "50", "--checkpoint", tmp.resolve("ck.npz").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertThat(j.get("stop_reason").asText()).isEqualTo("CONVERGED");
        assertThat(j.get("train_error").asDouble()).isLessThanOrEqualTo(1e-3);
        assertThat(j.get("test_error").asDouble()).isLessThan(0.05);
        assertThat(j.get("n1").asInt()).isEqualTo(12);
        assertThat(j.get("n2").asInt()).isEqualTo(15);
        assertThat(j.get("provenance").get("options").get("d").asInt()).isEqualTo(4);
        assertThat(Files.readAllLines(path).get(0)).isEqualTo("iteration,loss,train_error,test_error,nuclear_norm,seconds");
        assertThat(Npz.read(factors).get("u").shape()).containsExactly(12, 4);
        assertThat(Files.exists(tmp.resolve("ck.npz"))).as("checkpoint removed after the run").isFalse();

        Path x = tmp.resolve("x.json");
        assertThat(CliTest.run("complete", "--train", f[0].toString(), "--test", f[1].toString(), "--method", "xgd", "--out",
            x.toString(), "--quiet").code()).isZero();
        JsonNode jx = Json.MAPPER.readTree(x.toFile());
        assertThat(jx.get("train_error").asDouble()).isZero();
        assertThat(jx.get("test_error").asDouble()).isEqualTo(1.0);

        Path n = tmp.resolve("n.json");
        CliTest.Run rn = CliTest.run("complete", "--train", f[0].toString(), "--test", f[1].toString(), "--method", "nucmin", "--tol",
            "1e-5", "--out", n.toString(), "--save-x", tmp.resolve("x.npy").toString(), "--quiet");
        assertThat(rn.code()).as(rn.err()).isZero();
        JsonNode jn = Json.MAPPER.readTree(n.toFile());
        assertThat(jn.get("certified").asBoolean()).isTrue();
        assertThat(jn.get("train_error").asDouble()).isZero();
        // GD from small init lands near the minimum nuclear norm completion here (a rank-1 truth)
        assertThat(j.get("nuclear_norm").asDouble()).isLessThan(1.05 * jn.get("nuclear_norm").asDouble());
        assertThat(jx.get("nuclear_norm").asDouble()).isGreaterThan(jn.get("nuclear_norm").asDouble());
    }

    @Test
    void malformedDataFilesExitTwoNamingFileAndLine() throws Exception {
        Path[] good = ratings();
        String[][] files = {
            {"cols.data", "1\t2\t5\t0\n1\t3\n", "cols.data:2"},
            {"nonnum.data", "1\t2\t5\t0\n1\t3\tfive\t0\n", "nonnum.data:2"},
            {"badid.data", "1\t2\t5\t0\nx\t3\t4\t0\n", "badid.data:2"},
            {"zero.data", "1\t2\t5\t0\n0\t3\t4\t0\n", "zero.data:2"},
            {"outside.data", "1\t2\t5\t0\n1\t99\t4\t0\n", "outside.data:2"},
            {"dup.data", "1\t2\t5\t0\n2\t2\t3\t0\n1\t2\t4\t0\n", "dup.data:3"},
            {"rating.data", "1\t2\t5\t0\n2\t2\t7\t0\n", "rating.data:2"},
        };
        for (String[] c : files) {
            Path bad = tmp.resolve(c[0]);
            Files.writeString(bad, c[1]);
            for (String[] roles : new String[][] {{bad.toString(), good[1].toString()}, {good[0].toString(), bad.toString()}}) {
                Path out = tmp.resolve("out.json");
                CliTest.Run r = CliTest.run("complete", "--train", roles[0], "--test", roles[1], "--shape", "12x20", "--rating-range",
                    "1:5", "--method", "xgd", "--out", out.toString(), "--quiet");
                assertThat(r.code()).as(c[0] + " -> " + r.err()).isEqualTo(2);
                assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).contains(c[2]).doesNotContain("Exception");
                assertThat(Files.exists(out)).isFalse();
            }
        }
        String[][] args = {
            {"--method", "svd"},
            {"--rating-range", "5:1"},
            {"--shape", "12by15"},
            {"--method", "gd", "--d", "0"},
            {"--method", "gd", "--step", "-1"},
            {"--method", "xgd", "--d", "3"},
        };
        for (String[] a : args) {
            String[] full = new String[a.length + 6];
            full[0] = "complete";
            full[1] = "--train";
            full[2] = good[0].toString();
            System.arraycopy(a, 0, full, 3, a.length);
            full[a.length + 3] = "--out";
            full[a.length + 4] = tmp.resolve("o.json").toString();
            full[a.length + 5] = "--quiet";
            CliTest.Run r = CliTest.run(full);
            assertThat(r.code()).as(String.join(" ", a) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        CliTest.Run r = CliTest.run("reproduce", "gunasekar2017-movielens", "--data", tmp.resolve("nowhere").toString(), "--out",
            tmp.resolve("rep").toString(), "--quiet");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nowhere").contains("implreg data movielens-100k");
        CliTest.Run all = CliTest.run("reproduce", "--data", tmp.toString(), "--out", tmp.resolve("rep2").toString(), "--quiet");
        assertThat(all.code()).isEqualTo(2);
        assertThat(all.err()).contains("name exactly one");
    }

    /** The path CSV without its seconds column (wall-clock). */
    static java.util.List<String> pathWithoutSeconds(Path p) throws Exception {
        return Files.readAllLines(p).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void sgdAdamAndRmspropCompleteRatingsAndSgdWithTheWholeBatchIsGd() throws Exception {
        Path[] f = ratings();
        int size = Files.readAllLines(f[0]).size();
        String[] common = {"complete", "--train", f[0].toString(), "--test", f[1].toString(), "--d", "4", "--step", "5e-3", "--tol",
            "1e-3", "--max-iter", "400", "--record-every", "20", "--quiet"};
        Path gdOut = tmp.resolve("gd.json");
        Path gdPath = tmp.resolve("gd.csv");
        CliTest.Run g = CliTest.run(concat(common, "--method", "gd", "--out", gdOut.toString(), "--path", gdPath.toString()));
        assertThat(g.code()).as(g.err()).isZero();
        Path sOut = tmp.resolve("sgd.json");
        Path sPath = tmp.resolve("sgd.csv");
        CliTest.Run s = CliTest.run(concat(common, "--method", "sgd", "-o", "batch=" + size, "--out", sOut.toString(), "--path",
            sPath.toString(), "--checkpoint", tmp.resolve("s.npz").toString()));
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(pathWithoutSeconds(sPath)).isEqualTo(pathWithoutSeconds(gdPath));
        JsonNode jg = Json.MAPPER.readTree(gdOut.toFile());
        JsonNode js = Json.MAPPER.readTree(sOut.toFile());
        for (String key : new String[] {"train_error", "test_error", "nuclear_norm", "iterations", "stop_reason"}) {
            assertThat(js.get(key)).as(key).isEqualTo(jg.get(key));
        }
        assertThat(js.get("provenance").get("options").get("batch").asInt()).isEqualTo(size);
        for (String[] m : new String[][] {{"sgd", "5e-3"}, {"adam", "2e-2"}, {"rmsprop", "2e-2"}}) {
            Path out = tmp.resolve(m[0] + "-mb.json");
            CliTest.Run r = CliTest.run("complete", "--train", f[0].toString(), "--test", f[1].toString(), "--d", "4", "--method", m[0],
                "--step", m[1], "-o", "batch=20", "--max-iter", "3000", "--out", out.toString(), "--path",
                tmp.resolve(m[0] + ".csv").toString(), "--checkpoint", tmp.resolve(m[0] + ".npz").toString(), "--quiet");
            assertThat(r.code()).as(m[0] + r.err()).isZero();
            JsonNode j = Json.MAPPER.readTree(out.toFile());
            assertThat(j.get("train_error").asDouble()).as(m[0]).isLessThan(0.1);
            assertThat(j.get("provenance").get("options").get("eval_every").asInt()).isEqualTo((size + 19) / 20);
        }
        CliTest.Run big = CliTest.run(concat(common, "--method", "adam", "-o", "batch=" + (size + 1), "--out",
            tmp.resolve("big.json").toString()));
        assertThat(big.code()).isEqualTo(2);
        assertThat(big.err().strip()).contains("|Ω| = " + size).doesNotContain("\n");
        assertThat(Files.exists(tmp.resolve("big.json"))).isFalse();
        CliTest.Run gdBatch = CliTest.run(concat(common, "--method", "gd", "-o", "batch=3", "--out", tmp.resolve("gb.json").toString()));
        assertThat(gdBatch.code()).isEqualTo(2);
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

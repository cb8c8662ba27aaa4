package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --method md | md-hyper} (issue 31): a run, its trace, and bad options refused with exit 2 and one line. */
class MirrorDescentCliTest {
    @TempDir
    Path tmp;

    static final ObjectMapper M = new ObjectMapper();

    private Path problem() {
        Path p = tmp.resolve("p.npz");
        CliTest.Run r = CliTest.run("problem", "--n", "6", "--rank", "1", "--m", "18", "--seed", "3", "--out", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return p;
    }

    @Test
    void solveRunsMirrorDescentAndTracesIt() throws Exception {
        Path p = problem();
        for (String method : List.of("md", "md-hyper")) {
            Path t = tmp.resolve(method + ".jsonl");
            Path out = tmp.resolve(method + ".json");
            CliTest.Run run = CliTest.run("solve", "--problem", p.toString(), "--method", method, "--step", "0.2", "-o", "alpha=1e-3",
                "--max-iter", "300", "--trace", t.toString(), "--trace-every", "100", "--out", out.toString(), "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode result = M.readTree(out.toFile());
            List<String> lines = Files.readAllLines(t);
            assertThat(M.readTree(lines.get(0)).get("run").get("method").asText()).isEqualTo(method);
            assertThat(lines).hasSize(1 + 4); // k = 0, 100, 200, 300
            JsonNode last = M.readTree(lines.get(lines.size() - 1));
            assertThat(last.get("iteration").asLong()).isEqualTo(result.get("iterations").asLong());
            assertThat(last.get("nuclear_norm").asDouble()).isEqualTo(result.get("nuclear_norm").asDouble());
        }
    }

    /** A given X₀ (--init given --init-from X0.npy) starts md; one that is not positive definite is refused before any work. */
    @Test
    void aGivenStartingMatrixIsUsedAndANonPositiveDefiniteOneRefused() throws Exception {
        Path p = problem();
        int n = 6;
        double[] pd = new double[n * n];
        double[] indefinite = new double[n * n];
        for (int i = 0; i < n; i++) {
            pd[i * n + i] = 1e-3 * (i + 1);
            indefinite[i * n + i] = i == 0 ? -1e-3 : 1e-3;
        }
        Path good = tmp.resolve("x0.npy");
        Path bad = tmp.resolve("x0-bad.npy");
        org.implreg.io.Npy.write(org.implreg.io.NdArray.ofColumnMajor(pd, n, n), good);
        org.implreg.io.Npy.write(org.implreg.io.NdArray.ofColumnMajor(indefinite, n, n), bad);
        Path out = tmp.resolve("given.json");
        CliTest.Run ok = CliTest.run("solve", "--problem", p.toString(), "--method", "md", "--step", "0.2", "--max-iter", "50",
            "--init", "given", "--init-from", good.toString(), "--out", out.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readString(out)).contains("\"given\"");
        Path out2 = tmp.resolve("refused.json");
        CliTest.Run r = CliTest.run("solve", "--problem", p.toString(), "--method", "md", "--init", "given", "--init-from",
            bad.toString(), "--out", out2.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("X0 must be positive definite").doesNotContain("Exception");
        assertThat(Files.exists(out2)).isFalse();
    }

    @Test
    void badOptionsAreRefusedWithExitTwoAndOneLine() {
        Path p = problem();
        String[][] cases = {
            {"--method md -o alpha=0", "option alpha must be real > 0"},
            {"--method md -o alpha=-1", "option alpha must be real > 0"},
            {"--method md -o alpha=NaN", "option alpha must be a finite number"},
            {"--method md-hyper -o alpha=0", "option alpha must be real > 0"},
            {"--method md --step 0", "step"},
            {"--method md --step -0.1", "step"},
            {"--method md --step NaN", "step"},
            {"--method md --d 2", "method md does not support --d"},
            {"--method md --seed 1", "method md does not support --seed (it has no random initialization)"},
            {"--method md --init-scale 1e-3", "method md does not support --init-scale"},
            {"--method md -o beta=1", "method md has no option 'beta' (known: alpha)"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("solve", "--problem", p.toString(), "--out", tmp.resolve("o.json").toString()));
            args.addAll(List.of(c[0].split(" ")));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(c[0] + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Exception");
            assertThat(Files.exists(tmp.resolve("o.json"))).isFalse();
        }
        for (String[] c : new String[][] {{"--method", "sgd"}, {"--method", "md", "--depth", "3"}}) {
            List<String> args = new ArrayList<>(List.of("conjecture", "--problem", p.toString(), "--out", tmp.resolve("c").toString()));
            args.addAll(List.of(c));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", c) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("--method");
        }
    }
}

package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code implreg conjecture}: the conjecture.json contract, and hostile input (exit 2, one line). */
class ConjectureCommandTest {
    @TempDir
    Path tmp;

    private Path problem(String name, String... extra) {
        Path f = tmp.resolve(name);
        String[] base = {"problem", "--n", "5", "--rank", "1", "--m", "8", "--seed", "3", "--out", f.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliTest.Run r = CliTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return f;
    }

    @Test
    void writesTheConjectureContract() throws Exception {
        Path p = problem("p.npz");
        Path out = tmp.resolve("c");
        CliTest.Run r = CliTest.run("conjecture", "--problem", p.toString(), "--alphas", "1e-2,1e-4", "--seeds", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.resolve("conjecture.json").toFile());
        for (String k : new String[] {"answer", "evidence", "min_nuclear_norm", "glrl_nuclear_norm", "glrl_rank_path", "per_alpha", "trend",
            "provenance"}) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("answer").asText()).isIn("nuclear_norm", "greedy_low_rank", "both", "neither", "inconclusive", "not_converged");
        for (String k : new String[] {"glrl_stop_reason", "glrl_train_error", "glrl_fits", "settled", "smallest_alpha"}) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("per_alpha").size()).isGreaterThanOrEqualTo(2);
        assertThat(r.err()).as("progress on stderr").contains("conjecture: α = 1e-02");
        for (JsonNode e : j.get("per_alpha")) {
            for (String k : new String[] {"alpha", "nuclear_norm", "rel_gap", "rank", "distance_to_glrl", "distance_to_min"}) {
                assertThat(e.get(k).isNumber()).as(k).isTrue();
            }
            assertThat(e.get("nuclear_norm").asDouble()).isGreaterThanOrEqualTo(j.get("min_nuclear_norm").asDouble() * (1 - 1e-6));
        }
        assertThat(j.get("per_alpha").get(0).get("alpha").asDouble()).isEqualTo(1e-2);
        assertThat(Files.exists(out.resolve("index.html"))).isTrue();
        assertThat(Files.exists(out.resolve("figures/conjecture.png"))).isTrue();
        String page = Files.readString(out.resolve("index.html"));
        for (String link : new String[] {"conjecture.json", "provenance.json", "figures/conjecture.png", "figures/conjecture.svg"}) {
            assertThat(page).contains("\"" + link + "\"");
            assertThat(Files.exists(out.resolve(link))).as(link).isTrue();
        }
        assertThat(page.indexOf("Answer:")).as("the answer before the provenance").isLessThan(page.indexOf("provenance.json"));
        CliTest.Run quiet = CliTest.run("conjecture", "--problem", p.toString(), "--alphas", "1e-2,1e-4", "--seeds", "1", "--quiet", "--out",
            tmp.resolve("q").toString());
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void hostileInputEndsWithExitTwoAndOneLine() throws Exception {
        Path p = problem("p.npz");
        Path file = tmp.resolve("file.txt");
        Files.writeString(file, "x");
        Path bad = tmp.resolve("bad.npz");
        Files.writeString(bad, "not an npz");
        String out = tmp.resolve("o").toString();
        String[][] cases = {
            {"conjecture", "--problem", tmp.resolve("missing.npz").toString(), "--out", out},
            {"conjecture", "--problem", bad.toString(), "--out", out},
            {"conjecture", "--problem", p.toString(), "--alphas", "0", "--out", out},
            {"conjecture", "--problem", p.toString(), "--alphas", "NaN", "--out", out},
            {"conjecture", "--problem", p.toString(), "--alphas", "2", "--out", out},
            {"conjecture", "--problem", p.toString(), "--alphas", "1e-2,abc", "--out", out},
            {"conjecture", "--problem", p.toString(), "--seeds", "0", "--out", out},
            {"conjecture", "--problem", p.toString(), "--seeds", "1000", "--out", out},
            {"conjecture", "--problem", p.toString(), "--depth", "1", "--out", out},
            {"conjecture", "--problem", p.toString(), "--out", file.toString()},
            {"conjecture", "--problem", p.toString()},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run(c);
            assertThat(r.code()).as(String.join(" ", c) + " → " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
        assertThat(Files.exists(tmp.resolve("o"))).isFalse();
    }
}

package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.implreg.completion.GdCheckpointFile;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npz;
import org.implreg.io.RatingsFile;
import org.implreg.completion.CompletionGd;
import org.implreg.method.Methods;
import org.implreg.method.SolveSettings;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 20): one table of cases, each a set-up, a command line, the expected exit code
 * and a fragment of stderr (or of result.json), and optional checks that no file was clobbered. To
 * add a case, add a row to {@link #cases}. Surefire runs this class in its own JVM with {@code -Xmx512m}
 * (cli/pom.xml's {@code hostile-input} execution, and only there: the default execution excludes its tag
 * {@code small-heap}, which {@code -Dtest} does not override): every input that used to run out of memory
 * must end with exit code 2 within {@value #OOM_SECONDS} s there, and {@link #runsWithTheSmallHeapInTheBuild}
 * fails if the heap is larger. Issue 27's rows ("memory and time bounds") run some commands in a child JVM with
 * {@code -Xmx256m} and bound their time. {@code -Dimplreg.hostile.only=TEXT} runs only the rows whose bullet or name
 * contains TEXT.
 */
@org.junit.jupiter.api.Tag("small-heap")
class HostileInputTest {
    static final long OOM_SECONDS = 5;

    /** The heap the table is meant for: cli/pom.xml's {@code -Xmx512m}. */
    static final long HEAP_BYTES = 512L << 20;

    @TempDir
    static Path tmp;

    /** A set-up step: writes files under the case's folder. */
    interface Setup {
        void make(Path dir) throws Exception;
    }

    /** A check after the command: e.g. a file kept its bytes. */
    interface Check {
        void check(Path dir) throws Exception;
    }

    /**
     * One row: {@code args} may hold {@code {dir}} for the case's folder; {@code fragment} must occur in
     * stderr (exit ≠ 0) or, with {@code json:KEY=VALUE}, in {@code {dir}/r.json}.
     */
    record Case(String bullet, String name, Setup setup, String[] args, int code, String fragment, boolean oom, Check check, String heap,
                double seconds) {
        Case(String bullet, String name, Setup setup, String[] args, int code, String fragment, boolean oom, Check check) {
            this(bullet, name, setup, args, code, fragment, oom, check, null, 0);
        }
    }

    static Case row(String bullet, String name, Setup setup, int code, String fragment, String... args) {
        return new Case(bullet, name, setup, args, code, fragment, false, null);
    }

    static Case oom(String name, Setup setup, String fragment, String... args) {
        return new Case("out of memory", name, setup, args, 2, fragment, true, null);
    }

    static Case kept(String bullet, String name, Setup setup, Check check, String fragment, String... args) {
        return new Case(bullet, name, setup, args, 2, fragment, false, check);
    }

    /**
     * A row of issue 27's memory and time bounds: run in a child JVM with heap {@code heap} (null: in this
     * JVM), killed and failed past {@code seconds}; {@code fragment} as in {@link Case}, or {@code err:TEXT}
     * for text that stderr must contain after exit 0.
     */
    static Case bounded(String name, Setup setup, String heap, double seconds, int code, String fragment, Check check, String... args) {
        return new Case("memory and time bounds", name, setup, args, code, fragment, false, check, heap, seconds);
    }

    static final String BUDGET = "memory budget";

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // out of memory → exit 2 with the numbers
        c.add(oom("npz member inflating to 2 GiB (declared small)", d -> zipBomb(d.resolve("bomb.npz"), false), "trailing bytes",
            "solve", "--problem", "{dir}/bomb.npz", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("npz member declaring 2 GiB", d -> zipBomb(d.resolve("bomb.npz"), true), BUDGET,
            "solve", "--problem", "{dir}/bomb.npz", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("entry-index file declaring n = 100,000", d -> indexFile(d.resolve("big.npz"), 100_000), BUDGET,
            "solve", "--problem", "{dir}/big.npz", "--method", "gd", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("ratings id 2,000,000,000 (gd)", d -> text(d.resolve("r.data"), "2000000000 1 5\n1 1 4\n"), BUDGET,
            "complete", "--train", "{dir}/r.data", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("ratings id 2,000,000,000 (xgd)", d -> text(d.resolve("r.data"), "2000000000 1 5\n1 1 4\n"), BUDGET,
            "complete", "--train", "{dir}/r.data", "--method", "xgd", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("ratings 40,000 × 50,000, two ratings (xgd)", d -> text(d.resolve("r.data"), "40000 1 5\n1 50000 4\n"), BUDGET,
            "complete", "--train", "{dir}/r.data", "--method", "xgd", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("ratings 40,000 × 50,000, two ratings (nucmin)", d -> text(d.resolve("r.data"), "40000 1 5\n1 50000 4\n"), BUDGET,
            "complete", "--train", "{dir}/r.data", "--method", "nucmin", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom("ratings 40,000 × 50,000, two ratings (gd, d = min)", d -> text(d.resolve("r.data"), "40000 1 5\n1 50000 4\n"),
            BUDGET, "complete", "--train", "{dir}/r.data", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("out of memory", "ratings 40,000 × 50,000, two ratings (gd, d = 2): sparse metrics, no n1×n2 matrix",
            d -> text(d.resolve("r.data"), "40000 1 5\n1 50000 4\n"), 0, "json:n1=40000",
            "complete", "--train", "{dir}/r.data", "--d", "2", "--max-iter", "20", "--step", "0.01", "--out", "{dir}/r.json", "--quiet"));
        c.add(oom(".npy declaring 10,000 × 10,000 (--init-from)", d -> {
            problem(d);
            npyHeader(d.resolve("big.npy"), "(10000, 10000)");
        }, BUDGET, "solve", "--problem", "{dir}/p.npz", "--d", "6", "--init", "svd", "--init-from", "{dir}/big.npy", "--out",
            "{dir}/r.json", "--quiet"));
        c.add(oom("problem --n 2000 --m 100 (Gaussian operator of 1.6 GB)", d -> { }, BUDGET,
            "problem", "--n", "2000", "--m", "100", "--out", "{dir}/p.npz"));
        c.add(oom("spec expanding to 10⁹ runs", d -> text(d.resolve("s.yaml"), "problem: {n: 1000, rank: 1}\nmethods: [{method: gd}]\n"
            + "grid: {d: " + range(1000) + ", init_scale: " + range(1000) + ", step: " + range(1000) + "}\n"), "1000000000 runs",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(row("out of memory", "--max-runs raises the limit", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\ngrid: {problem_seed: [1, 2, 3]}\n"), 2, "3 runs, more than the limit of 2",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--max-runs", "2", "--quiet"));

        // internal errors → a result or exit 2
        c.add(row("internal error", "complete --step 1e300 ends NON_FINITE", HostileInputTest::ratings, 0, "json:stop_reason=NON_FINITE",
            "complete", "--train", "{dir}/r.data", "--d", "2", "--step", "1e300", "--out", "{dir}/r.json", "--quiet"));
        for (String[] damage : new String[][] {{"missing iteration", "iteration"}, {"non-numeric path", "path"},
            {"NaN factors", "u"}}) {
            c.add(kept("internal error", "checkpoint of this run with " + damage[0], d -> damagedCheckpoint(d, damage[1]),
                HostileInputTest::assertNoTemporaryFiles, "checkpoint is damaged", completeWithCheckpoint()));
        }

        // silent misreading → exit 2 naming the value
        c.add(row("misreading", "--step NaN", HostileInputTest::problem, 2, "--step: expected a finite number, got NaN",
            "solve", "--problem", "{dir}/p.npz", "--step", "NaN", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("misreading", "complete --step NaN", HostileInputTest::ratings, 2, "--step: expected a finite number, got NaN",
            "complete", "--train", "{dir}/r.data", "--step", "NaN", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("misreading", "spec n: 4294967298", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4294967298, rank: 1}\nmethods: [{method: xgd}]\n"), 2, "problem.n: 4294967298 is out of range",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(row("misreading", "spec d: 4294967297", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: gd, d: 4294967297}]\n"), 2, ".d: 4294967297 is out of range",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(row("misreading", "YAML duplicate key", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: gd, step: 0.1, step: 0.2}]\n"), 2, "key 'step' appears twice",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(row("misreading", "npz with two members named y", d -> duplicateMember(d.resolve("dup.npz")), 2, "two members named 'y.npy'",
            "solve", "--problem", "{dir}/dup.npz", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("misreading", "UTF-8 BOM in a ratings file", d -> {
            ratings(d);
            byte[] b = Files.readAllBytes(d.resolve("r.data"));
            byte[] withBom = new byte[b.length + 3];
            withBom[0] = (byte) 0xef;
            withBom[1] = (byte) 0xbb;
            withBom[2] = (byte) 0xbf;
            System.arraycopy(b, 0, withBom, 3, b.length);
            Files.write(d.resolve("r.data"), withBom);
        }, 0, "json:n1=12", "complete", "--train", "{dir}/r.data", "--method", "xgd", "--out", "{dir}/r.json", "--quiet"));

        // wrong results
        c.add(row("wrong result", "flow --max-time 1e-30 stops at the time limit, not CONVERGED", HostileInputTest::problem, 0,
            "json:stop_reason=MAX_ITER", "solve", "--problem", "{dir}/p.npz", "--method", "flow", "--max-time", "1e-30", "--out",
            "{dir}/r.json", "--quiet"));
        c.add(row("wrong result", "complete --max-iter 3000 reports its own cap", HostileInputTest::ratings, 0,
            "json:criterion=iterations >= 3000", "complete", "--train", "{dir}/r.data", "--d", "2", "--step", "1e-4", "--tol", "0",
            "--max-iter", "3000", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("wrong result", "--rtol 1e-300 is refused", HostileInputTest::problem, 2, "rtol must be in [1.0E-14, 1), got 1.0E-300",
            "solve", "--problem", "{dir}/p.npz", "--method", "flow", "--rtol", "1e-300", "--out", "{dir}/r.json", "--quiet"));

        // outputs of a failed run
        c.add(kept("clobbered", "solve --out an existing folder keeps --save-x and --save-u", d -> {
            problem(d);
            Files.createDirectories(d.resolve("outdir"));
            text(d.resolve("x.npy"), "old");
            text(d.resolve("u.npy"), "old");
        }, d -> assertUnchanged(d, "x.npy", "u.npy"), "--out " + "{dir}/outdir: is a folder", "solve", "--problem", "{dir}/p.npz",
            "--out", "{dir}/outdir", "--save-x", "{dir}/x.npy", "--save-u", "{dir}/u.npy", "--quiet"));
        c.add(kept("clobbered", "solve --out in a folder that cannot be written keeps --save-x", d -> {
            problem(d);
            text(d.resolve("afile"), "a file, not a folder");
            text(d.resolve("x.npy"), "old");
        }, d -> assertUnchanged(d, "x.npy"), "is not a folder", "solve", "--problem", "{dir}/p.npz", "--out", "{dir}/afile/r.json",
            "--save-x", "{dir}/x.npy", "--quiet"));
        c.add(kept("clobbered", "complete --out a folder keeps --path, --save-factors and the checkpoint", d -> {
            ratings(d);
            Files.createDirectories(d.resolve("outdir"));
            text(d.resolve("path.csv"), "old");
            text(d.resolve("uv.npz"), "old");
            text(d.resolve("ck.npz"), "old");
        }, d -> assertUnchanged(d, "path.csv", "uv.npz", "ck.npz"), "is a folder", "complete", "--train", "{dir}/r.data", "--d", "2",
            "--step", "0.01", "--out", "{dir}/outdir", "--path", "{dir}/path.csv", "--save-factors", "{dir}/uv.npz",
            "--checkpoint", "{dir}/ck.npz", "--quiet"));
        c.add(kept("clobbered", "run --out with a foreign line in runs.jsonl writes no provenance.json", d -> {
            text(d.resolve("s.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n");
            Files.createDirectories(d.resolve("out"));
            text(d.resolve("out/runs.jsonl"), "not a run\n{\"key\": \"k\"}\n");
        }, d -> assertThat(Files.exists(d.resolve("out/provenance.json"))).isFalse(), "runs.jsonl:1: not a run record",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("clobbered", "solve --out its own problem file", HostileInputTest::problem, d -> assertUnchanged(d, "p.npz"),
            "is the input --problem", "solve", "--problem", "{dir}/p.npz", "--out", "{dir}/p.npz", "--quiet"));

        // YAML aliases
        c.add(row("aliases", "legal YAML alias d: *dd", d -> text(d.resolve("s.yaml"),
            "problem: {n: &dd 4, rank: 1}\nmethods: [{method: gd, d: *dd, step: 0.01, max_iter: 5}]\n"), 0, "",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--threads", "1", "--quiet"));
        c.add(oom("YAML alias bomb", d -> text(d.resolve("s.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n"
            + "name: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"), "expands to more than", "run", "{dir}/s.yaml", "--out", "{dir}/out",
            "--quiet"));

        // a huge YAML scalar
        c.add(oom("30 MB YAML scalar", d -> {
            try (OutputStream o = Files.newOutputStream(d.resolve("s.yaml"))) {
                o.write("name: ".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = new byte[1 << 20];
                Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < 30; i++) {
                    o.write(chunk);
                }
            }
        }, "too large for a spec", "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));

        // traces and plots (issue 21)
        String[] solve = {"solve", "--problem", "{dir}/p.npz", "--max-iter", "30", "--out", "{dir}/r.json", "--quiet"};
        c.add(row("misreading", "--trace-every with --trace-log-spaced", HostileInputTest::problem, 2,
            "--trace-every and --trace-log-spaced exclude each other", cat(solve, "--trace", "{dir}/t.jsonl", "--trace-every", "5",
                "--trace-log-spaced", "10")));
        c.add(row("misreading", "--trace-every 0", HostileInputTest::problem, 2, "--trace-every must be ≥ 1, got 0",
            cat(solve, "--trace", "{dir}/t.jsonl", "--trace-every", "0")));
        c.add(row("misreading", "--trace-log-spaced -2", HostileInputTest::problem, 2, "--trace-log-spaced must be in 1..1000000, got -2",
            cat(solve, "--trace", "{dir}/t.jsonl", "--trace-log-spaced", "-2")));
        c.add(row("misreading", "--trace-top 0", HostileInputTest::problem, 2, "--trace-top must be ≥ 1, got 0",
            cat(solve, "--trace", "{dir}/t.jsonl", "--trace-top", "0")));
        c.add(row("misreading", "--trace-every without --trace", HostileInputTest::problem, 2, "need --trace FILE",
            cat(solve, "--trace-every", "5")));
        c.add(kept("clobbering", "--trace is the problem file", HostileInputTest::problem, d -> assertThat(
            Files.size(d.resolve("p.npz"))).isPositive(), "--trace {dir}/p.npz: is the input --problem", cat(solve, "--trace", "{dir}/p.npz")));
        c.add(row("misreading", "--trace with a convex reference", HostileInputTest::problem, 2, "method nucmin does not support --trace",
            "solve", "--problem", "{dir}/p.npz", "--method", "nucmin", "--trace", "{dir}/t.jsonl", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("misreading", "plot: missing trace file", d -> { }, 2, "t.jsonl: no such file",
            "plot", "{dir}/t.jsonl", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: malformed line", d -> text(d.resolve("t.jsonl"), "{\"run\": {}}\n{\"iteration\": 0}\n{oops\n"), 2,
            "t.jsonl:3: not a JSON line", "plot", "{dir}/t.jsonl", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: line without iteration", d -> text(d.resolve("t.jsonl"), "{\"loss\": 1}\n"), 2,
            "t.jsonl:1: a trace line needs an integer iteration", "plot", "{dir}/t.jsonl", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: unknown --y", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": 1}\n"), 2,
            "--y: unknown key 'losss'", "plot", "{dir}/t.jsonl", "--y", "losss", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: --out f.jpg", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": 1}\n"), 2,
            "--out {dir}/f.jpg: expected a .png, .svg or .pdf file", "plot", "{dir}/t.jsonl", "--out", "{dir}/f.jpg"));
        c.add(row("misreading", "plot: --format pdf with --out f.png", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": 1}\n"), 2,
            "--out {dir}/f.png: expected a .pdf file", "plot", "{dir}/t.jsonl", "--format", "pdf", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: --width 10", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": 1}\n"), 2,
            "--width: expected 200 to 20000 points, got 10", "plot", "{dir}/t.jsonl", "--width", "10", "--out", "{dir}/f.png"));
        c.add(row("misreading", "plot: --dpi with SVG", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": 1}\n"), 2,
            "--dpi: only a PNG has a resolution", "plot", "{dir}/t.jsonl", "--dpi", "300", "--out", "{dir}/f.svg"));
        c.add(row("misreading", "plot: --problem without X*", HostileInputTest::problemWithoutTruth, 2,
            "has no X* to draw", "plot", "{dir}/t.jsonl", "--problem", "{dir}/q.npz", "--out", "{dir}/f.png"));
        c.add(kept("clobbering", "plot: --out is a trace", d -> text(d.resolve("t.png"), "{\"iteration\": 1, \"loss\": 1}\n"),
            d -> assertThat(Files.readString(d.resolve("t.png"))).startsWith("{"), "is the input trace",
            "plot", "{dir}/t.png", "--out", "{dir}/t.png"));
        c.add(row("misreading", "plot: nothing to plot", d -> text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"loss\": null}\n"), 2,
            "no loss values to plot", "plot", "{dir}/t.jsonl", "--y", "loss", "--out", "{dir}/f.png"));

        // memory and time bounds (issue 27)
        c.add(bounded("solve --trace-every 1 over 10⁶ iterations under -Xmx256m: the trace is streamed", d -> problem(d, 3), "256m", 60, 0,
            "json:iterations=1000000", d -> {
                assertTraceLines(d.resolve("t.jsonl"), 1_000_001);
                assertNoTemporaryFiles(d);
            }, "solve", "--problem", "{dir}/p.npz", "--step", "1e-5", "--max-iter", "1000000", "--tol", "0", "--trace", "{dir}/t.jsonl",
            "--trace-every", "1", "--out", "{dir}/r.json", "--quiet"));
        c.add(bounded("plot of a 10⁶-line trace under -Xmx256m: read streaming, downsampled", d -> trace(d.resolve("t.jsonl"), 1_000_000, 3),
            "256m", 40, 0, "", d -> {
                assertThat(Files.readAllBytes(d.resolve("f.png"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
                assertNoTemporaryFiles(d);
            }, "plot", "{dir}/t.jsonl", "--out", "{dir}/f.png"));
        c.add(bounded("plot of a trace with 10⁵ singular values per line: top 20 drawn, said on stderr", d -> trace(d.resolve("t.jsonl"), 20,
            100_000), "256m", 20, 0, "err:the top 20 of 100000 singular values", d -> assertThat(Files.size(d.resolve("f.png"))).isPositive(),
            "plot", "{dir}/t.jsonl", "--out", "{dir}/f.png"));
        c.add(bounded("wheel whose digits member inflates to 1 GiB: refused while streaming, before its SHA-256", d -> wheelBomb(
            d.resolve("w.whl")), null, OOM_SECONDS, 2, "inflates to more than", d -> assertThat(Files.exists(d.resolve("out"))).isFalse(),
            "data", "sklearn-digits", "--wheel", "{dir}/w.whl", "--to", "{dir}/out"));
        c.add(bounded("a ratings file with a 5 MB token: the error line quotes 100 characters of it", d -> text(d.resolve("r.data"),
            "1 1 " + "x".repeat(5 << 20) + "\n"), null, OOM_SECONDS, 2, "xxxx… (5242880 characters)' is not a number", null,
            "complete", "--train", "{dir}/r.data", "--out", "{dir}/r.json", "--quiet"));
        c.add(bounded("--step with a 5 MB value (picocli's conversion error): capped too", HostileInputTest::problem, null, OOM_SECONDS, 2,
            "… (5242880 characters)", null, "solve", "--problem", "{dir}/p.npz", "--step", "9".repeat((5 << 20) - 1) + "x", "--out",
            "{dir}/r.json", "--quiet"));
        c.add(bounded("a spec whose step is a 1 MB token: capped too", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: gd, step: " + "y".repeat(1_000_000) + "}]\n"), null, OOM_SECONDS, 2,
            "… (1000000 characters)", null, "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        // specs validated whole when read, before anything is written (issue 27)
        c.add(kept("specs", "YAML nested 20,000 levels", d -> text(d.resolve("s.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n"
            + "name: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n"), HostileInputTest::nothingWritten, "nested more than 100 levels deep",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "JSON nested 100,000 levels", d -> text(d.resolve("s.json"), "{\"problem\": {\"n\": 4, \"rank\": 1}, "
            + "\"methods\": [{\"method\": \"xgd\"}], \"name\": " + "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_000) + "}\n"),
            HostileInputTest::nothingWritten, "nested more than 100 levels deep", "run", "{dir}/s.json", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "momentum: 1.0 refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: momentum, max_iter: 5, options: {momentum: 1.0}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0]: momentum must be in [0, 1), got 1.0",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "nesterov: maybe refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: momentum, max_iter: 5, options: {nesterov: maybe}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0]: option nesterov must be one of true, false, got 'maybe'",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        // issue 31's stochastic and adaptive methods: every value checked, b > m named with m
        c.add(kept("specs", "stochastic: adam beta1: 1.0 refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: adam, max_iter: 5, options: {beta1: 1.0}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0]: option beta1 must be real in [0, 1), got '1.0'",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "stochastic: rmsprop eps: 0 refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: rmsprop, max_iter: 5, options: {eps: 0}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0]: option eps must be real > 0, got '0'",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "stochastic: sgd batch > m refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: sgd, max_iter: 5, options: {batch: 13}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0]: batch must be ≤ m = 12 (the number of measurements), got 13",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(row("options", "stochastic: sgd -o batch larger than m: exit 2 naming m", HostileInputTest::problem, 2, "batch must be ≤ m = ",
            "solve", "--problem", "{dir}/p.npz", "--method", "sgd", "-o", "batch=100000", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("options", "stochastic: adam -o beta2=NaN: exit 2", HostileInputTest::problem, 2, "option beta2 must be a finite number",
            "solve", "--problem", "{dir}/p.npz", "--method", "adam", "-o", "beta2=NaN", "--out", "{dir}/r.json", "--quiet"));
        c.add(row("options", "stochastic: sgd --step 0: exit 2", HostileInputTest::problem, 2, "step",
            "solve", "--problem", "{dir}/p.npz", "--method", "sgd", "--step", "0", "--out", "{dir}/r.json", "--quiet"));
        c.add(kept("specs", "a grid value out of range (flow rtol 1e-300) refused when the spec is read", d -> text(d.resolve("s.yaml"),
            "problem: {n: 4, rank: 1}\nmethods: [{method: flow, grid: {options.rtol: [1e-6, 1e-300]}}]\n"),
            HostileInputTest::nothingWritten, "s.yaml: methods[0] with options.rtol=1.0E-300: rtol must be in [1.0E-14, 1), got 1.0E-300",
            "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));
        c.add(kept("specs", "OUT/traces is a file", d -> {
            text(d.resolve("s.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: gd, max_iter: 5}]\ntrace: {every: 1}\n");
            text(d.resolve("out/traces"), "a file");
        }, d -> assertThat(d.resolve("out")).isDirectoryNotContaining(f -> !f.getFileName().toString().equals("traces")),
            "traces is a file, not a folder", "run", "{dir}/s.yaml", "--out", "{dir}/out", "--quiet"));

        // outputs checked before work, written together at the end (issue 27)
        String[] conj = {"conjecture", "--problem", "{dir}/p.npz", "--alphas", "1e-2", "--seeds", "1"};
        c.add(fast(kept("outputs", "conjecture: conjecture.json is a folder", d -> {
            problem(d);
            Files.createDirectories(d.resolve("conj/conjecture.json"));
        }, d -> assertThat(d.resolve("conj/figures")).doesNotExist(), "conjecture.json: is a folder", cat(conj, "--out", "{dir}/conj"))));
        c.add(fast(kept("outputs", "conjecture: --out under a file", d -> {
            problem(d);
            text(d.resolve("afile"), "a file");
        }, d -> assertThat(Files.readString(d.resolve("afile"))).isEqualTo("a file"), "--out {dir}/afile/conj: lies under {dir}/afile",
            cat(conj, "--out", "{dir}/afile/conj"))));
        c.add(fast(kept("outputs", "conjecture: figures is a file", d -> {
            problem(d);
            text(d.resolve("conj/figures"), "a file");
        }, d -> assertThat(d.resolve("conj")).isDirectoryNotContaining(f -> !f.getFileName().toString().equals("figures")),
            "is not a folder", cat(conj, "--out", "{dir}/conj"))));
        c.add(fast(kept("outputs", "reproduce --out a file", d -> text(d.resolve("afile"), "a file"),
            d -> assertThat(Files.readString(d.resolve("afile"))).isEqualTo("a file"), "--out {dir}/afile: is a file, not a folder",
            "reproduce", "razin2020", "--out", "{dir}/afile", "--quiet")));
        c.add(fast(kept("outputs", "reproduce --out under a file", d -> text(d.resolve("afile"), "a file"),
            d -> assertThat(Files.readString(d.resolve("afile"))).isEqualTo("a file"), "lies under {dir}/afile, which is a file",
            "reproduce", "razin2020", "--out", "{dir}/afile/results", "--quiet")));
        c.add(fast(kept("outputs", "reproduce --out whose reproduction folder is a file", d -> text(d.resolve("res/razin2020"), "a file"),
            d -> assertThat(Files.readString(d.resolve("res/razin2020"))).isEqualTo("a file"), "razin2020: is a file, not a folder",
            "reproduce", "razin2020", "--out", "{dir}/res", "--quiet")));
        return c;
    }

    // ---- issue 27: child JVMs and big files ----

    /**
     * Runs implreg in a child JVM with heap {@code heap} on this test's class path (surefire's, else this
     * JVM's), stdout and stderr to files in {@code dir}; killed after {@code seconds} (the row then fails).
     */
    static CliTest.Run child(Path dir, String heap, double seconds, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-cp", cp,
            Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor((long) Math.ceil(seconds), java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("did not finish within " + seconds + " s (killed)");
        }
        CliTest.Run r = new CliTest.Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "… (" + s.length() + " characters)";
    }

    /** A problem of size n, rank 1. */
    static void problem(Path d, int n) {
        CliTest.Run r = CliTest.run("problem", "--n", Integer.toString(n), "--rank", "1", "--seed", "3", "--out", d.resolve("p.npz").toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** A trace file of {@code lines} recorded iterates k = 1…lines with {@code top} singular values each. */
    static void trace(Path f, int lines, int top) throws IOException {
        try (java.io.Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"run\":{\"method\":\"gd\",\"d\":3,\"init_scale\":1.0E-4,\"step\":0.001}}\n");
            StringBuilder b = new StringBuilder();
            for (int k = 1; k <= lines; k++) {
                b.setLength(0);
                double loss = 1.0 / k;
                b.append("{\"iteration\":").append(k).append(",\"flow_time\":").append(k * 1e-3).append(",\"loss\":").append(loss)
                    .append(",\"train_error\":").append(Math.sqrt(loss)).append(",\"rel_error\":null,\"nuclear_norm\":1.0")
                    .append(",\"effective_rank\":1.0,\"singular_values\":[");
                for (int i = 0; i < top; i++) {
                    b.append(i == 0 ? "" : ",").append((1.0 + (k % 7)) / (i + 1));
                }
                b.append("],\"u_norm\":1.0}\n");
                w.write(b.toString());
            }
        }
    }

    /** The trace has its run line, then {@code n} lines with k = 0, 1, …, n − 1 (read streaming). */
    static void assertTraceLines(Path f, long n) throws IOException {
        try (java.io.BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            assertThat(r.readLine()).startsWith("{\"run\":{\"method\":\"gd\"");
            long k = 0;
            for (String line; (line = r.readLine()) != null; k++) {
                if (!line.startsWith("{\"iteration\":" + k + ",")) {
                    throw new AssertionError(f + ": line " + (k + 2) + " is not iteration " + k + ": " + abbreviate(line));
                }
            }
            assertThat(k).as("trace lines").isEqualTo(n);
        }
    }

    static void assertNoTemporaryFiles(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).as("temporary files").isEmpty();
        }
    }

    /** A wheel whose sklearn/datasets/data/digits.csv.gz member inflates to 1 GiB of zeros. */
    static void wheelBomb(Path f) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.setLevel(Deflater.BEST_SPEED);
            z.putNextEntry(new ZipEntry("sklearn/__init__.py"));
            z.write("# not scikit-learn\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("sklearn/datasets/data/digits.csv.gz"));
            byte[] zeros = new byte[1 << 22];
            for (long w = 0; w < 1L << 30; w += zeros.length) {
                z.write(zeros);
            }
            z.closeEntry();
        }
    }

    /** Nothing of the sweep was written: the output folder was not made (or is empty). */
    static void nothingWritten(Path d) throws IOException {
        Path out = d.resolve("out");
        if (Files.exists(out)) {
            try (Stream<Path> l = Files.list(out)) {
                assertThat(l.toList()).as("files written to --out by a refused run").isEmpty();
            }
        }
    }

    /** The row must end within {@value #OOM_SECONDS} s: refused before any work. */
    static Case fast(Case k) {
        return new Case(k.bullet(), k.name(), k.setup(), k.args(), k.code(), k.fragment(), true, k.check());
    }

    /**
     * Outside the build (e.g. an IDE's JVM with a larger heap, where {@link #runsWithTheSmallHeapInTheBuild}
     * fails), the memory budget is set to what a 512 MB heap gives, so the rest of the table means the same there.
     */
    @org.junit.jupiter.api.BeforeAll
    static void budgetOfA512MbHeap() {
        if (Runtime.getRuntime().maxMemory() > HEAP_BYTES) {
            System.setProperty("implreg.memory.budget", Long.toString(HEAP_BYTES / 100 * org.implreg.MemoryBudget.SHARE_PERCENT));
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreBudget() {
        System.clearProperty("implreg.memory.budget");
    }

    /** The heap really is 512 MB (cli/pom.xml's {@code hostile-input} execution, the only one that runs this class). */
    @org.junit.jupiter.api.Test
    void runsWithTheSmallHeapInTheBuild() {
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap; run with -Xmx512m (cli/pom.xml, execution hostile-input)")
            .isLessThanOrEqualTo(HEAP_BYTES);
    }

    @TestFactory
    Stream<DynamicTest> hostileInputs() {
        String only = System.getProperty("implreg.hostile.only", ""); // e.g. -Dimplreg.hostile.only=bounds: the rows whose name or bullet has it
        List<Case> all = cases();
        return java.util.stream.IntStream.range(0, all.size()).filter(i -> (all.get(i).bullet() + " " + all.get(i).name()).contains(only))
            .mapToObj(i -> {
            Case k = all.get(i);
            return DynamicTest.dynamicTest("[" + k.bullet() + "] " + k.name(), () -> {
                Path dir = Files.createDirectories(tmp.resolve("case" + i));
                k.setup().make(dir);
                String[] args = Arrays.stream(k.args()).map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
                long t0 = System.nanoTime();
                CliTest.Run r;
                try {
                    r = k.heap() != null ? child(dir, k.heap(), k.seconds(), args) : CliTest.run(args);
                } catch (OutOfMemoryError e) { // JUnit would abort the whole table on it: fail this row only
                    throw new AssertionError(k.name() + ": out of memory (" + e.getMessage() + ")");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(java.util.Locale.ROOT, "%6.1f s  %s%n", seconds, k.name());
                assertThat(r.code()).as(k.name() + ": " + abbreviate(r.err())).isEqualTo(k.code());
                assertThat(r.err()).as("no internal error or stack trace").doesNotContain("internal error").doesNotContain("\tat ");
                if (k.code() != 0) {
                    assertThat(r.err().strip().lines().count()).as("one line: " + abbreviate(r.err())).isEqualTo(1);
                    assertThat(r.err().length()).as("a line of at most 1,000 characters: " + abbreviate(r.err())).isLessThanOrEqualTo(1000);
                    assertThat(r.err()).contains(k.fragment().replace("{dir}", dir.toString()));
                } else if (k.fragment().startsWith("err:")) {
                    assertThat(r.err()).contains(k.fragment().substring(4));
                } else if (k.fragment().startsWith("json:")) {
                    String[] kv = k.fragment().substring(5).split("=", 2);
                    JsonNode j = Json.MAPPER.readTree(dir.resolve("r.json").toFile());
                    assertThat(j.path(kv[0]).asText()).as(kv[0]).isEqualTo(kv[1]);
                }
                if (k.oom()) {
                    assertThat(seconds).as("exit " + k.code() + " within " + OOM_SECONDS + " s").isLessThan(OOM_SECONDS);
                }
                if (k.seconds() > 0) {
                    assertThat(seconds).as("within " + k.seconds() + " s").isLessThan(k.seconds());
                }
                if (k.check() != null) {
                    k.check().check(dir);
                }
            });
        });
    }

    // ---- set-ups ----

    static void text(Path f, String s) throws IOException {
        Files.createDirectories(f.toAbsolutePath().getParent());
        Files.writeString(f, s);
    }

    static String[] cat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String range(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            sb.append(i == 1 ? "" : ", ").append(i);
        }
        return sb.append(']').toString();
    }

    /** A problem file q.npz without X* (a 2×2 completion of one entry) and a trace t.jsonl. */
    static void problemWithoutTruth(Path d) throws IOException {
        org.implreg.io.ProblemFiles.write(new org.implreg.problem.Problem(new org.implreg.problem.CompletionOperator(2, new int[] {0},
            new int[] {0}), new double[] {1.0}, null, java.util.Map.of()), d.resolve("q.npz"), false);
        text(d.resolve("t.jsonl"), "{\"iteration\": 1, \"singular_values\": [1, 0.5]}\n");
    }

    static void problem(Path d) {
        CliTest.Run r = CliTest.run("problem", "--n", "6", "--rank", "1", "--seed", "3", "--out", d.resolve("p.npz").toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** A rank-1 12×15 ratings matrix, 1-based ids. */
    static void ratings(Path d) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int u = 1; u <= 12; u++) {
            for (int i = 1; i <= 15; i++) {
                if ((u * 7 + i * 3) % 4 != 0) {
                    sb.append(u).append('\t').append(i).append('\t').append(1 + (1 + u % 3) * (1 + i % 4) / 3.0).append("\t0\n");
                }
            }
        }
        text(d.resolve("r.data"), sb.toString());
    }

    static void assertUnchanged(Path d, String... names) throws IOException {
        for (String n : names) {
            Path f = d.resolve(n);
            assertThat(Files.exists(f)).as(n + " still there").isTrue();
            if (n.equals("p.npz")) {
                assertThat(Npz.keys(f)).as(n + " still the problem").contains("y");
            } else {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(n + " unchanged").isEqualTo("old");
            }
        }
    }

    /**
     * A problem file whose y member inflates to 2 GiB of zeros: with a header declaring 10 values
     * ({@code declareAll} false) or all of them.
     */
    static void zipBomb(Path f, boolean declareAll) throws IOException {
        long data = 1L << 31;
        String shape = declareAll ? "(" + data / 8 + ",)" : "(10,)";
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.setLevel(Deflater.BEST_SPEED);
            z.putNextEntry(new ZipEntry("y.npy"));
            z.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
            z.write(header.getBytes(StandardCharsets.ISO_8859_1));
            if (declareAll) {
                z.write(new byte[1 << 16]); // the declared size is refused before the data is read
            } else {
                byte[] zeros = new byte[1 << 22];
                for (long w = 0; w < data; w += zeros.length) {
                    z.write(zeros);
                }
            }
            z.closeEntry();
        }
    }

    /** A .npy with a float64 header of the given shape and no data. */
    static void npyHeader(Path f, String shape) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
            o.write(header.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** An entry-index problem file: one observed entry, declared n. */
    static void indexFile(Path f, long n) {
        Map<String, NdArray> a = new LinkedHashMap<>();
        a.put("indices", NdArray.ofLongs(new long[] {0, 1}, 1, 2));
        a.put("n", NdArray.ofLongs(new long[] {n}));
        a.put("y", NdArray.ofDoubles(new double[] {1.0}, 1));
        Npz.write(a, f, false);
    }

    /** An npz whose two members are both named y.npy (the second renamed in place: ZipOutputStream refuses duplicates). */
    static void duplicateMember(Path f) throws IOException {
        Map<String, NdArray> a = new LinkedHashMap<>();
        a.put("A", NdArray.ofDoubles(new double[] {1, 0, 0, 1}, 1, 2, 2));
        a.put("y", NdArray.ofDoubles(new double[] {1.0}, 1));
        a.put("z", NdArray.ofDoubles(new double[] {2.0}, 1));
        byte[] b = Npz.toBytes(a, false);
        byte[] from = "z.npy".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + from.length, from, 0, from.length)) {
                b[i] = 'y';
            }
        }
        Files.write(f, b);
    }

    /** The complete command whose checkpoint {@link #damagedCheckpoint} writes. */
    static String[] completeWithCheckpoint() {
        return new String[] {"complete", "--train", "{dir}/r.data", "--d", "2", "--step", "0.01", "--init-scale", "0.1", "--tol", "0",
            "--max-iter", "40", "--checkpoint-every", "10", "--checkpoint", "{dir}/ck.npz", "--out", "{dir}/r.json", "--quiet"};
    }

    /** A checkpoint with the key of {@link #completeWithCheckpoint}'s run, then damaged in {@code what}. */
    static void damagedCheckpoint(Path d, String what) throws Exception {
        ratings(d);
        Path ck = d.resolve("ck.npz");
        AsymmetricCompletion train = RatingsFile.read(d.resolve("r.data"), 0, 0, Double.NaN, Double.NaN);
        SolveSettings s = SolveSettings.builder("gd").d(2).initScale(0.1).step(0.01).maxIterations(40L).tol(0.0)
            .options(Map.of("checkpoint_every", "10")).build();
        class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }
        try {
            Methods.get("gd").complete(train, null, s, o -> new CompletionGd.Checkpoints() {
                final GdCheckpointFile file = new GdCheckpointFile(ck, GdCheckpointFile.key(train, o), train.n1(), train.n2(), o.d());

                @Override
                public Optional<CompletionGd.State> load() {
                    return file.load();
                }

                @Override
                public void save(CompletionGd.State st) {
                    file.save(st);
                    throw new Stop(); // leave the first checkpoint, as a killed run does
                }
            }, IterationListener.NONE);
        } catch (Stop expected) {
            // the checkpoint is written
        }
        Map<String, NdArray> a = new LinkedHashMap<>(Npz.read(ck));
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(a.get("meta").text());
        switch (what) {
            case "iteration" -> meta.remove("iteration");
            case "path" -> ((com.fasterxml.jackson.databind.node.ArrayNode) meta.get("path").get(0)).set(1,
                meta.textNode("not a number"));
            default -> {
                double[] u = a.get("u").values().clone();
                u[0] = Double.NaN;
                a.put("u", NdArray.ofDoubles(u, a.get("u").shape()));
            }
        }
        a.put("meta", NdArray.ofText(Json.MAPPER.writeValueAsString(meta)));
        Npz.write(a, ck, false);
        assertThat(Npz.keys(ck)).contains("u", "v", "meta");
    }
}

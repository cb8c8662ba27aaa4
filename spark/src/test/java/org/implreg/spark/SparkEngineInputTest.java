package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input to {@code --engine spark} (issue 27): each row runs {@code implreg} (org.implreg.cli.Main) in its own
 * JVM, with the JVM options of the {@code ./implreg} launcher and the spark module on the class path, as a user
 * would, and checks the exit code, that stderr is exactly one line holding the expected fragment (no stack trace,
 * no Spark log line, no JVM warning), that {@code --out} was not created, and that the row took less than
 * {@value #LIMIT_S} s. The quiet row checks that a successful {@code -q} run prints nothing on stderr.
 * Every Spark socket is on 127.0.0.1 ({@code SPARK_LOCAL_IP}); the "unreachable" masters are a free loopback
 * port with nothing listening and a loopback server that accepts and never answers.
 */
class SparkEngineInputTest {
    /**
     * A row's bound: the slowest row waits the default master timeout (10 s) after a JVM and Spark start of a
     * few seconds; 35 s leaves room for a loaded machine (21.5 s measured with the load average at 14) and is
     * still far below Spark's own give-up (three registration rounds of 20 s), so a row that hangs still fails.
     */
    static final double LIMIT_S = 35;

    @TempDir
    static Path tmp;

    /** Accepts connections on 127.0.0.1 and never answers: a master that does not register the application. */
    static ServerSocket silent;
    static final List<Socket> held = new ArrayList<>();

    @BeforeAll
    static void silentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-master");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void closeSilentServer() throws IOException {
        silent.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * One row: {@code args} may hold {@code {dir}} (the row's folder, with a spec s.yaml and a traced spec t.yaml);
     * {@code code} 0 means a successful run that must print nothing on stderr.
     */
    record Row(String name, int code, String fragment, String... args) {}

    static final String SPEC = "{dir}/s.yaml";
    static final String OUT = "{dir}/out";

    static Row master(String master, int code, String fragment) {
        return new Row("--master " + master, code, fragment, "run", SPEC, "--out", OUT, "--engine", "spark", "--master", master, "-q");
    }

    static Row conf(String kv, String fragment) {
        return new Row("--conf " + kv, 2, fragment, "run", SPEC, "--out", OUT, "--engine", "spark", "--master", "local[1]",
            "--conf", kv, "-q");
    }

    static List<Row> rows() {
        int free = JavaProcesses.freePort(); // opened and closed on 127.0.0.1: nothing listens there
        String unreachable = "spark://127.0.0.1:" + free;
        String mute = "spark://127.0.0.1:" + silent.getLocalPort();
        List<Row> r = new ArrayList<>();
        // malformed masters: exit 2, one line naming the option, before Spark starts
        r.add(master("local[0]", 2, "--master local[0]: "));
        r.add(master("local[-1]", 2, "--master local[-1]: "));
        r.add(master("local[x]", 2, "--master local[x]: "));
        r.add(master("garbage", 2, "--master garbage: "));
        r.add(master("", 2, "--master '': "));
        r.add(master("spark://127.0.0.1", 2, "--master spark://127.0.0.1: "));
        r.add(master("spark://127.0.0.1:70000", 2, "--master spark://127.0.0.1:70000: "));
        r.add(master("yarn", 2, "--master yarn: "));
        r.add(master("k8s://", 2, "--master k8s://: "));
        r.add(master("k8s://https://127.0.0.1:6443", 2, "--master k8s://https://127.0.0.1:6443: "));
        // unreachable standalone masters: exit 1, one line, within the bound
        r.add(master(unreachable, 1, "--master " + unreachable + ": nothing answers at 127.0.0.1:" + free + " (Connection refused)"));
        r.add(new Row("--master " + mute + " (accepts, never answers), default master timeout", 1,
            "--master " + mute + ": no Spark master registered the application within " + SparkSettings.DEFAULT_MASTER_TIMEOUT_S + " s",
            "run", SPEC, "--out", OUT, "--engine", "spark", "--master", mute, "-q"));
        r.add(new Row("--master " + mute + " (accepts, never answers), master timeout 3 s", 1,
            "--master " + mute + ": no Spark master registered the application within 3 s", "run", SPEC,
            "--out", OUT, "--engine", "spark", "--master", mute, "--conf", "implreg.master.timeout=3s", "-q"));
        // bad --conf values: exit 2, one line naming the property
        r.add(conf("spark.executor.memory=lots", "--conf spark.executor.memory=lots: "));
        r.add(conf("spark.ui.enabled=maybe", "--conf spark.ui.enabled=maybe: "));
        r.add(new Row("--conf spark.master=local[0] (no --master)", 2, "--conf spark.master=local[0]: ", "run", SPEC, "--out", OUT,
            "--engine", "spark", "--conf", "spark.master=local[0]", "-q"));
        r.add(conf("implreg.master.timeout=soon", "--conf implreg.master.timeout=soon: "));
        r.add(conf("executor.memory=2g", "--conf executor.memory=2g: "));
        // a traced spec: refused before Spark starts, nothing written
        r.add(new Row("spec with trace:", 2, "t.yaml: trace: ", "run", "{dir}/t.yaml", "--out", OUT, "--engine", "spark",
            "--master", "local[1]", "-q"));
        // reproduce takes the same options
        r.add(new Row("reproduce --master local[0]", 2, "--master local[0]: ", "reproduce", "gunasekar2017", "--out", OUT,
            "--engine", "spark", "--master", "local[0]", "-q"));
        // -q: nothing on stderr (no JVM warning, no Spark log line) when all goes well
        r.add(new Row("-q prints nothing", 0, "", "run", SPEC, "--out", OUT, "--engine", "spark", "--master", "local[1]", "-q"));
        return r;
    }

    @TestFactory
    Stream<DynamicTest> sparkEngineInputs() {
        List<Row> all = rows();
        return java.util.stream.IntStream.range(0, all.size()).mapToObj(i -> {
            Row k = all.get(i);
            return DynamicTest.dynamicTest(k.name(), () -> {
                Path dir = Files.createDirectories(tmp.resolve("row" + i));
                Files.writeString(dir.resolve("s.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: xgd}]\n");
                Files.writeString(dir.resolve("t.yaml"), "problem: {n: 4, rank: 1}\nmethods: [{method: gd, max_iter: 10}]\n"
                    + "trace: {every: 1}\n");
                String[] args = Arrays.stream(k.args()).map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
                Result res = implreg(dir, args);
                String err = res.err();
                System.out.printf(java.util.Locale.ROOT, "%s: exit %d in %.1f s: %s%n", k.name(), res.code(), res.seconds(), err.strip());
                assertThat(res.seconds()).as(k.name() + ": finished within " + LIMIT_S + " s; stderr: " + err).isLessThan(LIMIT_S);
                assertThat(res.code()).as(k.name() + ": exit code; stderr: " + err).isEqualTo(k.code());
                if (k.code() == 0) {
                    assertThat(err).as("-q: nothing on stderr").isEmpty();
                    assertThat(dir.resolve("out/runs.jsonl")).exists();
                    return;
                }
                assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
                assertThat(err.strip().lines().count()).as("one line: " + err).isEqualTo(1);
                assertThat(err).contains(k.fragment().replace("{dir}", dir.toString()));
                assertThat(dir.resolve("out")).as("nothing written to --out").doesNotExist();
            });
        });
    }

    record Result(int code, String err, double seconds) {}

    /** Runs org.implreg.cli.Main as ./implreg does for --engine spark; kills it after 60 s. */
    static Result implreg(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherSparkOptions());
        cmd.add("-Xmx768m");
        cmd.add("-cp");
        cmd.add(JavaProcesses.classPath());
        cmd.add("org.implreg.cli.Main");
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeAll(List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR", "SPARK_CONF_DIR", "IMPLREG_DEBUG"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!done) {
                JavaProcesses.kill(p);
            }
            return new Result(done ? p.exitValue() : -1, Files.readString(err, StandardCharsets.UTF_8), seconds);
        } finally {
            JavaProcesses.kill(p);
        }
    }

    private static List<String> launcherOptions;

    /** The JVM options ./implreg gives an --engine spark run (its spark_opts), read from the launcher itself. */
    static synchronized List<String> launcherSparkOptions() {
        if (launcherOptions == null) {
            Path launcher = Path.of("").toAbsolutePath().getParent().resolve("implreg");
            String text;
            try {
                text = Files.readString(launcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = Pattern.compile("spark_opts=\"([^\"]*)\"").matcher(text);
            assertThat(m.find()).as("spark_opts in " + launcher).isTrue();
            launcherOptions = List.of(m.group(1).trim().split("\\s+"));
            assertThat(launcherOptions).as("the launcher's Spark JVM options").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        return launcherOptions;
    }
}

package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.implreg.spark.SparkTesting.assertSameRecords;
import static org.implreg.spark.SparkTesting.localReference;
import static org.implreg.spark.SparkTesting.normalizedRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.implreg.sweep.SweepEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/spark-cluster.sh} (issue 28.7): {@code start --workers 1} brings up a standalone master and a
 * worker from this module's class path, prints the master URL; a sweep runs on it through the engine and its
 * records equal the local runner's, and so do the records of tasks ({@link SweepEngine#runTasks}), bitwise, a
 * failing task one line naming it; while its executor runs, every listening socket of the master, the worker and
 * the executor is bound to 127.0.0.1; {@code stop} ends all of them (the executor too), frees the ports and
 * removes the state folder. Bad input is exit 2 and one line, with nothing started.
 */
class ClusterScriptTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = ROOT.resolve("scripts/spark-cluster.sh");
    /** The script waits for the master's port and the workers' registration up to 90 s; a cold JVM pair takes 5-15 s. */
    static final long START_SECONDS = 150;

    record Result(int code, String out, String err) {}

    Result script(Path state, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        Map<String, String> env = pb.environment();
        env.put("IMPLREG_SPARK_HOME", state.toString());
        env.put("IMPLREG_SPARK_CLASSPATH", JavaProcesses.classPath());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(p.isAlive() ? -1 : p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @Timeout(400)
    void startRunAStopLeavesNothing() throws Exception {
        Path state = tmp.resolve("cluster");
        int port = JavaProcesses.freePort();
        int ui = JavaProcesses.freePort();
        Map<String, String> reference = localReference("mixed24.yaml", shared);

        long t0 = System.nanoTime();
        Result start = script(state, "start", "--workers", "1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui),
            "--memory", "640m");
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        List<ProcessHandle> cluster = started(state);
        Set<ProcessHandle> seen = new LinkedHashSet<>(cluster);
        List<String> sockets = new ArrayList<>();
        List<String> executorSockets = new ArrayList<>();
        Result stop;
        JavaSparkContext sc = null;
        double sweepSeconds = 0;
        try {
            assertThat(start.code()).as("start: " + start.err() + logs(state)).isZero();
            String url = "spark://127.0.0.1:" + port;
            assertThat(start.out().strip()).isEqualTo(url);
            assertThat(cluster).as("a master and one worker").hasSize(2).allMatch(ProcessHandle::isAlive);

            SparkSweepEngine engine = new SparkSweepEngine(SparkTesting.conf(url).set("spark.cores.max", "1")
                .set("spark.executor.memory", "512m").set(SparkSettings.MASTER_TIMEOUT, "60s"), System.err);
            sc = engine.context();
            long deadline = System.currentTimeMillis() + 90_000;
            while (sc.sc().statusTracker().getExecutorInfos().length < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100); // the driver and the worker's executor
            }
            assertThat(sc.sc().statusTracker().getExecutorInfos()).as("an executor up: " + logs(state)).hasSize(2);

            t0 = System.nanoTime();
            Path out = tmp.resolve("out");
            SparkTesting.run(engine, "mixed24.yaml", out);
            sweepSeconds = (System.nanoTime() - t0) / 1e9;
            assertSameRecords(normalizedRecords(out), reference);

            // tasks (SweepEngine.runTasks) on the cluster's executor: the local engine's records bitwise; a failure in one line
            List<SweepEngine.Task> tasks = TestTasks.solves(6);
            TestTasks.assertSameRecords(TestTasks.run(engine, tasks), TestTasks.run(SweepEngine.LOCAL, tasks));
            assertThatThrownBy(() -> engine.runTasks(List.of(new TestTasks.Throws(0)), 1, r -> { }))
                .hasMessageStartingWith("spark engine: task 0 of 1 (Throws[index=0]): IllegalStateException: boom in task 0")
                .hasMessageNotContaining("\n");

            // while the application holds its executor (a child of the worker, its block manager listening)
            Set<ProcessHandle> executors = new LinkedHashSet<>();
            cluster.forEach(h -> h.descendants().forEach(executors::add));
            seen.addAll(executors);
            assertThat(executors).as("the executor's JVM").isNotEmpty();
            executorSockets.addAll(listening(executors));
            sockets.addAll(listening(seen));
            sc.stop();
            sc = null;
        } finally {
            if (sc != null) {
                sc.stop();
            }
            t0 = System.nanoTime();
            stop = script(state, "stop");
            for (ProcessHandle h : seen) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
            seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly); // never leave one behind
        }
        double stopSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("cluster script: start %.1f s, sweep of 24 runs %.1f s, stop %.1f s; listening %s%n", startSeconds, sweepSeconds,
            stopSeconds, sockets);

        assertThat(sockets).as("the master's port and web UI among the sockets").contains("127.0.0.1:" + port, "127.0.0.1:" + ui);
        assertThat(executorSockets).as("the executor listens (its block manager)").isNotEmpty();
        assertThat(sockets).as("every socket of the master, worker and executor on 127.0.0.1").allMatch(s -> s.startsWith("127.0.0.1:"));
        assertThat(stop.code()).as("stop: " + stop.err()).isZero();
        assertThat(stop.err()).contains("stopped 2 process(es)");
        assertThat(seen).as("nothing left running").noneMatch(ProcessHandle::isAlive);
        assertThat(free(port) && free(ui)).as("ports free again").isTrue();
        assertThat(state).as("state removed").doesNotExist();
        assertThat(script(state, "status").code()).as("status after stop").isEqualTo(3);
    }

    @Test
    void badInputIsExitTwoAndOneLineWithNothingStarted() throws Exception {
        Path state = tmp.resolve("cluster");
        String[][] bad = {
            {"start", "--workers", "0"}, {"start", "--workers", "many"}, {"start", "--cores", "-1"}, {"start", "--memory", "lots"},
            {"start", "--port", "70000"}, {"start", "--host", "a b"}, {"start", "--host"}, {"start", "--port", "7077", "--webui-port", "7077"},
            {"start", "--frobnicate"}, {"stop", "--workers", "2"}, {"restart"}, {}};
        for (String[] args : bad) {
            Result r = script(state, args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("spark-cluster: error: ").doesNotContain("\n");
            assertThat(r.out()).isEmpty();
            assertThat(state).doesNotExist();
        }
        Result stop = script(state, "stop");
        assertThat(stop.code()).as("stop with nothing running").isZero();
        assertThat(stop.err()).contains("nothing to stop");
    }

    /** The master's and workers' processes named by the script's pid files. */
    static List<ProcessHandle> started(Path state) throws IOException {
        List<ProcessHandle> out = new ArrayList<>();
        Path pids = state.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> s = Files.list(pids)) {
                for (Path f : s.sorted().toList()) {
                    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(Files.readString(f).strip()));
                    h.ifPresent(out::add);
                }
            }
        }
        return out;
    }

    static String logs(Path state) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.exists(state.resolve("logs")) ? Files.list(state.resolve("logs")) : Stream.empty()) {
            s.sorted().forEach(f -> sb.append("\n--- ").append(f.getFileName()).append(":\n").append(JavaProcesses.tail(f)));
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The local addresses (ADDRESS:PORT) of the TCP sockets in LISTEN state that these processes hold, from
     * /proc/net/tcp and tcp6 (an IPv4-mapped IPv6 address is written as its IPv4 address) and each process's
     * /proc/PID/fd links ({@code socket:[INODE]}).
     */
    static List<String> listening(Set<ProcessHandle> processes) throws IOException {
        Map<String, String> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) { // TCP_LISTEN
                    byInode.put(f[9], address(f[1]));
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (ProcessHandle h : processes) {
            Path fds = Path.of("/proc", Long.toString(h.pid()), "fd");
            try (Stream<Path> s = Files.list(fds)) {
                for (Path fd : s.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed meanwhile
                    }
                    if (target.startsWith("socket:[")) {
                        String a = byInode.get(target.substring(8, target.length() - 1));
                        if (a != null) {
                            out.add(a);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + fds, e);
            }
        }
        return out;
    }

    /** "0100007F:1F90" (tcp) or 32 hex digits ":PORT" (tcp6; 32-bit words in host order) to "127.0.0.1:8080". */
    static String address(String hex) throws IOException {
        String[] ap = hex.split(":");
        byte[] b = new byte[ap[0].length() / 2];
        for (int w = 0; w < b.length / 4; w++) {
            for (int i = 0; i < 4; i++) { // little-endian words
                b[4 * w + i] = (byte) Integer.parseInt(ap[0].substring(8 * w + 2 * (3 - i), 8 * w + 2 * (3 - i) + 2), 16);
            }
        }
        return InetAddress.getByAddress(b).getHostAddress() + ":" + Integer.parseInt(ap[1], 16);
    }
}

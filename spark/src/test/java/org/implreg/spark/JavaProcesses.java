package org.implreg.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Separate JVMs for the tests (a driver to kill, a standalone master and workers), on this test's class
 * path and bound to 127.0.0.1. {@link #close} kills every one of them and their children (executors)
 * with SIGKILL, whatever happened.
 */
final class JavaProcesses implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    /** Kills them also when the test JVM is ended (e.g. by surefire's timeout) before {@link #close}. */
    private final Thread hook = new Thread(this::killAll, "kill-test-jvms");

    JavaProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The test class path (surefire's, not its manifest-only booter jar). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Starts {@code java [Spark's module options] -Xmx.. -cp TEST_CP mainClass args}, output to {@code log};
     * {@code daemon}: a Spark master or worker, which only relays messages (C1 compiler only, quicker start).
     */
    Process start(String mainClass, List<String> args, Map<String, String> env, String heap, boolean daemon, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("implreg.spark.jvm.options", "").trim().split("\\s+")));
        cmd.removeIf(String::isEmpty);
        cmd.add("-Xmx" + heap);
        if (daemon) {
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:+UseSerialGC");
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            synchronized (started) {
                started.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to a process and everything it started (a worker's executors), children first. */
    static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(20, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // best effort: close() tries again
        }
    }

    /** A free TCP port on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something listens on 127.0.0.1:port (or the process died, or the time is up). */
    static void awaitPort(int port, Process p, long timeoutMs, Path log) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("process ended (" + p.exitValue() + "): " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeoutMs + " ms: " + tail(log));
    }

    static String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Complete lines of a runs.jsonl so far (0 when absent). */
    static int completeLines(Path runs) {
        try {
            if (!Files.exists(runs)) {
                return 0;
            }
            String s = Files.readString(runs);
            return (int) s.chars().filter(c -> c == '\n').count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private void killAll() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            kill(all.get(i));
        }
    }
}

package org.implreg.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the engine's Spark context so that a start that fails is one line and a standalone master that does not
 * answer fails within a bound:
 * <ul>
 *   <li>Spark's own log is off while the context starts (a failure is reported once, by the exception, not also by
 *       Spark's ERROR lines and stack traces); afterwards it is at WARN, ERROR with {@code -q}, INFO with
 *       {@code --verbose} (which also keeps it on during the start).</li>
 *   <li>For {@code spark://HOST:PORT[,…]}, within {@link SparkSettings#START_TIMEOUT} (default
 *       {@value SparkSettings#DEFAULT_START_TIMEOUT_S} s) of the start: a TCP connection to each master (at least one
 *       must accept), then the context, which returns once a master registered the application. Spark alone retries
 *       the registration 3 times 20 s before it gives up (StandaloneAppClient), then leaves a stopped context.</li>
 * </ul>
 * A master that cannot be reached, and a context that fails to start, end in an {@link UncheckedIOException} (exit
 * code 1, one line); bad settings are refused before, by {@link SparkSettings}.
 */
final class SparkStart {
    private SparkStart() {}

    /** The log level of Spark's own log once the context is up. */
    static Level runningLevel(SparkConf conf) {
        return conf.getBoolean("implreg.verbose", false) ? Level.INFO
            : conf.getBoolean("implreg.quiet", false) ? Level.ERROR : Level.WARN;
    }

    /** Runs {@code body} with Spark's log off (unless {@code verbose}), then restores its level. */
    static <T> T silently(boolean verbose, Supplier<T> body) {
        Level before = LogManager.getRootLogger().getLevel();
        if (!verbose) {
            Configurator.setRootLevel(Level.OFF);
        }
        try {
            return body.get();
        } finally {
            Configurator.setRootLevel(before);
        }
    }

    /** A started context on {@code conf} (see the class comment), its log at {@link #runningLevel}. */
    static JavaSparkContext start(SparkConf conf) {
        boolean verbose = conf.getBoolean("implreg.verbose", false);
        Configurator.setRootLevel(verbose ? Level.INFO : Level.OFF); // left off when the start fails: the exception says it
        String master = conf.get("spark.master");
        String where = "--master " + SparkSettings.show(master);
        JavaSparkContext sc;
        if (master.startsWith("spark://")) {
            String timeoutKey = SparkSettings.START_TIMEOUT;
            long timeoutMs = conf.contains(timeoutKey)
                ? SparkSettings.startTimeoutMs(conf.get(timeoutKey), "--conf " + timeoutKey + "=" + conf.get(timeoutKey))
                : TimeUnit.SECONDS.toMillis(SparkSettings.DEFAULT_START_TIMEOUT_S);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            String bound = seconds(timeoutMs) + (conf.contains(timeoutKey) ? " (" + timeoutKey + ")" : " (raise it with --conf "
                + timeoutKey + "=60s)");
            probe(SparkSettings.standaloneMasters(master, where), deadline, where, bound);
            sc = startWithin(conf, deadline, where, bound);
        } else {
            sc = create(conf, where);
        }
        if (sc.sc().isStopped()) { // e.g. a master that removed the application at once
            throw unreachable(where + ": the Spark context stopped while starting");
        }
        Level running = runningLevel(conf);
        Configurator.setRootLevel(running);
        sc.setLogLevel(running.name());
        return sc;
    }

    private static JavaSparkContext create(SparkConf conf, String where) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {
            throw failed(where, e);
        }
    }

    private static UncheckedIOException failed(String where, Throwable e) {
        String m = where + ": Spark did not start: " + e.getClass().getSimpleName() + ": " + SparkSettings.sparkMessage(e);
        return new UncheckedIOException(m, new IOException(m, e));
    }

    /** The failure of a start: exit code 1 and this one line on the command line. */
    private static UncheckedIOException unreachable(String message) {
        return new UncheckedIOException(message, new IOException(message));
    }

    /**
     * The context, created on a thread of its own and waited for until {@code deadline}. A context that comes up after
     * the caller gave up is stopped by that thread; one still waiting for its master stops itself when Spark gives up
     * (60 s), or with the JVM.
     */
    private static JavaSparkContext startWithin(SparkConf conf, long deadline, String where, String bound) {
        CompletableFuture<JavaSparkContext> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                JavaSparkContext sc = new JavaSparkContext(conf);
                if (!started.complete(sc)) {
                    sc.stop(); // the caller gave up on it
                }
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "implreg-spark-start");
        t.setDaemon(true);
        t.start();
        try {
            return started.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (started.completeExceptionally(e)) {
                throw unreachable(where + ": no Spark master registered the application within " + bound);
            }
            return started.join(); // it came up just now
        } catch (ExecutionException e) {
            throw failed(where, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.completeExceptionally(e);
            throw unreachable(where + ": interrupted while starting Spark");
        }
    }

    /**
     * Opens (and closes) a TCP connection to every master at once, each until {@code deadline}; fails when none
     * accepts, naming each address and why.
     */
    static void probe(List<SparkSettings.HostPort> masters, long deadline, String where, String bound) {
        List<CompletableFuture<String>> tries = new ArrayList<>();
        for (SparkSettings.HostPort hp : masters) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread t = new Thread(() -> f.complete(connect(hp, deadline)), "implreg-spark-probe");
            t.setDaemon(true);
            t.start();
            tries.add(f);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tries.size(); i++) {
            String failure;
            try {
                failure = tries.get(i).get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                failure = "no answer within " + bound;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            if (failure == null) {
                return; // one master accepts: Spark registers with whichever answers
            }
            failures.add(masters.get(i) + " (" + failure + ")");
        }
        throw unreachable(where + ": nothing answers at " + String.join(", ", failures));
    }

    /** Null when {@code hp} accepts a TCP connection before {@code deadline}, else why not. */
    private static String connect(SparkSettings.HostPort hp, long deadline) {
        InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
        if (a.isUnresolved()) {
            return "unknown host";
        }
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        try (Socket s = new Socket()) {
            s.connect(a, ms);
            return null;
        } catch (java.net.SocketTimeoutException e) {
            return "no answer within " + seconds(ms);
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

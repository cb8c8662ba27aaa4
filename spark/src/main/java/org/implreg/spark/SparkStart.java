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
 *   <li>For {@code spark://HOST:PORT[,…]}, bounded by {@link SparkSettings#MASTER_TIMEOUT} (default
 *       {@value SparkSettings#DEFAULT_MASTER_TIMEOUT_S} s): first a TCP connection to every master (at least one must
 *       accept within the bound; nothing listening fails at once), then the context, which returns once a master
 *       registered the application: that must happen within the bound from the moment the driver begins to register
 *       (Spark's "appclient-register-master" threads appear). The driver's own set-up before that (seconds, longer on
 *       a loaded machine) does not count, but must reach the registration within {@value #SETUP_CAP_S} s. Spark alone
 *       retries the registration 3 times 20 s before it gives up (StandaloneAppClient), then leaves a stopped
 *       context.</li>
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
            String key = SparkSettings.MASTER_TIMEOUT;
            long boundMs = conf.contains(key)
                ? SparkSettings.masterTimeoutMs(conf.get(key), "--conf " + key + "=" + conf.get(key))
                : TimeUnit.SECONDS.toMillis(SparkSettings.DEFAULT_MASTER_TIMEOUT_S);
            String bound = seconds(boundMs) + (conf.contains(key) ? " (" + key + ")" : " (raise it with --conf " + key + "=60s)");
            probe(SparkSettings.standaloneMasters(master, where), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs), where, bound);
            sc = startWithin(conf, TimeUnit.MILLISECONDS.toNanos(boundMs), where, bound);
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

    /** The longest the driver's set-up may take before it begins to register with a standalone master. */
    static final long SETUP_CAP_S = 60;

    /**
     * The context, created on a thread of its own and waited for: until {@code boundNanos} after the driver began to
     * register with the master, or {@value #SETUP_CAP_S} s of set-up before that. A context that comes up after the
     * caller gave up is stopped by that thread; one still waiting for its master stops itself when Spark gives up
     * (60 s), or with the JVM.
     */
    private static JavaSparkContext startWithin(SparkConf conf, long boundNanos, String where, String bound) {
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
        long t0 = System.nanoTime();
        long registering = 0; // when the driver began to register (0: not yet)
        try {
            while (true) {
                try {
                    return started.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    if (registering == 0 && registering()) {
                        registering = now;
                    }
                    String failure = registering != 0 && now - registering > boundNanos
                        ? where + ": no Spark master registered the application within " + bound
                        : registering == 0 && now - t0 > TimeUnit.SECONDS.toNanos(SETUP_CAP_S)
                        ? where + ": Spark's driver did not begin to register with the master within " + SETUP_CAP_S + " s"
                        : null;
                    if (failure != null && started.completeExceptionally(e)) {
                        throw unreachable(failure);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw failed(where, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.completeExceptionally(e);
            throw unreachable(where + ": interrupted while starting Spark");
        }
    }

    /** Whether Spark's standalone client is registering: its "appclient-register-master-threadpool" threads exist. */
    private static boolean registering() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        for (int i = 0; i < n; i++) {
            if (all[i].getName().startsWith("appclient-register-master")) {
                return true;
            }
        }
        return false;
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

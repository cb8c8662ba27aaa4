package org.implreg.spark;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.implreg.InvalidInputException;

/**
 * The checks of the Spark engine's settings that run before Spark starts ({@link SparkSweepEngine.Factory#validate}):
 * the master URL's syntax (the forms {@code SparkContext} accepts, with their numbers in range), what a {@code yarn} or
 * {@code k8s://} master needs (Spark's support for it on the class path, its configuration), and each {@code --conf}
 * property (a {@code spark.*} key or {@code implreg.master.timeout}; the value of a property Spark declares with a type,
 * parsed as Spark parses it). Every refusal is an {@link InvalidInputException} whose one line names the option and
 * the value ({@code --master local[0]: …}, {@code --conf spark.executor.memory=lots: …}). Nothing here starts a thread,
 * opens a socket or writes a file.
 */
public final class SparkSettings {
    private SparkSettings() {}

    /**
     * implreg's own property: how long a {@code spark://} master has to accept the driver's TCP connection, and then to
     * register the application once the driver asks (a Spark time, e.g. 30s; see {@link SparkStart}).
     */
    public static final String MASTER_TIMEOUT = "implreg.master.timeout";
    /** The default of {@link #MASTER_TIMEOUT}, in seconds. */
    public static final long DEFAULT_MASTER_TIMEOUT_S = 10;

    /** The settings keys that are not Spark properties (see {@link org.implreg.sweep.SweepEngine.Factory#create}). */
    private static final List<String> ENGINE_KEYS = List.of("master", "threads", "quiet", "verbose");

    static final String FORMS = "use local, local[N] (N ≥ 1), local[*], local[N,F], local-cluster[W,C,M], "
        + "spark://HOST:PORT[,HOST:PORT…], yarn or k8s://https://HOST:PORT";

    // the master forms of SparkContext.createTaskScheduler (SparkMasterRegex)
    private static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)\\]");
    private static final Pattern LOCAL_N_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)\\]");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*]");

    /**
     * Checks the settings of {@link SparkSweepEngine.Factory}: every property, then the master the engine would use
     * ({@code master}, else {@code --conf spark.master}, else spark-submit's {@code spark.master}; none: the embedded
     * {@code local[threads]}).
     *
     * @param env the environment (HADOOP_CONF_DIR, YARN_CONF_DIR for yarn)
     */
    public static void validate(Map<String, String> settings, Map<String, String> env) {
        Map<String, String> props = new LinkedHashMap<>(settings);
        ENGINE_KEYS.forEach(props::remove);
        props.forEach(SparkSettings::checkProperty);
        String master = settings.get("master");
        String where = "--master " + show(master);
        if (master == null && props.containsKey("spark.master")) {
            master = props.get("spark.master");
            where = "--conf spark.master=" + master;
        } else if (master == null && System.getProperty("spark.master") != null) {
            master = System.getProperty("spark.master");
            where = "spark.master " + show(master) + " (spark-submit's --master)";
        }
        if (master != null) {
            checkMaster(master, where, key -> props.getOrDefault(key, System.getProperty(key)), env, SparkSettings::clusterManager);
        }
    }

    /** Checks one {@code --conf KEY=VALUE}. */
    static void checkProperty(String key, String value) {
        String where = "--conf " + key + "=" + value;
        if (key.startsWith("implreg.")) {
            InvalidInputException.require(key.equals(MASTER_TIMEOUT), where + ": unknown implreg property (implreg's is " + MASTER_TIMEOUT + ")");
            masterTimeoutMs(value, where);
            return;
        }
        InvalidInputException.require(key.startsWith("spark."), where + ": not a Spark property (they start with spark.)");
        ConfigEntry<?> entry = Entries.find(key);
        if (entry != null) {
            try {
                new SparkConf(false).set(key, value, true).get(entry); // parses and checks the value as Spark will
            } catch (RuntimeException e) {
                throw new InvalidInputException(where + ": " + sparkMessage(e));
            }
        }
    }

    /** {@link #MASTER_TIMEOUT}'s value in milliseconds (a Spark time: 20s, 1min, 500ms; a bare number is seconds). */
    static long masterTimeoutMs(String value, String where) {
        long ms;
        try {
            ms = JavaUtils.timeStringAsMs(value.matches("\\s*[0-9]+\\s*") ? value.strip() + "s" : value);
        } catch (RuntimeException e) {
            throw new InvalidInputException(where + ": expected a time such as 30s or 2min");
        }
        InvalidInputException.require(ms > 0, where + ": must be more than 0");
        return ms;
    }

    /**
     * Checks a master URL: its syntax, then for {@code yarn} and {@code k8s://} that Spark's support for it is on the
     * class path and configured.
     *
     * @param prop     the Spark properties the engine will have (for k8s's container image)
     * @param managers whether a cluster manager on the class path takes a master URL ({@link #clusterManager})
     */
    static void checkMaster(String master, String where, Function<String, String> prop, Map<String, String> env,
                            Predicate<String> managers) {
        if (master.equals("local")) {
            return;
        }
        Matcher m = LOCAL_N.matcher(master);
        if (m.matches()) {
            threads(m.group(1), where);
            return;
        }
        m = LOCAL_N_FAILURES.matcher(master);
        if (m.matches()) {
            threads(m.group(1), where);
            atLeastOne(m.group(2), where, "the number of task failures F in local[N,F]");
            return;
        }
        m = LOCAL_CLUSTER.matcher(master);
        if (m.matches()) {
            atLeastOne(m.group(1), where, "the number of workers W in local-cluster[W,C,M]");
            atLeastOne(m.group(2), where, "the cores per worker C in local-cluster[W,C,M]");
            atLeastOne(m.group(3), where, "the memory per worker M (MiB) in local-cluster[W,C,M]");
            return;
        }
        if (master.startsWith("spark://")) {
            standaloneMasters(master, where);
            return;
        }
        if (master.startsWith("k8s://")) {
            kubernetesApiServer(master, where);
            requireClusterManager(managers, master, where, "Kubernetes", "spark-kubernetes_2.13");
            InvalidInputException.require(prop.apply("spark.kubernetes.container.image") != null
                    || prop.apply("spark.kubernetes.executor.container.image") != null,
                where + ": needs the executors' image: --conf spark.kubernetes.container.image=IMAGE");
            return;
        }
        if (master.equals("yarn")) {
            requireClusterManager(managers, master, where, "YARN", "spark-yarn_2.13");
            InvalidInputException.require(nonEmpty(env.get("HADOOP_CONF_DIR")) || nonEmpty(env.get("YARN_CONF_DIR")),
                where + ": set HADOOP_CONF_DIR or YARN_CONF_DIR to the folder of the cluster's configuration (yarn-site.xml)");
            return;
        }
        if (master.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && managers.test(master)) {
            return; // a cluster manager Spark finds on the class path (ExternalClusterManager) takes it
        }
        InvalidInputException.require(!master.startsWith("local-cluster["), where + ": expected local-cluster[W,C,M] "
            + "(workers, cores per worker, MiB per worker, each ≥ 1)");
        InvalidInputException.require(!master.startsWith("local["), where + ": expected local[N] with a whole N ≥ 1, local[*] "
            + "or local[N,F]");
        throw new InvalidInputException(where + ": not a Spark master URL; " + FORMS);
    }

    /** The HOST:PORT addresses of a {@code spark://HOST:PORT[,HOST:PORT…]} master, checked as Spark's RpcAddress reads them. */
    static List<HostPort> standaloneMasters(String master, String where) {
        String rest = master.substring("spark://".length());
        List<HostPort> out = new ArrayList<>();
        for (String hp : rest.split(",", -1)) {
            String bad = where + ": " + (hp.isEmpty() ? "an empty HOST:PORT" : hp) + " is not HOST:PORT with a port in 1–65535 "
                + "(e.g. spark://" + (hp.isEmpty() || hp.contains(":") ? "HOST" : hp) + ":7077)";
            URI u;
            try {
                u = new URI("spark://" + hp);
            } catch (URISyntaxException e) {
                throw new InvalidInputException(bad);
            }
            InvalidInputException.require(u.getHost() != null && u.getPort() >= 1 && u.getPort() <= 65535
                && (u.getPath() == null || u.getPath().isEmpty()) && u.getQuery() == null && u.getFragment() == null
                && u.getUserInfo() == null, bad);
            String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
            out.add(new HostPort(host, u.getPort()));
        }
        return out;
    }

    /** A standalone master's address. */
    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static void kubernetesApiServer(String master, String where) {
        String rest = master.substring("k8s://".length());
        String bad = where + ": expected the Kubernetes API server, e.g. k8s://https://HOST:6443";
        InvalidInputException.require(!rest.isEmpty(), bad);
        String url = rest.contains("://") ? rest : "https://" + rest; // Spark's checkAndGetK8sMasterUrl: https by default
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(bad);
        }
        InvalidInputException.require(("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
            && u.getHost() != null && u.getPort() <= 65535, bad);
    }

    private static void requireClusterManager(Predicate<String> managers, String master, String where, String what, String artifact) {
        InvalidInputException.require(managers.test(master), where + ": Spark's " + what + " support (" + artifact + ") is not on the "
            + "class path; submit spark/target/implreg-spark-app.jar with the spark-submit of a Spark distribution that has it");
    }

    /** Whether a cluster manager on the class path takes {@code master} (as SparkContext.getClusterManager looks for one). */
    static boolean clusterManager(String master) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SparkConf.class.getClassLoader();
        }
        try {
            for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class, loader)) {
                if (m.canCreate(master)) {
                    return true;
                }
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            return false;
        }
        return false;
    }

    private static void threads(String n, String where) {
        if (!n.equals("*")) {
            atLeastOne(n, where, "the number of threads N in local[N]");
        }
    }

    private static void atLeastOne(String digits, String where, String what) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        InvalidInputException.require(d.length() <= 9, where + ": " + what + " is too large, got " + digits);
        InvalidInputException.require(Integer.parseInt(d) >= 1, where + ": " + what + " must be ≥ 1, got " + digits);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isBlank();
    }

    /** A value as the user typed it; {@code ''} when empty. */
    static String show(String s) {
        return s == null ? "" : s.isEmpty() ? "''" : s;
    }

    /** Spark's message without its error class ("[INVALID_CONF_VALUE.TYPE_MISMATCH] ") and SQL state, on one line. */
    static String sparkMessage(Throwable e) {
        String m = String.valueOf(e.getMessage());
        m = m.replaceFirst("^\\[[A-Z0-9_.]+\\]\\s*", "").replaceFirst("\\s*SQLSTATE: \\w+\\s*$", "");
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Spark's declared properties, registered as their holders are loaded: loaded once, all of spark-core's. */
    private static final class Entries {
        static {
            for (String holder : List.of("package$", "Deploy$", "History$", "Kryo$", "Network$", "Python$", "R$", "Status$",
                "Streaming$", "Tests$", "UI$", "Worker$")) {
                try {
                    Class.forName("org.apache.spark.internal.config." + holder, true, SparkConf.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // another Spark version: check what is registered
                }
            }
        }

        static ConfigEntry<?> find(String key) {
            return ConfigEntry$.MODULE$.findEntry(key);
        }
    }
}

package org.implreg.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Rng;

/**
 * Where a result came from, so that it can be rerun: implreg version and git commit (recorded at
 * build time), the JVM, the BLAS back-end, the random generator, and the options of the run.
 * {@link Build} is the part that names the code (recorded with every run); {@link Info} is the whole
 * record of one session (a page, a command).
 */
public final class Provenance {
    private static final Properties BUILD = load();

    private Provenance() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/implreg/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (Exception ignored) {
            // a build without resources still runs; version reads "unknown"
        }
        return p;
    }

    private static String prop(String key) {
        String v = BUILD.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }

    /** implreg's version. */
    public static String version() {
        return prop("version");
    }

    /** The git commit implreg was built from ("unknown" outside a git checkout). */
    public static String gitCommit() {
        return prop("git.commit");
    }

    /** Whether the working tree had uncommitted changes at build time ("true", "false" or "unknown"). */
    public static String gitDirty() {
        return prop("git.dirty");
    }

    /**
     * The build of implreg that made a result.
     *
     * @param version implreg's version
     * @param commit  the git commit it was built from
     * @param dirty   whether the tree had uncommitted changes ("true", "false", "unknown")
     */
    public record Build(String version, String commit, String dirty) {
        /** The build of the running code. */
        public static Build current() {
            return new Build(Provenance.version(), Provenance.gitCommit(), Provenance.gitDirty());
        }

        /** A build as written by {@link #toMap()}; a record written before builds were recorded reads as {@link #UNRECORDED}. */
        public static Build of(JsonNode n) {
            if (n == null || !n.isObject()) {
                return UNRECORDED;
            }
            return new Build(n.path("implreg_version").asText("unknown"), n.path("git_commit").asText("unknown"),
                n.path("git_dirty").asText("unknown"));
        }

        /** The build of records that predate per-run builds. */
        public static final Build UNRECORDED = new Build("unrecorded", "unrecorded", "unknown");

        /** As JSON keys: implreg_version, git_commit, git_dirty. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("implreg_version", version);
            m.put("git_commit", commit);
            m.put("git_dirty", dirty);
            return m;
        }
    }

    /**
     * The provenance of one session: the build, the JVM and machine, the BLAS back-end, the random
     * generator, the options (and seed, when there is one) and when it was made.
     */
    public record Info(Build build, String java, String blas, int blasThreads, String os, int cores, String rng, Map<String, Object> options,
                       Long seed, String created) {
        /** The running session's provenance. */
        public static Info current(Map<String, Object> options, Long seed) {
            return new Info(Build.current(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Linalg.backend(), org.implreg.linalg.BlasBackend.threads().count(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Rng.ALGORITHM, options, seed, Instant.now().toString());
        }

        /** As JSON: the keys of {@link Provenance#of} (plus seed when set). */
        public Map<String, Object> toMap() {
            Map<String, Object> p = new LinkedHashMap<>(build.toMap());
            p.put("options", options);
            if (seed != null) {
                p.put("seed", seed);
            }
            p.put("rng", rng);
            p.put("blas", blas);
            p.put("blas_threads", blasThreads);
            p.put("java", java);
            p.put("os", os);
            p.put("cores", cores);
            p.put("created", created);
            return p;
        }
    }

    /** The provenance object for a run with the given options. */
    public static Map<String, Object> of(Map<String, Object> options) {
        return Info.current(options, null).toMap();
    }
}

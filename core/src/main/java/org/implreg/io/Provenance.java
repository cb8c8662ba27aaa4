package org.implreg.io;

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

    /** The provenance object for a run with the given options. */
    public static Map<String, Object> of(Map<String, Object> options) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("implreg_version", version());
        p.put("git_commit", gitCommit());
        p.put("git_dirty", gitDirty());
        p.put("options", options);
        p.put("rng", Rng.ALGORITHM);
        p.put("blas", Linalg.backend());
        p.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("cores", Runtime.getRuntime().availableProcessors());
        p.put("created", Instant.now().toString());
        return p;
    }
}

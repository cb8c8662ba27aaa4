package org.implreg.linalg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.JarEntry;

/**
 * Extraction of the OpenBLAS that implreg carries ({@code org.bytedeco:openblas}, linux-x86_64 and
 * linux-arm64 natives): which platform folder applies, the per-user cache directory, and the extraction
 * itself, once per version and checksum, each file written under a temporary name and renamed, then
 * the support libraries loaded so that netlib's dlopen of {@code libopenblas.so.0} resolves them.
 */
final class BlasExtraction {
    private BlasExtraction() {}

    /** The bundled natives, in load order (OpenBLAS finds libgfortran through its $ORIGIN run path). */
    private static final String[] BUNDLED_FILES = {"libquadmath.so.0", "libgcc_s.so.1", "libgfortran.so.5", "libopenblas.so.0"};

    /** The bundled OpenBLAS version (org.bytedeco:openblas), or null when the build does not say. */
    static String bundledVersion() {
        try (InputStream in = BlasExtraction.class.getResourceAsStream("/org/implreg/build.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("openblas.version");
            return v == null || v.startsWith("${") ? null : v;
        } catch (IOException e) {
            return null;
        }
    }

    /** Resource folder of the bundled natives for this platform, or null when none are carried. */
    static String bundledPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux")) {
            return null;
        }
        String p = switch (arch) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-arm64";
            default -> null;
        };
        if (p == null || BlasExtraction.class.getResource("/org/bytedeco/openblas/" + p + "/libopenblas.so.0") == null) {
            return null;
        }
        return p;
    }

    /** The cache root: $IMPLREG_CACHE_DIR, else $XDG_CACHE_HOME/implreg, else ~/.cache/implreg. */
    static Path cacheRoot() {
        String env = System.getenv("IMPLREG_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Paths.get(xdg, "implreg");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "implreg");
    }

    /**
     * Extracts the bundled natives once per version and checksum into the cache directory (falling back
     * to a per-user folder under java.io.tmpdir) and loads the support libraries, so that netlib's dlopen
     * of libopenblas.so.0 finds libgfortran and libquadmath even where the system has neither. Each file is
     * written to a temporary name and renamed, so concurrent runs never see half a library.
     */
    static Path extractBundled(String platform) {
        String base = "/org/bytedeco/openblas/" + platform + "/";
        StringBuilder stamp = new StringBuilder();
        for (String f : BUNDLED_FILES) {
            URL u = BlasExtraction.class.getResource(base + f);
            if (u == null) {
                throw new IllegalStateException("bundled " + f + " missing for " + platform);
            }
            stamp.append(f).append(' ').append(entryStamp(u)).append('\n');
        }
        String key = "openblas-" + bundledVersion() + "-" + platform + "-" + Integer.toHexString(stamp.toString().hashCode());
        IOException first = null;
        for (Path root : new Path[] {cacheRoot(), Paths.get(System.getProperty("java.io.tmpdir"), "implreg-" + System.getProperty("user.name"))}) {
            Path dir = root.resolve("native").resolve(key);
            try {
                if (!root.equals(cacheRoot()) && !ownPrivateDir(root)) {
                    continue; // a shared temporary folder someone else owns or can write: not loaded from
                }
                Path done = dir.resolve("complete");
                if (!(Files.isRegularFile(done) && Files.readString(done).equals(stamp.toString()) && allPresent(dir))) {
                    Files.createDirectories(dir);
                    for (String f : BUNDLED_FILES) {
                        try (InputStream in = BlasExtraction.class.getResourceAsStream(base + f)) {
                            writeAtomically(dir, f, in);
                        }
                    }
                    try (InputStream in = new java.io.ByteArrayInputStream(stamp.toString().getBytes(StandardCharsets.UTF_8))) {
                        writeAtomically(dir, "complete", in);
                    }
                }
                // Support libraries first (by full path), so that the dynamic loader matches them by soname
                // when OpenBLAS is opened; the system's libgcc_s is kept when there is one.
                if (BlasLookup.findSystem("libgcc_s.so.1") == null) {
                    System.load(dir.resolve("libgcc_s.so.1").toString());
                }
                System.load(dir.resolve("libquadmath.so.0").toString());
                System.load(dir.resolve("libgfortran.so.5").toString());
                return dir.resolve("libopenblas.so.0");
            } catch (IOException | UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
        }
        throw new UncheckedIOException("cannot extract the bundled OpenBLAS", first);
    }

    /** Creates {@code dir} readable by its owner only, or checks that an existing one is ours and private. */
    static boolean ownPrivateDir(Path dir) throws IOException {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)).equals("rwx------");
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    static boolean allPresent(Path dir) {
        for (String f : BUNDLED_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Size and CRC of the jar entry behind a resource URL (its size alone when it is not in a jar). */
    static String entryStamp(URL u) {
        try {
            URLConnection c = u.openConnection();
            if (c instanceof JarURLConnection j) {
                c.setUseCaches(false);
                JarEntry e = j.getJarEntry();
                return e.getSize() + " " + Long.toHexString(e.getCrc());
            }
            return Long.toString(c.getContentLengthLong());
        } catch (IOException e) {
            return "?";
        }
    }

    static void writeAtomically(Path dir, String name, InputStream in) throws IOException {
        Path tmp = Files.createTempFile(dir, name + ".", ".tmp");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions will do
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

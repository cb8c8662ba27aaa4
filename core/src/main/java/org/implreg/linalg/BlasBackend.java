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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;

/**
 * Chooses the BLAS/LAPACK library that dev.ludovic.netlib loads, before netlib's first use, and says
 * which file that is and why.
 *
 * <p>netlib's JNI shim dlopens {@code libblas.so.3}/{@code liblapack.so.3} unless the system properties
 * {@code dev.ludovic.netlib.blas.nativeLibPath}/{@code ...lapack.nativeLibPath} name a file; when that
 * fails it falls back to pure Java. On a machine without OpenBLAS that fallback is ~3× slower than
 * OpenBLAS, and where Debian's reference BLAS ({@code libblas3}) is installed netlib loads it and is
 * slower still (issue 19). So implreg carries OpenBLAS (the build bytedeco packages for the JVM,
 * {@code org.bytedeco:openblas}, linux-x86_64 natives only) and, unless told otherwise:
 * <ol>
 *   <li>uses the system's library when it is an optimized one (OpenBLAS, MKL, BLIS, ATLAS, ...);</li>
 *   <li>otherwise (none installed, or reference BLAS) extracts the bundled OpenBLAS to a per-user cache
 *       directory keyed by its version and checksum, and points netlib at it;</li>
 *   <li>otherwise (a platform without bundled natives) uses pure Java, never reference BLAS.</li>
 * </ol>
 * {@code IMPLREG_BLAS=system|bundled|java} (or the system property {@code implreg.blas}) forces one;
 * netlib properties the user set on the command line are left alone.
 *
 * <p>The thread count is implreg's, not the environment's: an OpenBLAS loaded without
 * {@code OPENBLAS_NUM_THREADS} starts one thread per core, and its threaded kernels sum in another order
 * than the single-threaded ones, so {@code java -jar implreg.jar} (or the Java API) and {@code ./implreg}
 * (which exported 1) gave results that differed at rounding level (issue 27). So, once the library is
 * chosen, the same file netlib loads is opened through JNA (dlopen of the same path returns the same
 * library) and its own setter is called — {@code openblas_set_num_threads}, {@code MKL_Set_Num_Threads} or
 * {@code bli_thread_set_num_threads} — with {@link #requestedThreads()}: the system property
 * {@value #THREADS_PROPERTY}, else {@code IMPLREG_BLAS_THREADS}, else {@code OPENBLAS_NUM_THREADS}, else
 * 1 (implreg parallelizes over runs, not inside one). {@link #threads()} says what the library then runs
 * with; provenance records it ({@code blas_threads}).
 */
public final class BlasBackend {
    /** Where the BLAS/LAPACK implementation comes from. */
    public enum Source {
        /** The system's library, found on the library path. */
        SYSTEM,
        /** The OpenBLAS carried in implreg's jar, extracted to the cache directory. */
        BUNDLED,
        /** netlib's pure-Java implementation. */
        JAVA,
        /** Whatever the user's own {@code dev.ludovic.netlib.*} properties name. */
        USER
    }

    /** The decision: the source, the library files (null for Java) and the reason, in words. */
    public record Choice(Source source, String blasFile, String lapackFile, String reason) {}

    /** The environment variable (and, taking precedence, system property) that forces a source. */
    public static final String ENV = "IMPLREG_BLAS";
    public static final String PROPERTY = "implreg.blas";

    static final String BLAS_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    static final String LAPACK_PATH = "dev.ludovic.netlib.lapack.nativeLibPath";
    static final String BLAS_LIB = "dev.ludovic.netlib.blas.nativeLib";
    static final String LAPACK_LIB = "dev.ludovic.netlib.lapack.nativeLib";
    static final String BLAS_ALLOW = "dev.ludovic.netlib.blas.allowNative";
    static final String LAPACK_ALLOW = "dev.ludovic.netlib.lapack.allowNative";

    /** The bundled natives, in load order (OpenBLAS finds libgfortran through its $ORIGIN run path). */
    private static final String[] BUNDLED_FILES = {"libquadmath.so.0", "libgcc_s.so.1", "libgfortran.so.5", "libopenblas.so.0"};

    /** The system property (taking precedence over {@code IMPLREG_BLAS_THREADS}) that sets the BLAS thread count. */
    public static final String THREADS_PROPERTY = "implreg.blas.threads";
    public static final String THREADS_ENV = "IMPLREG_BLAS_THREADS";

    /**
     * The BLAS thread count in force: {@code count} threads (1 for pure Java and for a library without a
     * thread-count function, which reference BLAS is), and how implreg set it, in words.
     */
    public record Threads(int count, String how) {}

    /** (Declared before {@link #THREADS}, which reads it.) Thread-count functions of the optimized libraries: setter, getter, whether they take a 64-bit integer. */
    private static final String[][] THREAD_FUNCTIONS = {{"openblas_set_num_threads", "openblas_get_num_threads", "int"},
        {"MKL_Set_Num_Threads", "MKL_Get_Max_Threads", "int"}, {"bli_thread_set_num_threads", "bli_thread_get_num_threads", "long"}};

    private static final Choice CHOICE = select();
    private static final Threads THREADS = fixThreads(CHOICE);

    private BlasBackend() {}

    /** The choice made for this JVM (made once, when this class is first used). */
    public static Choice choice() {
        return CHOICE;
    }

    /** The BLAS thread count implreg set for this JVM (set once, right after the library was chosen). */
    public static Threads threads() {
        return THREADS;
    }

    /**
     * The thread count asked for: {@value #THREADS_PROPERTY}, else {@code IMPLREG_BLAS_THREADS}, else
     * {@code OPENBLAS_NUM_THREADS}, else 1; a value that is not a positive integer is ignored (with one
     * line on stderr) and the next source read.
     */
    public static int requestedThreads() {
        String[][] sources = {{"-D" + THREADS_PROPERTY, System.getProperty(THREADS_PROPERTY)}, {THREADS_ENV, System.getenv(THREADS_ENV)},
            {"OPENBLAS_NUM_THREADS", System.getenv("OPENBLAS_NUM_THREADS")}};
        for (String[] src : sources) {
            if (src[1] == null || src[1].isBlank()) {
                continue;
            }
            try {
                int n = Integer.parseInt(src[1].trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            System.err.println("implreg: " + src[0] + "=" + (src[1].length() > 40 ? src[1].substring(0, 40) + "…" : src[1]) + " is not a positive integer; ignored");
        }
        return 1;
    }

    /**
     * Sets the thread count in the BLAS file and, where LAPACK is another file (Debian's OpenBLAS ships
     * liblapack.so.3 as a second full OpenBLAS, with threads of its own), in that one too; returns what the
     * BLAS file then reports.
     */
    private static Threads fixThreads(Choice c) {
        if (c.source() == Source.JAVA) {
            return new Threads(1, "pure Java is single-threaded");
        }
        int wanted = requestedThreads();
        try {
            Threads t = setThreads(c.blasFile(), wanted);
            if (c.lapackFile() != null && !c.lapackFile().equals(c.blasFile())) {
                setThreads(c.lapackFile(), wanted);
            }
            return t;
        } catch (RuntimeException | LinkageError e) { // JNA missing, or its native stub cannot be loaded: say so, run on
            return new Threads(0, "could not set the thread count (" + e.getMessage() + ")");
        }
    }

    /** Calls {@code file}'s own thread-count setter (the first of {@link #THREAD_FUNCTIONS} it has) with {@code wanted}. */
    private static Threads setThreads(String file, int wanted) {
        com.sun.jna.NativeLibrary lib = com.sun.jna.NativeLibrary.getInstance(file);
        for (String[] f : THREAD_FUNCTIONS) {
            com.sun.jna.Function set;
            com.sun.jna.Function get;
            try {
                set = lib.getFunction(f[0]);
                get = lib.getFunction(f[1]);
            } catch (UnsatisfiedLinkError absent) {
                continue;
            }
            boolean wide = f[2].equals("long");
            set.invokeVoid(new Object[] {wide ? (Object) (long) wanted : (Object) wanted});
            long got = wide ? get.invokeLong(new Object[0]) : get.invokeInt(new Object[0]);
            return new Threads((int) got, f[0] + "(" + wanted + ")");
        }
        return new Threads(1, "the library has no thread-count function (reference BLAS is single-threaded)");
    }

    /** The bundled OpenBLAS version (org.bytedeco:openblas), or null when the build does not say. */
    public static String bundledVersion() {
        try (InputStream in = BlasBackend.class.getResourceAsStream("/org/implreg/build.properties")) {
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
        if (p == null || BlasBackend.class.getResource("/org/bytedeco/openblas/" + p + "/libopenblas.so.0") == null) {
            return null;
        }
        return p;
    }

    private static Choice select() {
        String requested = System.getProperty(PROPERTY);
        if (requested == null || requested.isBlank()) {
            requested = System.getenv(ENV);
        }
        String req = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "system", "bundled", "java").contains(req)) {
            System.err.println("implreg: " + ENV + "=" + requested + " is not one of system, bundled, java; choosing automatically");
            req = "auto";
        }
        Choice c;
        try {
            c = decide(req);
        } catch (RuntimeException e) {
            c = java(req.equals("auto") ? "automatic choice failed (" + e.getMessage() + ")" : ENV + "=" + req + " failed (" + e.getMessage() + ")");
        }
        if (c.source() == Source.JAVA) {
            System.setProperty(BLAS_ALLOW, "false");
            System.setProperty(LAPACK_ALLOW, "false");
        } else if (c.source() != Source.USER) {
            System.setProperty(BLAS_PATH, c.blasFile());
            System.setProperty(LAPACK_PATH, c.lapackFile());
        }
        return c;
    }

    private static Choice java(String reason) {
        return new Choice(Source.JAVA, null, null, reason);
    }

    private static Choice decide(String req) {
        if (req.equals("java")) {
            return java(ENV + "=java");
        }
        if (req.equals("auto") && (System.getProperty(BLAS_PATH) != null || System.getProperty(BLAS_LIB) != null)) {
            String b = System.getProperty(BLAS_PATH, System.getProperty(BLAS_LIB));
            String l = System.getProperty(LAPACK_PATH, System.getProperty(LAPACK_LIB, "liblapack.so.3"));
            return new Choice(Source.USER, b, l, "netlib properties set by the user");
        }
        Path sysBlas = findSystem("libblas.so.3");
        Path sysLapack = findSystem("liblapack.so.3");
        String sysKind = sysBlas == null ? null : optimizedKind(sysBlas);
        if (req.equals("system")) {
            if (sysBlas == null) {
                return java(ENV + "=system but no libblas.so.3 on the library path");
            }
            return system(sysBlas, sysLapack, ENV + "=system" + (sysKind == null ? " (reference or unrecognized BLAS)" : ""));
        }
        if (req.equals("auto") && sysKind != null) {
            return system(sysBlas, sysLapack, "the system BLAS is optimized (" + sysKind + ")");
        }
        String why = req.equals("bundled") ? ENV + "=bundled"
            : sysBlas == null ? "no system BLAS (libblas.so.3) found"
            : "the system BLAS " + real(sysBlas) + " is reference or unrecognized BLAS";
        String platform = bundledPlatform();
        if (platform == null) {
            return java(why + "; no bundled OpenBLAS for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                + (sysBlas == null || req.equals("bundled") ? "" : "; pure Java is faster than reference BLAS"));
        }
        Path lib = extractBundled(platform);
        return new Choice(Source.BUNDLED, lib.toString(), lib.toString(), why + "; bundled OpenBLAS " + bundledVersion());
    }

    private static Choice system(Path blas, Path lapack, String reason) {
        Path l = lapack != null ? lapack : blas; // OpenBLAS and MKL carry LAPACK in the BLAS library
        return new Choice(Source.SYSTEM, blas.toString(), l.toString(), reason);
    }

    static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** The directories dlopen searches, in order (LD_LIBRARY_PATH, then the usual system ones). */
    static List<Path> libraryDirs() {
        Set<String> dirs = new LinkedHashSet<>();
        String only = System.getProperty("implreg.blas.searchPath"); // tests: stand-ins for the system's folders
        if (only != null) {
            List<Path> out = new ArrayList<>();
            for (String d : only.split(":")) {
                if (!d.isEmpty()) {
                    out.add(Paths.get(d));
                }
            }
            return out;
        }
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        String arch = System.getProperty("os.arch", "");
        String triplet = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        dirs.addAll(List.of("/usr/local/lib", "/usr/local/lib64", "/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib"));
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            out.add(Paths.get(d));
        }
        return out;
    }

    static Path findSystem(String name) {
        for (Path d : libraryDirs()) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The optimized implementation a library file is, or null for reference (or unrecognized) BLAS: by its
     * resolved path (Debian: .../openblas-pthread/libblas.so.3 against the reference .../blas/libblas.so.3),
     * then by marker symbols in the file.
     */
    static String optimizedKind(Path lib) {
        String r = real(lib).toLowerCase(Locale.ROOT);
        for (String k : new String[] {"openblas", "mkl", "blis", "atlas", "armpl", "accelerate"}) {
            if (r.contains(k)) {
                return k.equals("openblas") ? "OpenBLAS" : k.toUpperCase(Locale.ROOT);
            }
        }
        String[][] markers = {{"openblas_get_config", "OpenBLAS"}, {"mkl_serv", "MKL"}, {"bli_init", "BLIS"}, {"ATL_", "ATLAS"}};
        try (InputStream in = Files.newInputStream(lib)) {
            byte[] buf = in.readNBytes(64 << 20);
            String s = new String(buf, StandardCharsets.ISO_8859_1);
            for (String[] m : markers) {
                if (s.contains(m[0])) {
                    return m[1];
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
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
            URL u = BlasBackend.class.getResource(base + f);
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
                        try (InputStream in = BlasBackend.class.getResourceAsStream(base + f)) {
                            writeAtomically(dir, f, in);
                        }
                    }
                    try (InputStream in = new java.io.ByteArrayInputStream(stamp.toString().getBytes(StandardCharsets.UTF_8))) {
                        writeAtomically(dir, "complete", in);
                    }
                }
                // Support libraries first (by full path), so that the dynamic loader matches them by soname
                // when OpenBLAS is opened; the system's libgcc_s is kept when there is one.
                if (findSystem("libgcc_s.so.1") == null) {
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
    private static boolean ownPrivateDir(Path dir) throws IOException {
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

    private static boolean allPresent(Path dir) {
        for (String f : BUNDLED_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Size and CRC of the jar entry behind a resource URL (its size alone when it is not in a jar). */
    private static String entryStamp(URL u) {
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

    private static void writeAtomically(Path dir, String name, InputStream in) throws IOException {
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

    /** One line per library: the file in use (or pure Java), the implementation class, and why; then the thread count. */
    public static String describe(Object blas, Object lapack) {
        Choice c = CHOICE;
        boolean nativeBlas = blas instanceof dev.ludovic.netlib.blas.NativeBLAS;
        boolean nativeLapack = lapack instanceof dev.ludovic.netlib.lapack.NativeLAPACK;
        String cls = blas.getClass().getSimpleName() + "/" + lapack.getClass().getSimpleName();
        String what;
        if (!nativeBlas && !nativeLapack) {
            what = "pure Java";
        } else {
            String src = switch (c.source()) {
                case SYSTEM -> "system";
                case BUNDLED -> "bundled";
                case USER -> "user-set";
                case JAVA -> "?";
            };
            what = src + " " + (nativeBlas ? fileDesc(c.blasFile()) : "pure-Java BLAS")
                + (c.lapackFile() != null && !c.lapackFile().equals(c.blasFile()) ? ", LAPACK " + (nativeLapack ? fileDesc(c.lapackFile()) : "pure Java") : "");
        }
        String reason = c.reason();
        if (c.source() != Source.JAVA && !(nativeBlas && nativeLapack)) {
            reason += "; loading the native library failed, netlib fell back to pure Java";
        }
        return what + " [" + cls + "] (" + reason + "); " + THREADS.count() + " thread" + (THREADS.count() == 1 ? "" : "s") + " ("
            + THREADS.how() + ")";
    }

    private static String fileDesc(String file) {
        if (file == null) {
            return "?";
        }
        Path p = Paths.get(file);
        String r = real(p);
        return r.equals(file) ? file : file + " -> " + r;
    }
}

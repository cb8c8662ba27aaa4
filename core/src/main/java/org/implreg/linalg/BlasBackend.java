package org.implreg.linalg;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

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
 *
 * <p>This class is the policy (which source, which thread count, and the provenance line that says so);
 * {@link BlasLookup} finds and recognizes the system's libraries and sets the thread count through JNA;
 * {@link BlasExtraction} extracts the bundled OpenBLAS.
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

    /** The system property (taking precedence over {@code IMPLREG_BLAS_THREADS}) that sets the BLAS thread count. */
    public static final String THREADS_PROPERTY = "implreg.blas.threads";
    public static final String THREADS_ENV = "IMPLREG_BLAS_THREADS";

    /**
     * The BLAS thread count in force: {@code count} threads (1 for pure Java and for a library without a
     * thread-count function, which reference BLAS is), and how implreg set it, in words.
     */
    public record Threads(int count, String how) {}

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
            Threads t = BlasLookup.setThreads(c.blasFile(), wanted);
            if (c.lapackFile() != null && !c.lapackFile().equals(c.blasFile())) {
                BlasLookup.setThreads(c.lapackFile(), wanted);
            }
            return t;
        } catch (RuntimeException | LinkageError e) { // JNA missing, or its native stub cannot be loaded: say so, run on
            return new Threads(0, "could not set the thread count (" + e.getMessage() + ")");
        }
    }

    /** The bundled OpenBLAS version (org.bytedeco:openblas), or null when the build does not say. */
    public static String bundledVersion() {
        return BlasExtraction.bundledVersion();
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
        Path sysBlas = BlasLookup.findSystem("libblas.so.3");
        Path sysLapack = BlasLookup.findSystem("liblapack.so.3");
        String sysKind = sysBlas == null ? null : BlasLookup.optimizedKind(sysBlas);
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
            : "the system BLAS " + BlasLookup.real(sysBlas) + " is reference or unrecognized BLAS";
        String platform = BlasExtraction.bundledPlatform();
        if (platform == null) {
            return java(why + "; no bundled OpenBLAS for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                + (sysBlas == null || req.equals("bundled") ? "" : "; pure Java is faster than reference BLAS"));
        }
        Path lib = BlasExtraction.extractBundled(platform);
        return new Choice(Source.BUNDLED, lib.toString(), lib.toString(), why + "; bundled OpenBLAS " + bundledVersion());
    }

    private static Choice system(Path blas, Path lapack, String reason) {
        Path l = lapack != null ? lapack : blas; // OpenBLAS and MKL carry LAPACK in the BLAS library
        return new Choice(Source.SYSTEM, blas.toString(), l.toString(), reason);
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
        String r = BlasLookup.real(p);
        return r.equals(file) ? file : file + " -> " + r;
    }
}

package org.implreg.linalg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lookup for {@link BlasBackend}: which native BLAS/LAPACK files the system has where dlopen would find
 * them (LD_LIBRARY_PATH, then the usual system folders), which implementation a file is (by its resolved
 * path, then by marker symbols), and the JNA handle on the file netlib loads, through which the library's
 * own thread-count function is called.
 */
final class BlasLookup {
    private BlasLookup() {}

    /** Thread-count functions of the optimized libraries: setter, getter, whether they take a 64-bit integer. */
    static final String[][] THREAD_FUNCTIONS = {{"openblas_set_num_threads", "openblas_get_num_threads", "int"},
        {"MKL_Set_Num_Threads", "MKL_Get_Max_Threads", "int"}, {"bli_thread_set_num_threads", "bli_thread_get_num_threads", "long"}};

    /** Calls {@code file}'s own thread-count setter (the first of {@link #THREAD_FUNCTIONS} it has) with {@code wanted}. */
    static BlasBackend.Threads setThreads(String file, int wanted) {
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
            return new BlasBackend.Threads((int) got, f[0] + "(" + wanted + ")");
        }
        return new BlasBackend.Threads(1, "the library has no thread-count function (reference BLAS is single-threaded)");
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
}

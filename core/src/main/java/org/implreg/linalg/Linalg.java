package org.implreg.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;

/**
 * The BLAS and LAPACK back-ends used by implreg, and a few dense helpers on column-major arrays.
 *
 * <p>All matrices in implreg are {@code double[]} in column-major (Fortran) order: entry (i, j) of
 * an r×c matrix is at {@code i + j*r}. The back-end is chosen once by dev.ludovic.netlib: the
 * system's native BLAS/LAPACK (OpenBLAS on Debian's {@code libopenblas0-pthread}) through JNI when it
 * is installed, otherwise a pure-Java implementation, so implreg also runs on a bare machine.
 */
public final class Linalg {
    /**
     * netlib logs a WARNING each time it probes an optional pure-Java fallback (VectorBLAS needs
     * jdk.incubator.vector). That probe is expected, so its logger is quieted unless the user has
     * configured it. The reference keeps the logger (and its level) alive.
     */
    private static final java.util.logging.Logger NETLIB_LOG = quietNetlibProbe();

    private static java.util.logging.Logger quietNetlibProbe() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("dev.ludovic.netlib");
        if (l.getLevel() == null) {
            l.setLevel(java.util.logging.Level.SEVERE);
        }
        return l;
    }

    /** The library choice, made (and netlib's properties set) before the instances below are created. */
    private static final BlasBackend.Choice CHOICE = BlasBackend.choice();

    /** The BLAS instance (native when available). */
    public static final BLAS BLAS = CHOICE.source() == BlasBackend.Source.JAVA
        ? dev.ludovic.netlib.blas.JavaBLAS.getInstance() // netlib 3.0.4 has no switch to keep it off native
        : dev.ludovic.netlib.blas.BLAS.getInstance();
    /** The LAPACK instance (native when available). */
    public static final LAPACK LAPACK = CHOICE.source() == BlasBackend.Source.JAVA
        ? dev.ludovic.netlib.lapack.JavaLAPACK.getInstance()
        : dev.ludovic.netlib.lapack.LAPACK.getInstance();

    private Linalg() {}

    /**
     * The BLAS and LAPACK in use, for provenance and {@code --version}: the library file (or pure Java),
     * netlib's implementation classes, and why it was chosen.
     */
    public static String backend() {
        return BlasBackend.describe(BLAS, LAPACK);
    }

    /** Where the BLAS/LAPACK in use comes from (system, bundled, java or user). */
    public static BlasBackend.Source source() {
        return CHOICE.source();
    }

    /** Frobenius norm of a vector or matrix of any shape. */
    public static double norm(double[] a) {
        return norm(a, a.length);
    }

    /** Euclidean norm of the first {@code len} entries of {@code a}. */
    public static double norm(double[] a, int len) {
        double scale = 0, ssq = 1;
        for (int i = 0; i < len; i++) {
            double v = a[i];
            if (v != 0) {
                double av = Math.abs(v);
                if (scale < av) {
                    ssq = 1 + ssq * (scale / av) * (scale / av);
                    scale = av;
                } else {
                    ssq += (av / scale) * (av / scale);
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /** Squared Euclidean norm (plain sum of squares; callers use it on well-scaled data). */
    public static double normSq(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    /** Dot product of two equal-length vectors. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖a − b‖_F for arrays of equal length. */
    public static double distance(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return norm(d);
    }

    /** True when every entry is finite. */
    public static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * X = U Uᵀ (n×n, both triangles filled) for U n×d column-major. {@code x} is overwritten.
     */
    public static void gram(double[] u, int n, int d, double[] x) {
        BLAS.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, x, n);
        symmetrizeFromUpper(x, n);
    }

    /** Copies the upper triangle of the n×n column-major matrix {@code a} into its lower triangle. */
    public static void symmetrizeFromUpper(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                a[j + i * n] = a[i + j * n];
            }
        }
    }

    /** C = A B for A m×k, B k×c, column-major; {@code c} is overwritten. */
    public static void multiply(double[] a, double[] b, int m, int k, int cols, double[] c) {
        BLAS.dgemm("N", "N", m, cols, k, 1.0, a, m, b, k, 0.0, c, m);
    }

    /**
     * A thin SVD A = U diag(s) Vᵀ of an r×c matrix, k = min(r, c): {@code u} r×k, {@code s} (k, descending),
     * {@code vt} k×c, all column-major.
     */
    public record Svd(double[] u, double[] s, double[] vt, int rows, int cols, int k) {}

    /** The thin SVD of the r×c column-major {@code a} (not modified) by LAPACK {@code dgesdd}. */
    public static Svd thinSvd(double[] a, int rows, int cols) {
        int k = Math.min(rows, cols);
        double[] copy = a.clone();
        double[] s = new double[k];
        double[] u = new double[rows * k];
        double[] vt = new double[k * cols];
        double[] q = new double[1];
        int[] iw = new int[8 * k];
        org.netlib.util.intW info = new org.netlib.util.intW(0);
        LAPACK.dgesdd("S", rows, cols, copy, rows, s, u, rows, vt, k, q, -1, iw, info);
        double[] work = new double[Math.max(1, (int) q[0])];
        info.val = 0;
        LAPACK.dgesdd("S", rows, cols, copy, rows, s, u, rows, vt, k, work, work.length, iw, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgesdd failed with info = " + info.val);
        }
        return new Svd(u, s, vt, rows, cols, k);
    }

    /** Below this many multiply-adds (16³) a product runs in plain Java: a JNI call costs ~0.3 µs. */
    static final long SMALL_GEMM = 16L * 16 * 16;

    /**
     * C = op(A) op(B) (β = 0) for column-major A, B, C with leading dimensions equal to their row
     * counts: op(A) is m×k ({@code ta} = "N": A is m×k; "T": A is k×m), op(B) is k×n. Small products run
     * in plain Java, larger ones through BLAS {@code dgemm}. {@code c} is overwritten.
     */
    public static void gemm(String ta, String tb, int m, int n, int k, double[] a, double[] b, double[] c) {
        boolean at = ta.equals("T");
        boolean bt = tb.equals("T");
        if ((long) m * n * k > SMALL_GEMM) {
            BLAS.dgemm(ta, tb, m, n, k, 1.0, a, at ? k : m, b, bt ? n : k, 0.0, c, m);
            return;
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    double x = at ? a[t + i * k] : a[i + t * m];
                    double y = bt ? b[j + t * n] : b[t + j * k];
                    s += x * y;
                }
                c[i + j * m] = s;
            }
        }
    }

    /** Transpose of an r×c column-major matrix into {@code out} (c×r). */
    public static void transpose(double[] a, int r, int c, double[] out) {
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                out[j + i * c] = a[i + j * r];
            }
        }
    }

    /**
     * Singular values (descending, min(n1, n2) of them) of the n1×n2 column-major matrix {@code a}, by
     * LAPACK {@code dgesdd} without vectors. {@code a} is destroyed (pass a copy to keep it).
     *
     * @throws ArithmeticException if LAPACK does not converge
     */
    public static double[] singularValues(double[] a, int n1, int n2) {
        int kk = Math.min(n1, n2);
        double[] s = new double[kk];
        double[] q = new double[1];
        int[] iwork = new int[8 * kk];
        org.netlib.util.intW info = new org.netlib.util.intW(0);
        double[] dummy = new double[1];
        LAPACK.dgesdd("N", n1, n2, a, n1, s, dummy, 1, dummy, 1, q, -1, iwork, info);
        double[] work = new double[Math.max(1, (int) q[0])];
        info.val = 0;
        LAPACK.dgesdd("N", n1, n2, a, n1, s, dummy, 1, dummy, 1, work, work.length, iwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgesdd failed with info = " + info.val);
        }
        return s;
    }

    /** Largest |A_ij − A_ji| over an n×n matrix. */
    public static double asymmetry(double[] a, int n) {
        double worst = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                worst = Math.max(worst, Math.abs(a[i + j * n] - a[j + i * n]));
            }
        }
        return worst;
    }

    /**
     * Sorts a in place into descending order (the reverse of {@link java.util.Arrays#sort(double[])}, so NaNs
     * come first) and returns it.
     */
    public static double[] sortDescending(double[] a) {
        java.util.Arrays.sort(a);
        int n = a.length;
        for (int i = 0; i < n / 2; i++) {
            double t = a[i];
            a[i] = a[n - 1 - i];
            a[n - 1 - i] = t;
        }
        return a;
    }
}

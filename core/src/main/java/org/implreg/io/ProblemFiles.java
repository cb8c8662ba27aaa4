package org.implreg.io;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;

/**
 * Problem files: an {@code .npz} archive with
 * <ul>
 *   <li>{@code y}: the m measurements (1-d, float);</li>
 *   <li>either {@code A}: the measurement matrices, float, shape (m, n, n), each symmetric;</li>
 *   <li>or {@code indices}: observed entries, integer, shape (m, 2), 0-based (row, column) of the
 *   symmetric matrix, with {@code n} (integer scalar) giving the dimension (default: largest index + 1);</li>
 *   <li>optional {@code X_star}: the planted matrix, float, shape (n, n);</li>
 *   <li>optional {@code meta}: a unicode string holding JSON that describes where the problem came from.</li>
 * </ul>
 * Any such file written by NumPy ({@code np.savez} / {@code np.savez_compressed}) is read.
 */
public final class ProblemFiles {
    private ProblemFiles() {}

    /**
     * Whether a problem file holds an asymmetric completion problem (keys {@code shape}, {@code rows},
     * {@code cols}, {@code values}) rather than a symmetric one.
     */
    public static boolean isAsymmetric(Path file) {
        return Npz.keys(file).contains("shape");
    }

    /**
     * Reads an asymmetric completion problem: {@code shape} (2 integers n1, n2), {@code rows},
     * {@code cols} (0-based integers), {@code values} (float), optional {@code meta} (JSON text).
     */
    public static AsymmetricCompletion readAsymmetric(Path file) {
        Map<String, NdArray> a = Npz.read(file);
        String f = file.toString();
        for (String key : new String[] {"shape", "rows", "cols", "values"}) {
            InvalidInputException.require(a.containsKey(key), f + ": missing array '" + key + "' (keys: " + a.keySet() + ")");
        }
        NdArray shape = a.get("shape");
        InvalidInputException.require(shape.values() != null && shape.isInteger() && shape.size() == 2,
            f + "[shape]: must be 2 integers, got shape " + shape.shapeString() + " dtype " + shape.dtype());
        int[] rows = indices(a.get("rows"), f + "[rows]");
        int[] cols = indices(a.get("cols"), f + "[cols]");
        NdArray vals = a.get("values");
        InvalidInputException.require(vals.values() != null && vals.ndim() == 1,
            f + "[values]: must be a 1-d numeric array, got shape " + vals.shapeString());
        Map<String, Object> desc = new LinkedHashMap<>(meta(a, f));
        desc.put("file", f);
        try {
            return new AsymmetricCompletion((int) shape.values()[0], (int) shape.values()[1], rows, cols, vals.values(), desc);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(f + ": " + e.getMessage(), e);
        }
    }

    private static int[] indices(NdArray a, String where) {
        InvalidInputException.require(a.values() != null && a.ndim() == 1 && a.isInteger(),
            where + ": must be a 1-d integer array, got shape " + a.shapeString() + " dtype " + a.dtype());
        double[] v = a.values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            InvalidInputException.require(v[i] >= 0 && v[i] <= Integer.MAX_VALUE, where + ": entry " + i + " is " + (long) v[i]);
            out[i] = (int) v[i];
        }
        return out;
    }

    private static Map<String, Object> meta(Map<String, NdArray> a, String f) {
        NdArray meta = a.get("meta");
        if (meta == null || meta.text() == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(meta.text(), new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new InvalidInputException(f + "[meta]: not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * Whether a problem file holds rectangular sensing: keys {@code A_rect} (m, n1, n2), {@code y} (m),
     * optional {@code X_star} (n1, n2) and {@code meta}.
     */
    public static boolean isAsymmetricSensing(Path file) {
        return Npz.keys(file).contains("A_rect");
    }

    /** Reads a rectangular sensing file (see {@link #isAsymmetricSensing}); errors name the file and key. */
    public static org.implreg.problem.AsymmetricSensing readAsymmetricSensing(Path file) {
        Map<String, NdArray> a = Npz.read(file);
        String f = file.toString();
        for (String key : new String[] {"A_rect", "y"}) {
            InvalidInputException.require(a.containsKey(key), f + ": missing array '" + key + "' (keys: " + a.keySet() + ")");
        }
        NdArray ar = a.get("A_rect");
        InvalidInputException.require(ar.values() != null && ar.ndim() == 3, f + "[A_rect]: must be a 3-d (m, n1, n2) array, got shape "
            + ar.shapeString());
        int m = ar.shape()[0];
        int n1 = ar.shape()[1];
        int n2 = ar.shape()[2];
        NdArray y = a.get("y");
        InvalidInputException.require(y.values() != null && y.ndim() == 1 && y.shape()[0] == m,
            f + "[y]: must be a 1-d array of m = " + m + " values, got shape " + y.shapeString());
        double[] stack = new double[m * n1 * n2]; // C order (i, r, c) → A_i column-major
        double[] v = ar.values();
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < n1; r++) {
                for (int c = 0; c < n2; c++) {
                    stack[i * n1 * n2 + r + c * n1] = v[(i * n1 + r) * n2 + c];
                }
            }
        }
        double[] xs = null;
        if (a.containsKey("X_star")) {
            NdArray x = a.get("X_star");
            InvalidInputException.require(x.values() != null && x.ndim() == 2 && x.shape()[0] == n1 && x.shape()[1] == n2,
                f + "[X_star]: must have shape (" + n1 + ", " + n2 + "), got " + x.shapeString());
            xs = x.toColumnMajor();
        }
        Map<String, Object> desc = new LinkedHashMap<>(meta(a, f));
        desc.put("file", f);
        try {
            return new org.implreg.problem.AsymmetricSensing(n1, n2, stack, y.values(), xs, desc);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(f + ": " + e.getMessage(), e);
        }
    }

    /** Writes a rectangular sensing file (see {@link #isAsymmetricSensing}). */
    public static void write(org.implreg.problem.AsymmetricSensing p, Path file, boolean compress) {
        int m = p.m();
        int n1 = p.n1();
        int n2 = p.n2();
        double[] c = new double[m * n1 * n2];
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < n1; r++) {
                for (int k = 0; k < n2; k++) {
                    c[(i * n1 + r) * n2 + k] = p.a()[i * n1 * n2 + r + k * n1];
                }
            }
        }
        Map<String, NdArray> out = new LinkedHashMap<>();
        out.put("A_rect", NdArray.ofDoubles(c, m, n1, n2));
        out.put("y", NdArray.ofDoubles(p.y().clone(), m));
        if (p.xStar() != null) {
            out.put("X_star", NdArray.ofColumnMajor(p.xStar(), n1, n2));
        }
        try {
            out.put("meta", NdArray.ofText(Json.MAPPER.writeValueAsString(p.description())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Npz.write(out, file, compress);
    }

    /** Writes an asymmetric completion problem file (see {@link #readAsymmetric}). */
    public static void write(AsymmetricCompletion p, Path file, boolean compress) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        out.put("shape", NdArray.ofLongs(new long[] {p.n1(), p.n2()}, 2));
        long[] r = new long[p.size()];
        long[] c = new long[p.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = p.rows()[i];
            c[i] = p.cols()[i];
        }
        out.put("rows", NdArray.ofLongs(r, r.length));
        out.put("cols", NdArray.ofLongs(c, c.length));
        out.put("values", NdArray.ofDoubles(p.values().clone(), r.length));
        try {
            out.put("meta", NdArray.ofText(Json.MAPPER.writeValueAsString(p.description())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Npz.write(out, file, compress);
    }

    /** Reads and validates a problem file. Every error names the file and the key. */
    public static Problem read(Path file) {
        Map<String, NdArray> a = Npz.read(file);
        String f = file.toString();
        InvalidInputException.require(!a.containsKey("shape"),
            f + ": holds an asymmetric completion problem (key 'shape'); use --method nucmin");
        NdArray y = a.get("y");
        InvalidInputException.require(y != null, f + ": missing array 'y' (keys: " + a.keySet() + ")");
        InvalidInputException.require(y.values() != null && y.ndim() == 1,
            f + "[y]: must be a 1-d numeric array, got shape " + y.shapeString() + " dtype " + y.dtype());
        double[] yv = y.values();
        for (int i = 0; i < yv.length; i++) {
            if (!Double.isFinite(yv[i])) {
                throw new InvalidInputException(f + "[y]: entry " + i + " is " + yv[i] + " (measurements must be finite)");
            }
        }
        int m = yv.length;
        InvalidInputException.require(m >= 1, f + "[y]: no measurements");
        MeasurementOperator op;
        NdArray dense = a.get("A");
        NdArray idx = a.get("indices");
        if (dense != null && idx != null) {
            throw new InvalidInputException(f + ": has both 'A' and 'indices'; a problem has one operator");
        }
        if (dense != null) {
            InvalidInputException.require(dense.values() != null && dense.ndim() == 3,
                f + "[A]: must be a 3-d numeric array (m, n, n), got shape " + dense.shapeString());
            int[] s = dense.shape();
            InvalidInputException.require(s[1] == s[2], f + "[A]: matrices must be square, got shape " + dense.shapeString());
            InvalidInputException.require(s[0] == m,
                f + "[A]: has " + s[0] + " matrices but y has " + m + " entries");
            InvalidInputException.require(s[1] >= 1, f + "[A]: n must be ≥ 1");
            op = DenseSymmetricOperator.fromDenseStack(m, s[1], dense.values(), f + "[A]");
        } else if (idx != null) {
            InvalidInputException.require(idx.values() != null && idx.ndim() == 2 && idx.shape()[1] == 2,
                f + "[indices]: must have shape (m, 2), got " + idx.shapeString());
            InvalidInputException.require(idx.isInteger(), f + "[indices]: must be an integer array, got dtype " + idx.dtype());
            InvalidInputException.require(idx.shape()[0] == m,
                f + "[indices]: has " + idx.shape()[0] + " entries but y has " + m);
            double[] v = idx.values();
            int[] rows = new int[m];
            int[] cols = new int[m];
            int max = -1;
            for (int i = 0; i < m; i++) {
                double p = v[2 * i];
                double q = v[2 * i + 1];
                if (p < 0 || q < 0 || p > Integer.MAX_VALUE || q > Integer.MAX_VALUE) {
                    throw new InvalidInputException(f + "[indices]: row " + i + " = (" + (long) p + ", " + (long) q + ") is out of range");
                }
                rows[i] = (int) p;
                cols[i] = (int) q;
                max = Math.max(max, Math.max(rows[i], cols[i]));
            }
            int n = max + 1;
            NdArray nArr = a.get("n");
            if (nArr != null) {
                InvalidInputException.require(nArr.values() != null && nArr.size() == 1 && nArr.isInteger(),
                    f + "[n]: must be one integer");
                double nv = nArr.values()[0];
                InvalidInputException.require(nv >= 1 && nv <= Integer.MAX_VALUE, f + "[n]: " + (long) nv + " is out of range 1.."
                    + Integer.MAX_VALUE);
                n = (int) nv;
                InvalidInputException.require(n > max, f + "[indices]: index " + max + " is out of range for n = " + n);
            }
            try {
                op = new CompletionOperator(n, rows, cols);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(f + "[indices]: " + e.getMessage(), e);
            }
        } else {
            throw new InvalidInputException(f + ": missing the operator: an array 'A' (m, n, n) or 'indices' (m, 2)");
        }
        int n = op.n();
        double[] xStar = null;
        NdArray xs = a.get("X_star");
        if (xs != null) {
            InvalidInputException.require(xs.values() != null && xs.ndim() == 2 && xs.shape()[0] == n && xs.shape()[1] == n,
                f + "[X_star]: must have shape (" + n + ", " + n + "), got " + xs.shapeString());
            xStar = xs.toColumnMajor();
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        NdArray meta = a.get("meta");
        if (meta != null && meta.text() != null) {
            try {
                desc.putAll(Json.MAPPER.readValue(meta.text(), new TypeReference<Map<String, Object>>() { }));
            } catch (Exception e) {
                throw new InvalidInputException(f + "[meta]: not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        desc.put("file", file.toString());
        try {
            return new Problem(op, yv, xStar, desc);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(f + ": " + e.getMessage(), e);
        }
    }

    /** The arrays of a problem file for {@code p}. */
    public static Map<String, NdArray> toArrays(Problem p) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        MeasurementOperator op = p.operator();
        int n = op.n();
        int m = op.m();
        if (op instanceof CompletionOperator c) {
            int[] rows = c.rows();
            int[] cols = c.cols();
            long[] v = new long[2 * m];
            for (int i = 0; i < m; i++) {
                v[2 * i] = rows[i];
                v[2 * i + 1] = cols[i];
            }
            out.put("indices", NdArray.ofLongs(v, m, 2));
            out.put("n", NdArray.ofLongs(new long[] {n}));
        } else {
            long entries = (long) m * n * n;
            // the file holds the dense stack A (m, n, n) as one member: a byte array of 8·m·n² bytes
            org.implreg.MemoryBudget.requireDoubles(Math.multiplyExact(entries, 2L), "the dense stack A (2 × " + m + "×" + n + "×" + n
                + " doubles, values and bytes) of the problem file", "problem file");
            out.put("A", NdArray.ofDoubles(op.toDenseStack(), m, n, n));
        }
        out.put("y", NdArray.ofDoubles(p.y().clone(), m));
        if (p.xStar() != null) {
            out.put("X_star", NdArray.ofColumnMajor(p.xStar(), n, n));
        }
        try {
            out.put("meta", NdArray.ofText(Json.MAPPER.writeValueAsString(p.description())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Writes a problem file atomically (deflated when {@code compress}). */
    public static void write(Problem p, Path file, boolean compress) {
        Npz.write(toArrays(p), file, compress);
    }
}

package org.implreg.problem;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;

/**
 * Entry-wise observations of a rectangular n1×n2 matrix: M[rows[k], cols[k]] = values[k] on the
 * observed set Ω (0-based, each entry at most once), e.g. MovieLens ratings (users × movies).
 *
 * @param n1          rows
 * @param n2          columns
 * @param rows        row index of each observed entry
 * @param cols        column index of each observed entry
 * @param values      observed values
 * @param description provenance (source file, split), for result files
 */
public record AsymmetricCompletion(int n1, int n2, int[] rows, int[] cols, double[] values,
                                   Map<String, Object> description) {

    public AsymmetricCompletion {
        InvalidInputException.require(n1 >= 1 && n2 >= 1, "completion: shape must be positive, got " + n1 + "×" + n2);
        InvalidInputException.require((long) n1 * n2 <= Integer.MAX_VALUE, "completion: " + n1 + "×" + n2 + " is too large");
        InvalidInputException.require(rows.length == cols.length && cols.length == values.length,
            "completion: rows, cols and values must have equal lengths, got " + rows.length + ", " + cols.length + ", "
                + values.length);
        InvalidInputException.require(rows.length >= 1, "completion: no observed entries");
        Set<Long> seen = new HashSet<>(rows.length * 2);
        for (int e = 0; e < rows.length; e++) {
            int i = rows[e];
            int j = cols[e];
            if (i < 0 || i >= n1 || j < 0 || j >= n2) {
                throw new InvalidInputException(String.format("completion: entry %d is (%d, %d), outside %d×%d", e, i, j, n1, n2));
            }
            InvalidInputException.require(Double.isFinite(values[e]), "completion: value " + e + " is " + values[e]);
            InvalidInputException.require(seen.add((long) i * n2 + j),
                String.format("completion: entry (%d, %d) is observed twice (second at %d)", i, j, e));
        }
        description = description == null ? Map.of() : Map.copyOf(description);
    }

    /**
     * Refuses (exit code 2, with the numbers) when {@code copies} dense n1×n2 matrices do not fit the
     * {@link org.implreg.MemoryBudget}: ids as large as 2·10⁹ make a valid but unworkably large shape.
     *
     * @param what what they are for, e.g. "the zero-filled X"
     */
    public void requireDense(int copies, String what) {
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product(n1, n2, 8, copies), what + " (" + (copies > 1 ? copies + " × " : "")
            + n1 + "×" + n2 + " doubles)", where());
    }

    /** The file the entries came from (for messages), else "completion". */
    public String where() {
        Object f = description.get("file");
        return f == null ? "completion" : f.toString();
    }

    /** Number of observed entries |Ω|. */
    public int size() {
        return rows.length;
    }

    /**
     * The zero-filled observations P_Ω*(M): the n1×n2 column-major matrix with M_ij on Ω and 0 elsewhere.
     * This is X_gd of the completion problem: gradient descent on Σ_Ω (X_ij − M_ij)² from X = 0 only
     * ever changes observed entries, and each converges to M_ij (for steps below 1/2 of this constant: ½ of
     * the curvature 2), so the limit is P_Ω*(M).
     */
    public double[] zeroFilled() {
        requireDense(1, "the zero-filled X");
        double[] x = new double[n1 * n2];
        for (int e = 0; e < rows.length; e++) {
            x[rows[e] + cols[e] * n1] = values[e];
        }
        return x;
    }
}

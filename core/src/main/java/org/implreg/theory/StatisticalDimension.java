package org.implreg.theory;

/**
 * The statistical dimension of the descent cone of f(X) = tr X + 𝟙{X ⪰ 0} at a rank-r PSD n×n matrix, for
 * measurements isotropic on the symmetric matrices (Amelunxen, Lotz, McCoy &amp; Tropp 2014), and the degrees of
 * freedom of a rank-r PSD matrix. STUB: the signature other code is written against; the computation is being
 * written (issue 30).
 */
public final class StatisticalDimension {
    private StatisticalDimension() {}

    /**
     * An estimate of δ.
     *
     * @param value         δ
     * @param standardError the estimate's standard error (0 for a closed form or a quadrature)
     */
    public record Estimate(double value, double standardError) {}

    /** δ(n, r), 1 ≤ r ≤ n. */
    public static Estimate of(int n, int r) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The degrees of freedom of a rank-r PSD n×n matrix: nr − r(r − 1)/2. */
    public static double degreesOfFreedom(int n, int r) {
        return (double) n * r - r * (r - 1) / 2.0;
    }

    /** D = n(n + 1)/2, the dimension of the symmetric n×n matrices. */
    public static double ambientDimension(int n) {
        return n * (n + 1) / 2.0;
    }
}

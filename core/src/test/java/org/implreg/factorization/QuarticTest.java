package org.implreg.factorization;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The exact minimizer of a quartic on an interval equals a brute-force minimum. */
class QuarticTest {
    /** Brute force uses a 20001-point grid refined by golden section: agreement in value to 1e-12 relative. */
    static final double VALUE_TOL = 1e-12;

    @Property(tries = 300)
    void argminMatchesBruteForce(@ForAll @DoubleRange(min = -5, max = 5) double c1, @ForAll @DoubleRange(min = -5, max = 5) double c2,
                                 @ForAll @DoubleRange(min = -5, max = 5) double c3, @ForAll @DoubleRange(min = 0, max = 5) double c4,
                                 @ForAll @DoubleRange(min = 0.01, max = 3) double hi) {
        Quartic q = new Quartic(1.0, c1, c2, c3, c4);
        double t = q.argmin(0, hi);
        assertThat(t).isBetween(0.0, hi);
        double brute = bruteForceMin(q, 0, hi);
        assertThat(q.value(t)).isLessThanOrEqualTo(brute + VALUE_TOL * Math.max(1, Math.abs(brute)));
    }

    @Property(tries = 100)
    void lineSearchQuarticsFromLeastSquares(@ForAll @DoubleRange(min = -3, max = 3) double rb,
                                            @ForAll @DoubleRange(min = 0.1, max = 3) double bb,
                                            @ForAll @DoubleRange(min = -3, max = 3) double rc,
                                            @ForAll @DoubleRange(min = -3, max = 3) double bc,
                                            @ForAll @DoubleRange(min = 0.01, max = 3) double cc) {
        // φ(t) = ‖r − tb + t²c‖² shapes, with rr large enough to keep φ ≥ 0
        Quartic q = new Quartic(10, -2 * rb, bb + 2 * rc, -2 * bc, cc);
        double t = q.argmin(0, 10);
        assertThat(q.value(t)).isLessThanOrEqualTo(bruteForceMin(q, 0, 10) + VALUE_TOL * 10);
    }

    static double bruteForceMin(Quartic q, double lo, double hi) {
        int n = 20000;
        double best = Double.POSITIVE_INFINITY;
        double bestT = lo;
        for (int i = 0; i <= n; i++) {
            double t = lo + (hi - lo) * i / n;
            double v = q.value(t);
            if (v < best) {
                best = v;
                bestT = t;
            }
        }
        // golden-section refinement around the best grid point
        double a = Math.max(lo, bestT - (hi - lo) / n);
        double b = Math.min(hi, bestT + (hi - lo) / n);
        double gr = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 200; i++) {
            double x1 = b - gr * (b - a);
            double x2 = a + gr * (b - a);
            if (q.value(x1) < q.value(x2)) {
                b = x2;
            } else {
                a = x1;
            }
        }
        return Math.min(best, q.value(0.5 * (a + b)));
    }
}

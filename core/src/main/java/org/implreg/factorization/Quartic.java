package org.implreg.factorization;

/**
 * The quartic φ(t) = c0 + c1 t + c2 t² + c3 t³ + c4 t⁴ and its exact minimization on an interval.
 *
 * <p>Used by exact line search: along U − tG the factorized loss is a quartic in t. The minimizer on
 * [lo, hi] is among the endpoints and the real roots of φ′ in between. The roots are found without a
 * closed-form cubic: φ′ is split into monotone pieces at the roots of φ″ (a quadratic), and each piece
 * with a sign change is solved by safeguarded bisection to full precision.
 */
public record Quartic(double c0, double c1, double c2, double c3, double c4) {

    /** φ(t). */
    public double value(double t) {
        return (((c4 * t + c3) * t + c2) * t + c1) * t + c0;
    }

    /** φ′(t). */
    public double derivative(double t) {
        return ((4 * c4 * t + 3 * c3) * t + 2 * c2) * t + c1;
    }

    /** The t ∈ [lo, hi] that minimizes φ (the smaller t on ties). */
    public double argmin(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
        }
        double[] cuts = new double[4];
        int k = 0;
        cuts[k++] = lo;
        // roots of φ″(t) = 12 c4 t² + 6 c3 t + 2 c2
        double a = 12 * c4;
        double b = 6 * c3;
        double c = 2 * c2;
        if (a != 0) {
            double disc = b * b - 4 * a * c;
            if (disc > 0) {
                double q = -0.5 * (b + Math.copySign(Math.sqrt(disc), b));
                double r1 = q / a;
                double r2 = q != 0 ? c / q : r1;
                double s = Math.min(r1, r2);
                double l = Math.max(r1, r2);
                if (s > lo && s < hi) {
                    cuts[k++] = s;
                }
                if (l > lo && l < hi && l != s) {
                    cuts[k++] = l;
                }
            }
        } else if (b != 0) {
            double r = -c / b;
            if (r > lo && r < hi) {
                cuts[k++] = r;
            }
        }
        cuts[k++] = hi;
        double best = lo;
        double bestVal = value(lo);
        for (int i = 0; i + 1 < k; i++) {
            double x0 = cuts[i];
            double x1 = cuts[i + 1];
            double cand = x1;
            double d0 = derivative(x0);
            double d1 = derivative(x1);
            if (d0 < 0 && d1 > 0) {
                cand = bisect(x0, x1);
            }
            double v = value(cand);
            if (v < bestVal) {
                bestVal = v;
                best = cand;
            }
        }
        return best;
    }

    /** Root of φ′ in (x0, x1) where φ′(x0) &lt; 0 &lt; φ′(x1) and φ′ is monotone. */
    private double bisect(double x0, double x1) {
        double lo = x0;
        double hi = x1;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (derivative(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return value(lo) <= value(hi) ? lo : hi;
    }
}

package org.implreg.problem;

import java.util.Map;
import java.util.Objects;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;

/**
 * A symmetric matrix sensing / completion problem: find X ⪰ 0 with 𝒜(X) = y.
 *
 * @param operator    the measurement operator 𝒜 (n, m)
 * @param y           the measurements, length m
 * @param xStar       the planted matrix (n×n column-major) or null when unknown
 * @param description where the problem came from (generator parameters or file), for provenance
 */
public record Problem(MeasurementOperator operator, double[] y, double[] xStar, Map<String, Object> description) {

    public Problem {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(y, "y");
        description = description == null ? Map.of() : Map.copyOf(description);
        int n = operator.n();
        InvalidInputException.require(y.length == operator.m(),
            "y has " + y.length + " entries but the operator has m = " + operator.m() + " measurements");
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new InvalidInputException("y[" + i + "] is " + y[i] + ": measurements must be finite");
            }
        }
        if (xStar != null) {
            InvalidInputException.require(xStar.length == n * n,
                "X_star must be " + n + "×" + n + " (" + n * n + " entries), got " + xStar.length + " entries");
            InvalidInputException.require(Linalg.allFinite(xStar), "X_star has non-finite entries");
            double asym = Linalg.asymmetry(xStar, n);
            InvalidInputException.require(asym <= 1e-10 * Math.max(1.0, Linalg.norm(xStar)),
                "X_star is not symmetric (max |X_ij − X_ji| = " + asym + ")");
        }
    }

    /** Matrix dimension n. */
    public int n() {
        return operator.n();
    }

    /** Number of measurements m. */
    public int m() {
        return operator.m();
    }

    /** Whether a planted X* is known. */
    public boolean hasGroundTruth() {
        return xStar != null;
    }

    /**
     * The same problem in other units: (a𝒜, b·y), a, b finite and &gt; 0. Its solution set is (b/a) times this
     * one's (a𝒜(X') = by ⟺ 𝒜(aX'/b) = y), so X* becomes (b/a)X*. The solvers' stopping rules are relative to
     * the problem's scale, so each answers the scaled problem with (b/a) times its answer here (the flows at
     * a time scaled by 1/(ab), from an initial factor scaled by √(b/a)).
     */
    public Problem scaled(double a, double b) {
        InvalidInputException.require(Double.isFinite(a) && a > 0, "operator scale must be finite and > 0, got " + a);
        InvalidInputException.require(Double.isFinite(b) && b > 0, "measurement scale must be finite and > 0, got " + b);
        double[] ys = y.clone();
        for (int i = 0; i < ys.length; i++) {
            ys[i] *= b;
        }
        double[] xs = null;
        if (xStar != null) {
            xs = xStar.clone();
            for (int i = 0; i < xs.length; i++) {
                xs[i] *= b / a;
            }
        }
        Map<String, Object> d = new java.util.LinkedHashMap<>(description);
        d.put("operator_scale", a * ((Number) description.getOrDefault("operator_scale", 1.0)).doubleValue());
        d.put("measurement_scale", b * ((Number) description.getOrDefault("measurement_scale", 1.0)).doubleValue());
        return new Problem(MeasurementOperators.scaled(operator, a), ys, xs, d);
    }
}

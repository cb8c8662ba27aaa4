package org.implreg.atlas;

/**
 * The two estimates a phase diagram is read with, as pure functions: a cell's success probability with its 95% Wilson
 * interval, and a solver's 50% transition along m with its interval.
 */
public final class AtlasStatistics {
    private AtlasStatistics() {}

    /** z of a two-sided 95% normal interval: Φ⁻¹(0.975). */
    public static final double Z95 = 1.959963984540054;

    /** The success probability at which a solver's transition is placed. */
    public static final double LEVEL = 0.5;

    /**
     * A proportion k/n with its interval.
     *
     * @param estimate k/n (NaN when n = 0)
     * @param low      the interval's lower end (NaN when n = 0)
     * @param high     the interval's upper end (NaN when n = 0)
     */
    public record Proportion(double estimate, double low, double high) {}

    /**
     * The 95% Wilson score interval of k successes in n trials (Wilson 1927): with p̂ = k/n and z = {@link #Z95},
     * <pre>
     *   centre = (p̂ + z²/(2n)) / (1 + z²/n),   half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²)),
     * </pre>
     * the interval [centre − half, centre + half], which stays inside [0, 1] and is not empty at k = 0 or k = n
     * (there it is [0, z²/(n + z²)] and [n/(n + z²), 1]). n = 0: all NaN (nothing measured).
     *
     * @throws IllegalArgumentException unless 0 ≤ k ≤ n
     */
    public static Proportion wilson(int k, int n) {
        if (k < 0 || n < 0 || k > n) {
            throw new IllegalArgumentException("a proportion needs 0 ≤ k ≤ n, got k = " + k + ", n = " + n);
        }
        if (n == 0) {
            return new Proportion(Double.NaN, Double.NaN, Double.NaN);
        }
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // at k = 0 and k = n the closed ends are exact: 0 and 1 (the formula gives them up to rounding)
        return new Proportion(p, k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half));
    }

    /** Where a curve of success probabilities over the grid's m meets {@link #LEVEL}. */
    public enum Position {
        /** It reaches the level inside the grid: the crossing m is interpolated. */
        CROSSES,
        /** It is above the level already at the smallest m: the transition lies below the grid. */
        BELOW_GRID,
        /** It stays below the level at every m: the transition lies above the grid. */
        ABOVE_GRID,
        /** No m has a measured probability. */
        NO_DATA;

        /** The JSON word: crosses, below_grid, above_grid, no_data. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The position of a JSON word. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Position parse(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Where a curve reaches the level.
     *
     * @param m        the interpolated m (NaN unless {@link Position#CROSSES})
     * @param position where it lies against the grid
     */
    public record Crossing(double m, Position position) {}

    /**
     * The first m at which the piecewise-linear curve through (m_j, p_j) reaches {@link #LEVEL}: with j the first index
     * (of those with a finite p_j, in increasing m) where p_j ≥ ½, the crossing is
     * m = m_{j−1} + (½ − p_{j−1})/(p_j − p_{j−1})·(m_j − m_{j−1}) (linear interpolation between the two m that
     * bracket ½); m_0 itself where p_0 = ½ exactly; below the grid where p_0 > ½; above the grid where no p_j ≥ ½.
     * Points with p_j NaN (no converged run) are skipped. A curve that is not monotone is read at its first crossing.
     *
     * @param ms increasing m
     * @param ps the curve at each m (NaN: no value)
     */
    public static Crossing crossing(double[] ms, double[] ps) {
        if (ms.length != ps.length) {
            throw new IllegalArgumentException("ms and ps differ in length: " + ms.length + " and " + ps.length);
        }
        int prev = -1;
        for (int j = 0; j < ms.length; j++) {
            if (Double.isNaN(ps[j])) {
                continue;
            }
            if (ps[j] >= LEVEL) {
                if (prev < 0) {
                    return ps[j] == LEVEL ? new Crossing(ms[j], Position.CROSSES) : new Crossing(Double.NaN, Position.BELOW_GRID);
                }
                double t = (LEVEL - ps[prev]) / (ps[j] - ps[prev]);
                return new Crossing(ms[prev] + t * (ms[j] - ms[prev]), Position.CROSSES);
            }
            prev = j;
        }
        return new Crossing(Double.NaN, prev < 0 ? Position.NO_DATA : Position.ABOVE_GRID);
    }

    /**
     * A solver's 50% transition along m with its interval.
     *
     * @param m        the crossing of the success probability ({@link #crossing}); NaN unless it crosses inside the grid
     * @param low      the crossing of the Wilson upper bounds (the earliest m at which ½ is still plausible); NaN where
     *                 that curve does not cross inside the grid
     * @param high     the crossing of the Wilson lower bounds; NaN where that curve does not cross inside the grid
     * @param position where the success probability's curve lies against the grid
     */
    public record Transition(double m, double low, double high, Position position) {}

    /**
     * The transition of a solver over the cells of one rank: {@link #crossing} of the success probabilities, and as its
     * interval the crossings of the 95% Wilson bounds (the upper bounds cross first, giving the lower end). The
     * interval is pointwise (each cell's own 95% interval, interpolated), not a simultaneous confidence band.
     *
     * @param ms    increasing m
     * @param cells each m's success proportion ({@link #wilson}; NaN where no run converged)
     */
    public static Transition transition(double[] ms, Proportion[] cells) {
        double[] p = new double[cells.length];
        double[] lo = new double[cells.length];
        double[] hi = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
            p[j] = cells[j].estimate();
            lo[j] = cells[j].low();
            hi[j] = cells[j].high();
        }
        Crossing c = crossing(ms, p);
        Crossing fromUpper = crossing(ms, hi);
        Crossing fromLower = crossing(ms, lo);
        return new Transition(c.m(), fromUpper.m(), fromLower.m(), c.position());
    }
}

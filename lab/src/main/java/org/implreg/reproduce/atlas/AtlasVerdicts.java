package org.implreg.reproduce.atlas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.implreg.atlas.AtlasStatistics.Position;
import org.implreg.atlas.AtlasSummary;
import org.implreg.atlas.AtlasSummary.Rank;
import org.implreg.atlas.AtlasSummary.Transition;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Verdict;

/**
 * The atlas's verdict rules, pure functions of its {@link AtlasSummary}:
 * <ol>
 *   <li>{@link #statisticalDimension}: trace minimisation's 50% transition sits at the statistical dimension δ
 *       (Amelunxen, Lotz, McCoy &amp; Tropp 2014: the transition of a convex program with random data is within O(√D)
 *       of δ). Agrees when, for every rank with a δ, the measured 50% point of {@code nucmin} is within
 *       {@link #TOLERANCE_SQRT_D}·√D of δ; partly when for some; disagrees when for none. A rank whose transition is
 *       outside the grid is not within. No verdict for a family without δ (completion).</li>
 *   <li>{@link #solver}, for every other solver: a measured finding with no assumed direction, judged against
 *       Gunasekar et al.'s conjecture (the solver finds the minimum nuclear norm solution; then its transition is
 *       trace minimisation's and it never recovers X* where the certified minimum fails). At a rank they agree when
 *       both transitions cross inside the grid within {@link #TOLERANCE_SQRT_D}·√D of each other, or both lie outside
 *       the grid on the same side. Agrees when every rank agrees and there is no certified counterexample; disagrees
 *       when no rank agrees; partly otherwise. The sentence gives the signed distances m₅₀ − δ and m₅₀ − dof.</li>
 * </ol>
 */
public final class AtlasVerdicts {
    private AtlasVerdicts() {}

    /** The distance, in units of √D, within which a transition counts as at δ (the scale of Amelunxen et al.'s bound). */
    public static final double TOLERANCE_SQRT_D = 0.5;

    /** Amelunxen et al.'s theorem. */
    static final Finding.Owner AMELUNXEN = Finding.Owner.of("Amelunxen et al.", "phase-transition theorem");
    /** The conjecture each other solver is measured against. */
    static final Finding.Owner GUNASEKAR = Finding.Owner.of("Gunasekar et al.", "conjecture");

    /** Every verdict: the statistical dimension's (where the family has δ), then one per solver other than nucmin. */
    public static List<Finding> all(AtlasSummary s) {
        List<Finding> out = new ArrayList<>();
        statisticalDimension(s).ifPresent(out::add);
        for (String solver : s.solvers()) {
            if (!solver.equals(AtlasSummary.NUCMIN)) {
                out.add(solver(s, solver));
            }
        }
        return out;
    }

    /** The tolerance {@link #TOLERANCE_SQRT_D}·√D in measurements. */
    static double tolerance(AtlasSummary s) {
        return TOLERANCE_SQRT_D * Math.sqrt(s.ambient());
    }

    /** Trace minimisation's transition against δ (empty where no rank has δ). */
    public static Optional<Finding> statisticalDimension(AtlasSummary s) {
        double tol = tolerance(s);
        int judged = 0;
        int within = 0;
        double worst = 0;
        int worstRank = 0;
        StringBuilder ev = new StringBuilder(String.format(Locale.ROOT, "D = %d, %s·√D = %.3g", s.ambient(), TOLERANCE_SQRT_D, tol));
        for (Rank r : s.ranks()) {
            if (!Double.isFinite(r.statisticalDimension())) {
                continue;
            }
            judged++;
            Transition t = r.of(AtlasSummary.NUCMIN);
            double dist = t == null || t.position() != Position.CROSSES ? Double.POSITIVE_INFINITY : Math.abs(t.m() - r.statisticalDimension());
            if (dist <= tol) {
                within++;
            }
            if (!(dist <= worst)) {
                worst = dist;
                worstRank = r.rank();
            }
            ev.append(String.format(Locale.ROOT, "; r = %d: m₅₀ = %s vs δ = %.4g (± %.2g), dof = %.4g", r.rank(), transition(t), r.statisticalDimension(),
                r.statisticalDimensionError(), r.degreesOfFreedom()));
        }
        if (judged == 0) {
            return Optional.empty();
        }
        Verdict v = Verdict.of(within == judged, within > 0);
        String clause = String.format(Locale.ROOT, "the measured 50%% point of trace minimisation is within %s·√D = %.3g of δ at %d of %d ranks",
            TOLERANCE_SQRT_D, tol, within, judged)
            + (Double.isInfinite(worst) ? String.format(Locale.ROOT, " (at r = %d it does not cross inside the grid)", worstRank)
                : String.format(Locale.ROOT, " (largest distance %.3g, at r = %d)", worst, worstRank));
        return Optional.of(Finding.claim("atlas: nucmin", "Trace minimisation's transition sits at the statistical dimension: recovering a "
                + "rank-r PSD X* from m Gaussian measurements by min tr X subject to 𝒜(X) = y, X ⪰ 0 flips from failure to success within "
                + "O(√D) of m = δ, the statistical dimension of the descent cone at X*", v, ev.toString())
            .by(AMELUNXEN, clause));
    }

    /** {@code solver}'s transitions against trace minimisation's, δ and the degrees of freedom, and its certified counterexamples. */
    public static Finding solver(AtlasSummary s, String solver) {
        double tol = tolerance(s);
        int agree = 0;
        int left = 0;
        int right = 0;
        StringBuilder ev = new StringBuilder(String.format(Locale.ROOT, "D = %d, %s·√D = %.3g", s.ambient(), TOLERANCE_SQRT_D, tol));
        for (Rank r : s.ranks()) {
            Transition t = r.of(solver);
            Transition min = r.of(AtlasSummary.NUCMIN);
            if (agrees(t, min, tol)) {
                agree++;
            }
            double ref = Double.isFinite(r.statisticalDimension()) ? r.statisticalDimension() : r.degreesOfFreedom();
            if (t != null && t.position() == Position.CROSSES) {
                left += t.m() < ref ? 1 : 0;
                right += t.m() > ref ? 1 : 0;
            } else if (t != null) {
                left += t.position() == Position.BELOW_GRID ? 1 : 0;
                right += t.position() == Position.ABOVE_GRID ? 1 : 0;
            }
            ev.append(String.format(Locale.ROOT, "; r = %d: m₅₀ = %s vs trace minimisation %s", r.rank(), transition(t), transition(min)));
            if (t != null && t.position() == Position.CROSSES) {
                if (Double.isFinite(r.statisticalDimension())) {
                    ev.append(String.format(Locale.ROOT, ", m₅₀ − δ = %+.3g", t.m() - r.statisticalDimension()));
                }
                ev.append(String.format(Locale.ROOT, ", m₅₀ − dof = %+.3g", t.m() - r.degreesOfFreedom()));
            }
        }
        List<AtlasSummary.Counterexample> cx = s.counterexamplesOf(solver);
        ev.append("; ").append(cx.size()).append(" certified counterexample").append(cx.size() == 1 ? "" : "s");
        if (!cx.isEmpty()) {
            ev.append(" (seeds ");
            for (int i = 0; i < Math.min(cx.size(), 5); i++) {
                ev.append(i == 0 ? "" : ", ").append(cx.get(i).seed());
            }
            ev.append(cx.size() > 5 ? ", …)" : ")");
        }
        int ranks = s.ranks().size();
        Verdict v = agree == ranks && cx.isEmpty() ? Verdict.AGREES : agree == 0 ? Verdict.DISAGREES : Verdict.PARTLY;
        String against = s.ranks().stream().anyMatch(r -> Double.isFinite(r.statisticalDimension())) ? "δ" : "the degrees of freedom";
        String clause = String.format(Locale.ROOT, "%s's 50%% transition is within %s·√D of trace minimisation's at %d of %d ranks, left of %s at %d "
            + "and right of it at %d; %d certified counterexample%s (it recovers X* where the certified minimum does not)", solver,
            TOLERANCE_SQRT_D, agree, ranks, against, left, right, cx.size(), cx.size() == 1 ? "" : "s");
        return Finding.claim("atlas: " + solver, solver + " finds the minimum nuclear norm solution, so its transition sits where trace "
                + "minimisation's does and it never recovers X* where the certified minimum does not", v, ev.toString())
            .by(GUNASEKAR, clause);
    }

    /** Whether two transitions agree: both cross within {@code tol}, or both lie outside the grid on the same side. */
    static boolean agrees(Transition a, Transition b, double tol) {
        if (a == null || b == null || a.position() == Position.NO_DATA || b.position() == Position.NO_DATA) {
            return false;
        }
        if (a.position() == Position.CROSSES && b.position() == Position.CROSSES) {
            return Math.abs(a.m() - b.m()) <= tol;
        }
        return a.position() == b.position();
    }

    /** A transition in words: "12.3 [10.1, 14.0]", "below the grid", "above the grid", "no data"; ends outside the grid as "…". */
    static String transition(Transition t) {
        if (t == null || t.position() == Position.NO_DATA) {
            return "no data";
        }
        return switch (t.position()) {
            case CROSSES -> String.format(Locale.ROOT, "%.4g [%s, %s]", t.m(), end(t.mLow()), end(t.mHigh()));
            case BELOW_GRID -> "below the grid";
            case ABOVE_GRID -> "above the grid";
            case NO_DATA -> "no data";
        };
    }

    private static String end(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "…";
    }
}

package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Verdict;

/**
 * The verdict rules of {@link Gunasekar2017Theory}: pure functions from the measured numbers (as stored
 * in summary.json) to a {@link Finding}. Each rule is stated in its javadoc and on the page.
 */
final class Gunasekar2017TheoryVerdicts {
    private Gunasekar2017TheoryVerdicts() {}

    /** Warm-up: agrees when GD on X ends within this relative distance of 𝒜*((𝒜𝒜*)⁻¹y). */
    static final double WARM_UP_TOL = 1e-10;
    /** A limit counts as "a different solution" beyond this relative distance from the minimum ℓ2 solution. */
    static final double DIFFERENT = 1e-3;
    /** m = 1, commuting: the nuclear-norm gap (and, for m = 1, the angle) at the smallest α must be below this. */
    static final double LIMIT_GAP = 1e-3;
    /** m = 1: the flow's iterates must lie on exp(sA)X₀exp(sA) within this (relative Frobenius). */
    static final double CURVE_TOL = 1e-8;
    /** Commuting: the final relative residual must be below this. */
    static final double RESIDUAL_TOL = 1e-5;
    /** Momentum in X-space: the limit must be within this of the minimum Frobenius solution. */
    static final double SPAN_TOL = 1e-8;
    /** Momentum in U-space "shoots off" when its gap is at least this factor above plain GD's … */
    static final double SHOOT_FACTOR = 2;
    /** … and at least this much larger in absolute terms. */
    static final double SHOOT_ABS = 1e-4;

    /** Gunasekar et al.'s claim of {@code kind}. */
    static Finding.Owner owner(String kind) {
        return Finding.Owner.of("Gunasekar et al.", kind);
    }

    private static double num(Map<String, Object> m, String k) {
        return Gunasekar2017Theory.num(m, k);
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** Warm-up: GD on X from 0 is within {@link #WARM_UP_TOL} of the closed form: agrees; within 1e-6: partly. */
    static Finding warmUp(Map<String, Object> xSpace) {
        Map<String, Object> gd = Gunasekar2017Theory.map(xSpace.get("gd"));
        double d = num(gd, "distance_to_min_norm");
        return Finding.claim("§3 warm-up", "GD on X from X = 0 converges to the minimum Frobenius norm solution 𝒜*((𝒜𝒜*)⁻¹y)",
            Verdict.of(d <= WARM_UP_TOL, d <= 1e-6), "GD on X: ‖X − X_minF‖_F/‖X_minF‖_F = " + g(d) + " after " + gd.get("iterations")
                + " steps (residual " + g(num(gd, "residual")) + "); rule: ≤ " + WARM_UP_TOL + " agrees, ≤ 1e-6 partly")
            .by(owner("§3 warm-up"), "GD on X from 0 ends " + g(d) + " (relative) from 𝒜*((𝒜𝒜*)⁻¹y) after " + gd.get("iterations") + " steps");
    }

    /**
     * Introduction: cyclic coordinate descent and preconditioned GD end more than {@link #DIFFERENT} (relative)
     * from the minimum ℓ2 solution: agrees; one of them: partly; neither: disagrees. The slides' "coordinate
     * descent: ℓ1 norm" is reported beside it (‖x‖₁ over the exact minimum ℓ1 norm).
     */
    static Finding coordinateDescent(Map<String, Object> vector) {
        Map<String, Object> cd = Gunasekar2017Theory.map(vector.get("coordinate_descent_cyclic"));
        Map<String, Object> greedy = Gunasekar2017Theory.map(vector.get("coordinate_descent_greedy"));
        Map<String, Object> pre = Gunasekar2017Theory.map(vector.get("preconditioned_gd"));
        Map<String, Object> gd = Gunasekar2017Theory.map(vector.get("gd"));
        boolean a = num(cd, "distance_to_min_l2") > DIFFERENT;
        boolean b = num(pre, "distance_to_min_l2") > DIFFERENT;
        return Finding.claim("§1 / slides", "GD on underdetermined least squares reaches the minimum ℓ2 solution; coordinate descent or "
                + "preconditioned GD reach a different one (slides: coordinate descent ~ ℓ1)", Verdict.of(a && b, a || b),
            "distance to min-ℓ2: GD " + g(num(gd, "distance_to_min_l2")) + ", cyclic CD " + g(num(cd, "distance_to_min_l2"))
                + ", greedy CD " + g(num(greedy, "distance_to_min_l2")) + ", preconditioned GD " + g(num(pre, "distance_to_min_l2"))
                + "; ‖x‖₁/min‖x‖₁: GD " + g(num(gd, "l1_ratio")) + ", cyclic CD " + g(num(cd, "l1_ratio")) + ", greedy CD "
                + g(num(greedy, "l1_ratio")) + " (distance to min-ℓ1 " + g(num(greedy, "distance_to_min_l1"))
                + "); rule: both CD and preconditioned GD > " + DIFFERENT + " from min-ℓ2 agrees, one partly")
            .by(owner("introduction example"), "GD ends " + g(num(gd, "distance_to_min_l2")) + " from the minimum ℓ2 solution, cyclic "
                + "coordinate descent " + g(num(cd, "distance_to_min_l2")) + " and preconditioned GD " + g(num(pre, "distance_to_min_l2"))
                + " (relative)");
    }

    /**
     * m = 1: the flow's iterates lie on exp(sA)X₀exp(sA) within {@link #CURVE_TOL}, and for y &gt; 0 and y &lt; 0
     * the nuclear-norm gap at the smallest α is below {@link #LIMIT_GAP} and neither the gap nor the angle to
     * the top eigenspace grows as α decreases (the angle shrinks like α^{(1 − λ₂/λ₁)/2}, slowly when λ₂ ≈ λ₁): agrees; the curve holds and one sign: partly; else disagrees.
     */
    static Finding singleMeasurement(List<Map<String, Object>> positive, List<Map<String, Object>> negative, List<Map<String, Object>> flow) {
        double dev = flow.stream().mapToDouble(r -> num(r, "max_curve_deviation")).max().orElse(Double.NaN);
        double lim = flow.stream().mapToDouble(r -> num(r, "limit_distance")).max().orElse(Double.NaN);
        boolean curve = dev <= CURVE_TOL;
        int ok = 0;
        StringBuilder ev = new StringBuilder(String.format(Locale.ROOT, "flow iterates off the curve by ≤ %s, flow limit vs X(s*) %s; ",
            g(dev), g(lim)));
        List<String> lastGaps = new ArrayList<>();
        for (List<Map<String, Object>> rows : List.of(positive, negative)) {
            Map<String, Object> first = rows.get(0);
            Map<String, Object> last = rows.get(rows.size() - 1);
            lastGaps.add(g(num(last, "nuclear_gap")) + " (y " + (rows == positive ? ">" : "<") + " 0, α = " + g(num(last, "alpha")) + ")");
            boolean mono = true;
            for (int i = 1; i < rows.size(); i++) {
                mono &= num(rows.get(i), "nuclear_gap") <= num(rows.get(i - 1), "nuclear_gap") * (1 + 1e-9) + 1e-15;
            }
            boolean angles = true;
            for (int i = 1; i < rows.size(); i++) {
                angles &= num(rows.get(i), "angle") <= num(rows.get(i - 1), "angle") * (1 + 1e-9) + 1e-15;
            }
            if (mono && angles && num(last, "nuclear_gap") <= LIMIT_GAP) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "y %s 0: nuclear gap %s (α = %s) → %s (α = %s), angle to the %s eigenvector %s → %s; ",
                rows == positive ? ">" : "<", g(num(first, "nuclear_gap")), g(num(first, "alpha")), g(num(last, "nuclear_gap")),
                g(num(last, "alpha")), rows == positive ? "top" : "bottom", g(num(first, "angle")), g(num(last, "angle"))));
        }
        ev.append("rule: curve ≤ " + CURVE_TOL + ", gap ≤ " + LIMIT_GAP + " at the smallest α, gap and angle non-increasing as α decreases");
        return Finding.claim("§3 m = 1", "X_t = exp(s_t A) X₀ exp(s_t A); as α → 0 the limit is spanned by the top eigenvector(s) of A "
            + "(for y < 0: the most negative) and has minimum nuclear norm", Verdict.of(curve && ok == 2, curve && ok > 0), ev.toString())
            .by(owner("§3 single-measurement analysis"), "the flow stays within " + g(dev) + " of the curve exp(sA)X₀exp(sA), and the "
                + "nuclear-norm gap of the small-α limit is " + String.join(" and ", lastGaps) + ", shrinking as α falls for " + ok
                + " of 2 signs of y");
    }

    /**
     * Commuting A_i: for each variant (flow, small-step GD, ℓ_p loss, SGD) the nuclear-norm gap to the
     * certified minimum at the smallest α is ≤ {@link #LIMIT_GAP} with residual ≤ {@link #RESIDUAL_TOL}:
     * all agree: agrees; some: partly; none: disagrees.
     */
    static Finding commuting(Map<String, Object> variants) {
        int ok = 0;
        double worst = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<String, Object> e : variants.entrySet()) {
            List<Map<String, Object>> rows = Gunasekar2017Theory.list(e.getValue());
            Map<String, Object> last = rows.get(rows.size() - 1);
            worst = Math.max(worst, Math.abs(num(last, "nuclear_gap")));
            if (Math.abs(num(last, "nuclear_gap")) <= LIMIT_GAP && num(last, "residual") <= RESIDUAL_TOL) {
                ok++;
            }
            List<String> gaps = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                gaps.add(g(num(r, "nuclear_gap")));
            }
            ev.append(e.getKey()).append(": gap ").append(String.join(" → ", gaps)).append(" (residual ").append(g(num(last, "residual")))
                .append("); ");
        }
        ev.append("rule: |gap| ≤ " + LIMIT_GAP + " and residual ≤ " + RESIDUAL_TOL + " at the smallest α for every variant");
        return Finding.claim("Theorem 1", "commuting A_i: the limit as α → 0 is a minimum nuclear norm solution, also with another loss "
            + "norm (ℓ_1.5) and with stochastic (one-measurement) steps", Verdict.of(ok == variants.size(), ok > 0), ev.toString())
            .by(owner("Theorem 1"), ok + " of " + variants.size() + " variants (" + String.join(", ", variants.keySet()) + ") end within "
                + g(LIMIT_GAP) + " of the certified minimum nuclear norm at the smallest α (largest |gap| " + g(worst) + ")");
    }

    /**
     * Lie closure: the generic symmetric pair's closure has dimension n² (all of ℝ^{n×n}) for every n:
     * agrees; at least n² − 1 for every n (all but the identity direction): partly; else disagrees.
     * The commuting pair's must be 2 (otherwise the rank test is broken: disagrees).
     */
    static Finding lieClosure(List<Map<String, Object>> rows) {
        boolean all = true;
        boolean most = true;
        boolean commOk = true;
        int full = 0;
        StringBuilder ev = new StringBuilder();
        for (Map<String, Object> r : rows) {
            int n2 = (int) num(r, "n_squared");
            int gdim = (int) num(r, "generic");
            all &= gdim == n2;
            full += gdim == n2 ? 1 : 0;
            most &= gdim >= n2 - 1;
            commOk &= num(r, "commuting") == 2;
            ev.append(String.format(Locale.ROOT, "n = %d: generic %d of %d (traceless pair %d, commuting %d); ", (int) num(r, "n"), gdim, n2,
                (int) num(r, "traceless"), (int) num(r, "commuting")));
        }
        ev.append("rank test: a bracket joins when its residual orthogonal to the span exceeds " + Gunasekar2017Theory.LIE_TOL
            + "·‖A_i‖_F‖E‖_F; rule: generic = n² for all n agrees, ≥ n² − 1 partly");
        return Finding.claim("§4 Lie algebra", "the closure of two generic symmetric A_i under the commutator is all of ℝ^{n×n}",
            commOk ? Verdict.of(all, most) : Verdict.DISAGREES, ev.toString())
            .by(owner("§4 Lie-algebra argument"), "the commutator closure of two generic symmetric matrices is all of ℝ^{n×n} for " + full
                + " of " + rows.size() + " sizes n" + (commOk ? "" : ", but the commuting pair's is not 2-dimensional: the rank test is broken"));
    }

    /**
     * The ordered exponential: for a kind of control (the flow's residuals; random drift-plus-transient
     * controls with the transient at the start; the same with the transient at the end, where the flow's
     * residual control has its turn) the non-commutative ratio is "asymptotically lower order" when its value
     * at the smallest α is at most half its largest value over the α range and it does not grow over the three
     * smallest α. All three kinds: agrees; some: partly; none: disagrees.
     */
    static Finding orderedExponential(List<Map<String, Object>> rows) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        List<String> kinds = List.of("residual_ratio", "random_start_ratio_mean", "random_end_ratio_mean");
        for (String k : kinds) {
            double[] v = Gunasekar2017Theory.col(rows, k);
            boolean dec = v[v.length - 1] <= 0.5 * java.util.Arrays.stream(v).max().orElse(Double.NaN);
            for (int i = Math.max(1, v.length - 2); i < v.length; i++) {
                dec &= v[i] <= v[i - 1] * (1 + 1e-6);
            }
            if (dec) {
                ok++;
            }
            List<String> s = new ArrayList<>();
            for (double x : v) {
                s.add(g(x));
            }
            ev.append(k.equals("residual_ratio") ? "residual control" : k.startsWith("random_start") ? "random controls, transient at the start"
                : "random controls, transient at the end").append(dec ? "" : " (not lower order)").append(": ").append(String.join(" → ", s))
                .append("; ");
        }
        double[] a = Gunasekar2017Theory.col(rows, "alpha");
        double[] c = Gunasekar2017Theory.col(rows, "commuting_ratio");
        ev.append(String.format(Locale.ROOT, "for α = %s … %s; commuting pair (same control): ≤ %s; ", g(a[0]), g(a[a.length - 1]),
            g(java.util.Arrays.stream(c).max().orElse(Double.NaN))));
        ev.append("ratio = ‖½log(GGᵀ) − 𝒜*(s)‖_F/‖𝒜*(s)‖_F; rule, per kind: last ≤ ½ max and non-increasing over the three smallest α; "
            + "all three kinds agrees, some partly");
        return Finding.claim("§4 eq. (12)", "the non-commutative terms of the time-ordered exponential are asymptotically lower order than "
            + "the direct term 𝒜*(s) as X_init → 0, for the flow's residual controls and for random controls", Verdict.of(ok == kinds.size(), ok > 0),
            ev.toString()).by(owner("§4 eq. (12) argument"), "the non-commutative terms shrink relative to 𝒜*(s) as α falls for " + ok
                + " of " + kinds.size() + " kinds of control (α = " + g(a[0]) + " … " + g(a[a.length - 1]) + ")");
    }

    /** X-space: heavy ball, Nesterov and CG end within {@link #SPAN_TOL} of the minimum Frobenius solution: all: agrees; some: partly. */
    static Finding momentumX(Map<String, Object> xSpace) {
        int ok = 0;
        double worst = 0;
        StringBuilder ev = new StringBuilder();
        for (String k : List.of("heavy_ball", "nesterov", "conjugate_gradient")) {
            Map<String, Object> r = Gunasekar2017Theory.map(xSpace.get(k));
            double d = num(r, "distance_to_min_norm");
            worst = Math.max(worst, d);
            if (d <= SPAN_TOL) {
                ok++;
            }
            ev.append(k).append(' ').append(g(d)).append(" (").append(r.get("iterations")).append(" steps); ");
        }
        Map<String, Object> cd = Gunasekar2017Theory.map(xSpace.get("coordinate_descent"));
        ev.append("for contrast coordinate descent on the entries of X: " + g(num(cd, "distance_to_min_norm")) + "; rule: ≤ " + SPAN_TOL
            + " for all three");
        return Finding.claim("§6 X-space", "heavy-ball momentum, Nesterov acceleration and conjugate gradients on X stay in the span of the "
            + "gradients and reach the minimum Frobenius norm solution", Verdict.of(ok == 3, ok > 0), ev.toString())
            .by(owner("§6 X-space claim"), ok + " of 3 methods (heavy ball, Nesterov, CG) end within " + g(SPAN_TOL) + " of the minimum "
                + "Frobenius norm solution (largest distance " + g(worst) + ")");
    }

    /**
     * U-space: for a step η, momentum "shoots off" when the largest β's gap (heavy ball) is at least
     * {@link #SHOOT_FACTOR}× plain GD's (β = 0, same η and init) and at least {@link #SHOOT_ABS} larger, all runs
     * both converged. Every η: agrees; some: partly; none: disagrees. Plain GD at the effective step η/(1 − β)
     * ({@code effective}) is reported beside it, not used by the rule.
     */
    static Finding momentumU(List<Map<String, Object>> rows, List<Map<String, Object>> effective) {
        double[] steps = rows.stream().mapToDouble(r -> num(r, "step")).distinct().toArray();
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        for (double step : steps) {
            List<Map<String, Object>> sel = rows.stream().filter(r -> num(r, "step") == step).toList();
            Map<String, Object> gd = sel.stream().filter(r -> num(r, "momentum") == 0).findFirst().orElseThrow();
            double betaMax = sel.stream().mapToDouble(r -> num(r, "momentum")).max().orElse(0);
            Map<String, Object> hb = sel.stream().filter(r -> num(r, "momentum") == betaMax && !Boolean.TRUE.equals(r.get("nesterov")))
                .findFirst().orElseThrow();
            boolean conv = "CONVERGED".equals(gd.get("stop")) && "CONVERGED".equals(hb.get("stop"));
            double g0 = num(gd, "nuclear_gap");
            double g1 = num(hb, "nuclear_gap");
            if (conv && g1 >= SHOOT_FACTOR * g0 && g1 - g0 >= SHOOT_ABS) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "η = %s: gap GD %s", g(step), g(g0)));
            for (Map<String, Object> r : sel) {
                if (num(r, "momentum") > 0) {
                    ev.append(String.format(Locale.ROOT, ", %s β = %s %s", Boolean.TRUE.equals(r.get("nesterov")) ? "Nesterov" : "HB",
                        num(r, "momentum"), g(num(r, "nuclear_gap"))));
                    if (!"CONVERGED".equals(r.get("stop"))) {
                        ev.append(" (").append(r.get("stop")).append(", training error ").append(g(num(r, "train_error"))).append(')');
                    }
                }
            }
            ev.append(conv ? "" : " (GD or HB at the largest β did not converge)");
            for (Map<String, Object> e : effective) {
                if (num(e, "step") == step) {
                    ev.append(String.format(Locale.ROOT, "; plain GD at the effective step η/(1 − β) = %s: %s", g(num(e, "effective_step")),
                        "CONVERGED".equals(e.get("stop")) ? "gap " + g(num(e, "nuclear_gap")) : String.valueOf(e.get("stop"))));
                }
            }
            ev.append("; ");
        }
        ev.append("rule: heavy ball at the largest β ≥ " + SHOOT_FACTOR + "× GD's gap and ≥ " + SHOOT_ABS + " above it, per step");
        return Finding.claim("§6 U-space", "on the curved manifold momentum shoots off: its limit's nuclear-norm gap exceeds plain GD's",
            Verdict.of(ok == steps.length, ok > 0), ev.toString())
            .by(owner("§6 U-space claim"), "heavy-ball momentum's nuclear-norm gap is at least " + String.format(Locale.ROOT, "%.0f", SHOOT_FACTOR) + "× plain GD's at " + ok
                + " of " + steps.length + " step sizes");
    }
}

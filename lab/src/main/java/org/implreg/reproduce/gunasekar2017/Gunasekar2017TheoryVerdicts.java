package org.implreg.reproduce.gunasekar2017;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Verdict;
import org.implreg.run.StopReason;

/**
 * The verdict rules of {@link Gunasekar2017Theory}: pure functions from the claims' result records (as
 * summary.json holds them) to a {@link Finding}. Each rule is stated in its javadoc and on the page.
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

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** Warm-up: GD on X from 0 is within {@link #WARM_UP_TOL} of the closed form: agrees; within 1e-6: partly. */
    static Finding warmUp(Gunasekar2017TheoryWarmUp.LsRun gd) {
        double d = gd.distanceToMinNorm();
        return Finding.claim("§3 warm-up", "GD on X from X = 0 converges to the minimum Frobenius norm solution 𝒜*((𝒜𝒜*)⁻¹y)",
            Verdict.of(d <= WARM_UP_TOL, d <= 1e-6), "GD on X: ‖X − X_minF‖_F/‖X_minF‖_F = " + g(d) + " after " + gd.iterations()
                + " steps (residual " + g(gd.residual()) + "); rule: ≤ " + WARM_UP_TOL + " agrees, ≤ 1e-6 partly")
            .by(owner("§3 warm-up"), "GD on X from 0 ends " + g(d) + " (relative) from 𝒜*((𝒜𝒜*)⁻¹y) after " + gd.iterations() + " steps");
    }

    /**
     * Introduction: cyclic coordinate descent and preconditioned GD end more than {@link #DIFFERENT} (relative)
     * from the minimum ℓ2 solution: agrees; one of them: partly; neither: disagrees. The slides' "coordinate
     * descent: ℓ1 norm" is reported beside it (‖x‖₁ over the exact minimum ℓ1 norm).
     */
    static Finding coordinateDescent(Gunasekar2017TheoryWarmUp.Vector vector) {
        Gunasekar2017TheoryWarmUp.VectorRun cd = vector.coordinateDescentCyclic();
        Gunasekar2017TheoryWarmUp.VectorRun greedy = vector.coordinateDescentGreedy();
        Gunasekar2017TheoryWarmUp.VectorRun pre = vector.preconditionedGd();
        Gunasekar2017TheoryWarmUp.VectorRun gd = vector.gd();
        boolean a = cd.distanceToMinL2() > DIFFERENT;
        boolean b = pre.distanceToMinL2() > DIFFERENT;
        return Finding.claim("§1 / slides", "GD on underdetermined least squares reaches the minimum ℓ2 solution; coordinate descent or "
                + "preconditioned GD reach a different one (slides: coordinate descent ~ ℓ1)", Verdict.of(a && b, a || b),
            "distance to min-ℓ2: GD " + g(gd.distanceToMinL2()) + ", cyclic CD " + g(cd.distanceToMinL2())
                + ", greedy CD " + g(greedy.distanceToMinL2()) + ", preconditioned GD " + g(pre.distanceToMinL2())
                + "; ‖x‖₁/min‖x‖₁: GD " + g(gd.l1Ratio()) + ", cyclic CD " + g(cd.l1Ratio()) + ", greedy CD "
                + g(greedy.l1Ratio()) + " (distance to min-ℓ1 " + g(greedy.distanceToMinL1())
                + "); rule: both CD and preconditioned GD > " + DIFFERENT + " from min-ℓ2 agrees, one partly")
            .by(owner("introduction example"), "GD ends " + g(gd.distanceToMinL2()) + " from the minimum ℓ2 solution, cyclic "
                + "coordinate descent " + g(cd.distanceToMinL2()) + " and preconditioned GD " + g(pre.distanceToMinL2())
                + " (relative)");
    }

    /**
     * m = 1: the flow's iterates lie on exp(sA)X₀exp(sA) within {@link #CURVE_TOL}, and for y &gt; 0 and y &lt; 0
     * the nuclear-norm gap at the smallest α is below {@link #LIMIT_GAP} and neither the gap nor the angle to
     * the top eigenspace grows as α decreases (the angle shrinks like α^{(1 − λ₂/λ₁)/2}, slowly when λ₂ ≈ λ₁): agrees; the curve holds and one sign: partly; else disagrees.
     */
    static Finding singleMeasurement(List<Gunasekar2017TheorySingleMeasurement.CurvePoint> positive,
                                     List<Gunasekar2017TheorySingleMeasurement.CurvePoint> negative,
                                     List<Gunasekar2017TheorySingleMeasurement.FlowRun> flow) {
        double dev = flow.stream().mapToDouble(Gunasekar2017TheorySingleMeasurement.FlowRun::maxCurveDeviation).max().orElse(Double.NaN);
        double lim = flow.stream().mapToDouble(Gunasekar2017TheorySingleMeasurement.FlowRun::limitDistance).max().orElse(Double.NaN);
        boolean curve = dev <= CURVE_TOL;
        int ok = 0;
        StringBuilder ev = new StringBuilder(String.format(Locale.ROOT, "flow iterates off the curve by ≤ %s, flow limit vs X(s*) %s; ",
            g(dev), g(lim)));
        List<String> lastGaps = new ArrayList<>();
        for (boolean pos : new boolean[] {true, false}) {
            List<Gunasekar2017TheorySingleMeasurement.CurvePoint> rows = pos ? positive : negative;
            Gunasekar2017TheorySingleMeasurement.CurvePoint first = rows.get(0);
            Gunasekar2017TheorySingleMeasurement.CurvePoint last = rows.get(rows.size() - 1);
            lastGaps.add(g(last.nuclearGap()) + " (y " + (pos ? ">" : "<") + " 0, α = " + g(last.alpha()) + ")");
            boolean mono = true;
            for (int i = 1; i < rows.size(); i++) {
                mono &= rows.get(i).nuclearGap() <= rows.get(i - 1).nuclearGap() * (1 + 1e-9) + 1e-15;
            }
            boolean angles = true;
            for (int i = 1; i < rows.size(); i++) {
                angles &= rows.get(i).angle() <= rows.get(i - 1).angle() * (1 + 1e-9) + 1e-15;
            }
            if (mono && angles && last.nuclearGap() <= LIMIT_GAP) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "y %s 0: nuclear gap %s (α = %s) → %s (α = %s), angle to the %s eigenvector %s → %s; ",
                pos ? ">" : "<", g(first.nuclearGap()), g(first.alpha()), g(last.nuclearGap()),
                g(last.alpha()), pos ? "top" : "bottom", g(first.angle()), g(last.angle())));
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
    static Finding commuting(Map<String, List<Gunasekar2017TheoryCommuting.Run>> variants) {
        int ok = 0;
        double worst = 0;
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<String, List<Gunasekar2017TheoryCommuting.Run>> e : variants.entrySet()) {
            List<Gunasekar2017TheoryCommuting.Run> rows = e.getValue();
            Gunasekar2017TheoryCommuting.Run last = rows.get(rows.size() - 1);
            worst = Math.max(worst, Math.abs(last.nuclearGap()));
            if (Math.abs(last.nuclearGap()) <= LIMIT_GAP && last.residual() <= RESIDUAL_TOL) {
                ok++;
            }
            List<String> gaps = new ArrayList<>();
            for (Gunasekar2017TheoryCommuting.Run r : rows) {
                gaps.add(g(r.nuclearGap()));
            }
            ev.append(e.getKey()).append(": gap ").append(String.join(" → ", gaps)).append(" (residual ").append(g(last.residual()))
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
    static Finding lieClosure(List<Gunasekar2017TheoryLieClosure.Row> rows) {
        boolean all = true;
        boolean most = true;
        boolean commOk = true;
        int full = 0;
        StringBuilder ev = new StringBuilder();
        for (Gunasekar2017TheoryLieClosure.Row r : rows) {
            int n2 = r.nSquared();
            int gdim = r.generic();
            all &= gdim == n2;
            full += gdim == n2 ? 1 : 0;
            most &= gdim >= n2 - 1;
            commOk &= r.commuting() == 2;
            ev.append(String.format(Locale.ROOT, "n = %d: generic %d of %d (traceless pair %d, commuting %d); ", r.n(), gdim, n2,
                r.traceless(), r.commuting()));
        }
        ev.append("rank test: a bracket joins when its residual orthogonal to the span exceeds " + Gunasekar2017Theory.LIE_TOL
            + "·‖A_i‖_F‖E‖_F; rule: generic = n² for all n agrees, ≥ n² − 1 partly");
        return Finding.claim("§4 Lie algebra", "the closure of two generic symmetric A_i under the commutator is all of ℝ^{n×n}",
            commOk ? Verdict.of(all, most) : Verdict.DISAGREES, ev.toString())
            .by(owner("§4 Lie-algebra argument"), "the commutator closure of two generic symmetric matrices is all of ℝ^{n×n} for " + full
                + " of " + rows.size() + " sizes n" + (commOk ? "" : ", but the commuting pair's is not 2-dimensional: the rank test is broken"));
    }

    /**
     * A kind of control of the ordered exponential's rule: its words in the evidence and its ratio in a row.
     *
     * @param label the evidence's words for it
     * @param ratio the row's non-commutative ratio for it
     */
    record ControlKind(String label, ToDoubleFunction<Gunasekar2017TheoryOrderedExponential.Row> ratio) {
        /** The flow's residual control, random controls with the transient at the start, and at the end. */
        static final List<ControlKind> ALL = List.of(
            new ControlKind("residual control", Gunasekar2017TheoryOrderedExponential.Row::residualRatio),
            new ControlKind("random controls, transient at the start", Gunasekar2017TheoryOrderedExponential.Row::randomStartRatioMean),
            new ControlKind("random controls, transient at the end", Gunasekar2017TheoryOrderedExponential.Row::randomEndRatioMean));
    }

    /**
     * The ordered exponential: for a kind of control (the flow's residuals; random drift-plus-transient
     * controls with the transient at the start; the same with the transient at the end, where the flow's
     * residual control has its turn) the non-commutative ratio is "asymptotically lower order" when its value
     * at the smallest α is at most half its largest value over the α range and it does not grow over the three
     * smallest α. All three kinds: agrees; some: partly; none: disagrees.
     */
    static Finding orderedExponential(List<Gunasekar2017TheoryOrderedExponential.Row> rows) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        List<ControlKind> kinds = ControlKind.ALL;
        for (ControlKind k : kinds) {
            double[] v = rows.stream().mapToDouble(k.ratio()).toArray();
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
            ev.append(k.label()).append(dec ? "" : " (not lower order)").append(": ").append(String.join(" → ", s))
                .append("; ");
        }
        double[] a = rows.stream().mapToDouble(Gunasekar2017TheoryOrderedExponential.Row::alpha).toArray();
        double[] c = rows.stream().mapToDouble(Gunasekar2017TheoryOrderedExponential.Row::commutingRatio).toArray();
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
    static Finding momentumX(Gunasekar2017TheoryWarmUp.XSpace xSpace) {
        int ok = 0;
        double worst = 0;
        StringBuilder ev = new StringBuilder();
        Map<String, Gunasekar2017TheoryWarmUp.LsRun> methods = new java.util.LinkedHashMap<>();
        methods.put("heavy_ball", xSpace.heavyBall());
        methods.put("nesterov", xSpace.nesterov());
        methods.put("conjugate_gradient", xSpace.conjugateGradient());
        for (Map.Entry<String, Gunasekar2017TheoryWarmUp.LsRun> e : methods.entrySet()) {
            double d = e.getValue().distanceToMinNorm();
            worst = Math.max(worst, d);
            if (d <= SPAN_TOL) {
                ok++;
            }
            ev.append(e.getKey()).append(' ').append(g(d)).append(" (").append(e.getValue().iterations()).append(" steps); ");
        }
        ev.append("for contrast coordinate descent on the entries of X: " + g(xSpace.coordinateDescent().distanceToMinNorm()) + "; rule: ≤ " + SPAN_TOL
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
    static Finding momentumU(List<Gunasekar2017TheoryMomentum.Run> rows, List<Gunasekar2017TheoryMomentum.EffectiveRun> effective) {
        double[] steps = rows.stream().mapToDouble(Gunasekar2017TheoryMomentum.Run::step).distinct().toArray();
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        for (double step : steps) {
            List<Gunasekar2017TheoryMomentum.Run> sel = rows.stream().filter(r -> r.step() == step).toList();
            Gunasekar2017TheoryMomentum.Run gd = sel.stream().filter(r -> r.momentum() == 0).findFirst().orElseThrow();
            double betaMax = sel.stream().mapToDouble(Gunasekar2017TheoryMomentum.Run::momentum).max().orElse(0);
            Gunasekar2017TheoryMomentum.Run hb = sel.stream().filter(r -> r.momentum() == betaMax && !r.nesterov()).findFirst().orElseThrow();
            boolean conv = gd.stop() == StopReason.CONVERGED && hb.stop() == StopReason.CONVERGED;
            double g0 = gd.nuclearGap();
            double g1 = hb.nuclearGap();
            if (conv && g1 >= SHOOT_FACTOR * g0 && g1 - g0 >= SHOOT_ABS) {
                ok++;
            }
            ev.append(String.format(Locale.ROOT, "η = %s: gap GD %s", g(step), g(g0)));
            for (Gunasekar2017TheoryMomentum.Run r : sel) {
                if (r.momentum() > 0) {
                    ev.append(String.format(Locale.ROOT, ", %s β = %s %s", r.nesterov() ? "Nesterov" : "HB", r.momentum(), g(r.nuclearGap())));
                    if (r.stop() != StopReason.CONVERGED) {
                        ev.append(" (").append(r.stop()).append(", training error ").append(g(r.trainError())).append(')');
                    }
                }
            }
            ev.append(conv ? "" : " (GD or HB at the largest β did not converge)");
            for (Gunasekar2017TheoryMomentum.EffectiveRun e : effective) {
                if (e.step() == step) {
                    ev.append(String.format(Locale.ROOT, "; plain GD at the effective step η/(1 − β) = %s: %s", g(e.effectiveStep()),
                        e.stop() == StopReason.CONVERGED ? "gap " + g(e.nuclearGap()) : String.valueOf(e.stop())));
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

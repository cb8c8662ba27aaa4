package org.implreg.reproduce.wu2021;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Verdict;

/**
 * wu2021's verdict rules: pure functions of its summary records ({@link Wu2021Summary}); every threshold is relative
 * (distances and errors in units of ‖X_min‖_F or ‖X*‖_F, gaps in units of the minimum).
 */
final class Wu2021Verdicts {
    private Wu2021Verdicts() {}

    /** A limit is at the certified minimum when ‖X − X_min‖_F/‖X_min‖_F is at most this. */
    static final double CLOSE = 0.05;
    /** A limit's nuclear norm is the minimum's when |‖X‖_* − min|/min is at most this. */
    static final double GAP_CLOSE = 0.01;
    /** X* is recovered when ‖X − X*‖_F/‖X*‖_F is at most this. */
    static final double RECOVERED = 0.05;
    /** First order in η: log₂(D(η)/D(η/2)) within this of 1. */
    static final double ORDER_SLACK = 0.25;
    /** li2021's counterexample gap: the flow's Δ at least this at the smallest α. */
    static final double FLOW_GAP = 0.05;
    /** MD reaches the minimum nuclear norm on a 3×3 instance when its Δ = (‖X‖_* − min)/min is at most this. */
    static final double SAME = Wu2021Counterexamples.SAME;

    static final Finding.Owner WU = Finding.Owner.of("Wu & Rebeschini", "Theorem (mirror descent's limit)");
    static final Finding.Owner WU_FIGURES = Finding.Owner.of("Wu & Rebeschini", "Figures 1 and 2");
    static final Finding.Owner WU_COMMUTING = Finding.Owner.of("Wu & Rebeschini", "commuting-case proposition");

    private static double last(double[] a) {
        return a[a.length - 1];
    }

    /**
     * (a) MD's limit approaches the certified minimum as α → 0: on an experiment when its distance to X_min at the smallest
     * α is ≤ {@link #CLOSE}, or at most half its distance at the largest α. Every experiment: agrees; some: partly; none:
     * disagrees.
     */
    static Finding mdApproachesMin(Map<String, Wu2021Summary.Experiment> experiments) {
        int ok = 0;
        List<String> ev = new ArrayList<>();
        for (var e : experiments.entrySet()) {
            double[] d = e.getValue().md().distanceToMin();
            double[] alphas = e.getValue().alphas();
            if (last(d) <= CLOSE || last(d) <= 0.5 * d[0]) {
                ok++;
            }
            StringBuilder per = new StringBuilder();
            for (int i = 0; i < d.length; i++) {
                per.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0e: %.3g", alphas[i], d[i]));
            }
            ev.add(e.getKey() + " (" + per + ")");
        }
        String range = experiments.values().stream().map(e -> String.format(Locale.ROOT, "%.3g", last(e.md().distanceToMin())))
            .reduce((a, b) -> a + ", " + b).orElse("");
        double smallest = experiments.values().iterator().next().alphas()[experiments.values().iterator().next().alphas().length - 1];
        return Finding.claim("(a)", "mirror descent from X₀ = α·I converges, as α → 0, to the minimum nuclear norm solution",
                Verdict.of(ok == experiments.size(), ok > 0), "‖X_md − X_min‖_F/‖X_min‖_F per α: " + String.join("; ", ev))
            .by(WU, String.format(Locale.ROOT, "on %d of %d problems MD's limit approaches the certified minimum as α falls "
                + "(relative distance at α = %.0e: %s)", ok, experiments.size(), smallest, range));
    }

    /**
     * (b) With m = 3nr both GD and MD recover X*: at the smallest α each relative error ≤ {@link #RECOVERED} on every 3nr
     * experiment. All: agrees; some method on some experiment: partly; none: disagrees.
     */
    static Finding bothRecover(Map<String, Wu2021Summary.Experiment> threeNr) {
        int ok = 0;
        int total = 0;
        List<String> ev = new ArrayList<>();
        for (var e : threeNr.entrySet()) {
            double g = last(e.getValue().gd().relError());
            double m = last(e.getValue().md().relError());
            ok += (g <= RECOVERED ? 1 : 0) + (m <= RECOVERED ? 1 : 0);
            total += 2;
            ev.add(String.format(Locale.ROOT, "%s: GD %.3g, MD %.3g, nuclear min %.3g", e.getKey(), g, m, e.getValue().min().relError()));
        }
        return Finding.claim("(b)", "with m = 3nr measurements both gradient descent and mirror descent (small α) recover X*",
                Verdict.of(ok == total, ok > 0), "‖X − X*‖_F/‖X*‖_F at the smallest α: " + String.join("; ", ev))
            .by(WU_FIGURES, String.format(Locale.ROOT, "%d of %d limits recover X* to %.0f%% (%s)", ok, total, 100 * RECOVERED,
                String.join("; ", ev)));
    }

    /**
     * (c) With m = nr, X* is not the minimum nuclear norm solution; the theorem says MD's small-α limit is the minimum, not
     * X*. On an experiment MD at the smallest α counts fully when its nuclear norm is within {@link #GAP_CLOSE} of the minimum
     * and it is nearer X_min than X* (both distances in units of ‖X*‖_F); in part when only one of the two holds. Every
     * experiment fully: agrees; some in part: partly; else disagrees. GD's numbers are reported beside.
     */
    static Finding underdetermined(Map<String, Wu2021Summary.Experiment> nr) {
        int full = 0;
        int part = 0;
        List<String> ev = new ArrayList<>();
        for (var e : nr.entrySet()) {
            var x = e.getValue();
            double mdMin = last(x.md().distanceToMin());
            double mdStar = last(x.md().relError());
            double minStar = x.min().relError();
            double mdGap = last(x.md().gapToMin());
            double mdMinInStar = mdMin * x.min().nuclearNorm() / Math.max(x.truth().nuclearNorm(), Double.MIN_NORMAL);
            boolean gap = Math.abs(mdGap) <= GAP_CLOSE;
            boolean nearer = mdMinInStar < mdStar;
            if (gap && nearer) {
                full++;
            } else if (gap || nearer) {
                part++;
            }
            ev.add(String.format(Locale.ROOT, "%s: the minimum is %.3g from X*; MD gap %+.2f%%, %.3g from X_min (%.3g at α = %.0e), %.3g "
                    + "from X*; GD gap %+.2f%% (%+.2f%% at α = %.0e), %.3g from X_min, %.3g from X*", e.getKey(), minStar, 100 * mdGap, mdMin,
                x.md().distanceToMin()[0], x.alphas()[0], mdStar, 100 * last(x.gd().gapToMin()), 100 * x.gd().gapToMin()[0], x.alphas()[0],
                last(x.gd().distanceToMin()), last(x.gd().relError())));
        }
        Verdict v = full == nr.size() ? Verdict.AGREES : full + part > 0 ? Verdict.PARTLY : Verdict.DISAGREES;
        return Finding.claim("(c)", "with m = nr measurements mirror descent converges to the minimum nuclear norm solution, "
                + "which is not X*", v, "at the smallest α (distances relative): " + String.join("; ", ev))
            .by(WU, String.format(Locale.ROOT, "on %d of %d problems with m = nr MD's limit has a nuclear norm within %.0f%% of the "
                + "certified minimum and lies nearer it than X* (%s)", full, nr.size(), 100 * GAP_CLOSE, String.join("; ", ev)));
    }

    /**
     * (d) With commuting (diagonal) A_i GD is a first-order approximation of MD: at every α the trajectory distance halves
     * with the step, order log₂(D(η/2)/D(η/4)) within {@link #ORDER_SLACK} of 1. Every α: agrees; some: partly; none:
     * disagrees.
     */
    static Finding commuting(Wu2021Summary.Commuting c) {
        int ok = 0;
        StringBuilder ev = new StringBuilder();
        for (int i = 0; i < c.alphas().length; i++) {
            if (Math.abs(c.order()[i] - 1) <= ORDER_SLACK) {
                ok++;
            }
            ev.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "α = %.0e: D(η) = %.3g, D(η/2) = %.3g, D(η/4) = %.3g, "
                + "orders %.2f, %.2f", c.alphas()[i], c.distance()[i], c.distanceHalfStep()[i], c.distanceQuarterStep()[i], c.orderCoarse()[i],
                c.order()[i]));
        }
        double lo = java.util.Arrays.stream(c.distance()).min().orElse(Double.NaN);
        double hi = java.util.Arrays.stream(c.distance()).max().orElse(Double.NaN);
        return Finding.claim("(d)", "with commuting symmetric A_i, gradient descent on X = UUᵀ from U₀ = √α·I is a first-order "
                + "approximation of mirror descent from X₀ = α·I", Verdict.of(ok == c.alphas().length, ok > 0),
                "largest ‖X_gd − X_md‖_F/‖X*‖_F over the trajectory: " + ev)
            .by(WU_COMMUTING, String.format(Locale.ROOT, "at %d of %d α's the GD–MD trajectory distance halves with the step "
                + "from η/2 to η/4 (first order in η); at the paper's step it is %.3g to %.3g of ‖X*‖_F for α from %.0e to %.0e", ok, c.alphas().length,
                lo, hi, c.alphas()[0], last(c.alphas())));
    }

    /**
     * Item 3: on li2021's certified counterexamples, where the gradient flow from li2021's Gaussian U₀ stays ≥ {@link #FLOW_GAP}
     * above the minimum at the smallest α, MD's limit at the smallest α has the minimum nuclear norm (Δ ≤ {@link #SAME}). Judged
     * is Wu &amp; Rebeschini's theorem (MD → minimum nuclear norm as α → 0). Every such counterexample: agrees; some: partly; none
     * (or no instance where the flow misses): disagrees. The grid sample's fractions are reported beside.
     */
    static Finding counterexamples(Wu2021Summary.Conjecture c) {
        int ok = 0;
        int counted = 0;
        List<String> ev = new ArrayList<>();
        for (var x : c.counterexamples()) {
            boolean flowMisses = x.certified() && last(x.flowGaussianDelta()) >= FLOW_GAP;
            if (flowMisses) {
                counted++;
                if (last(x.mdDelta()) <= SAME) {
                    ok++;
                }
            }
            ev.add(String.format(Locale.ROOT, "instance %d (mask %s, certified min %.6f%s): MD Δ %s (distance to X_min %.2e); flow from "
                    + "√α·I Δ %s; flow from li2021's Gaussian U₀ Δ %s", x.id(), x.mask(), x.minNuclearNorm(), x.certified() ? "" : ", not certified",
                percents(x.mdDelta()), last(x.mdDistanceToMin()), percents(x.flowIdentityDelta()), percents(x.flowGaussianDelta())));
        }
        var g = c.grid();
        String grid = String.format(Locale.ROOT, "grid sample at α = %.0e: of %d instances compared, %.1f%% of MD's limits and %.1f%% of "
                + "the flow's (√α·I) have Δ ≤ %.0e; the flow misses the minimum and MD reaches it on %d, the reverse on %d",
            g.alpha(), g.compared(), 100 * g.mdFractionAtMin(), 100 * g.flowFractionAtMin(), g.same(), g.flowMissesMdReaches(),
            g.mdMissesFlowReaches());
        return Finding.claim("conjecture", "where small-init gradient flow misses the minimum nuclear norm (li2021's certified "
                + "counterexamples), mirror descent's α → 0 limit reaches it", Verdict.of(counted > 0 && ok == counted, ok > 0),
                String.join("; ", ev) + "; " + grid)
            .by(WU, String.format(Locale.ROOT, "on %d of %d certified counterexamples where the flow stays ≥ %.0f%% above the minimum, "
                + "MD's limit has the minimum nuclear norm (Δ ≤ %.0e); %s", ok, counted, 100 * FLOW_GAP, SAME, grid));
    }

    private static String percents(double[] d) {
        StringBuilder sb = new StringBuilder();
        for (double v : d) {
            sb.append(sb.length() == 0 ? "" : " → ").append(String.format(Locale.ROOT, "%+.2f%%", 100 * v));
        }
        return sb.toString();
    }
}

package org.implreg.convex;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;
import org.implreg.run.StopReason;

/**
 * When {@link InteriorPointNucmin} stops, and with what: its convergence check.
 *
 * <ul>
 *   <li>Relative residuals of the scaled, reduced system ({@link InteriorPointScaling}):
 *       primal ‖ỹ − 𝒜(X)‖/(1 + ‖ỹ‖), dual ‖I − Z − 𝒜*(v)‖_F/(1 + √n), gap
 *       |tr X − ỹᵀv|/(1 + |tr X| + |ỹᵀv|). When all three are ≤ tol, the run may stop.</li>
 *   <li>It stops only when the {@link NucminCertificate} holds at tol in the caller's units, for the iterate
 *       or for its purification onto the face that X's spectrum shows ({@link Purification#refine}, the dual
 *       moved a fraction t = 1, ½, …, 1/32, 0 of the way to the refined one, kept when X stays PSD to
 *       tol·|tr X|).</li>
 *   <li>Infeasibility: with a positive dual objective ỹᵀv and primal residual above tol, v is a Farkas
 *       direction when max(0, λ_max(𝒜*(v)))/ỹᵀv ≤ ε (the options' infeasibility tolerance).</li>
 *   <li>A run that ends short of tol (stalled, or at its iteration cap) gets Newton on the KKT system of the
 *       best face seen ({@link Purification#kktNewton}), and is CONVERGED when that certificate holds.</li>
 * </ul>
 */
final class InteriorPointConvergence {
    private final MeasurementOperator op;
    private final double[] y;
    private final InteriorPointScaling red;
    private final InteriorPointNucmin.Options options;
    private final int n;
    private final long t0;
    private final double yNorm;
    /** The purified pair with the smallest certificate seen so far, where a run that ends short of tol starts Newton. */
    private Purification.Pair bestFace;
    private double bestFaceWorst = Double.POSITIVE_INFINITY;

    /** The relative residuals of one iterate, in the scaled, reduced system. */
    record Residuals(double primalObjective, double dualObjective, double primal, double dual, double gap) {
        boolean within(double tol) {
            return primal <= tol && dual <= tol && gap <= tol;
        }
    }

    InteriorPointConvergence(MeasurementOperator op, double[] y, InteriorPointScaling red,
                             InteriorPointNucmin.Options options, long t0) {
        this.op = op;
        this.y = y;
        this.red = red;
        this.options = options;
        this.n = op.n();
        this.t0 = t0;
        this.yNorm = Linalg.norm(red.yt);
    }

    /** Residuals of (X, v) from the primal residual rp (r) and the dual residual rd (n×n). */
    Residuals residuals(double[] x, double[] v, double[] rp, double[] rd) {
        double pobj = Dense.trace(x, n);
        double dobj = Linalg.dot(red.yt, v);
        double relP = Linalg.norm(rp) / (1 + yNorm);
        double relD = Linalg.norm(rd) / (1 + Math.sqrt(n));
        double relGap = Math.abs(pobj - dobj) / (1 + Math.abs(pobj) + Math.abs(dobj));
        return new Residuals(pobj, dobj, relP, relD, relGap);
    }

    /** Whether v, with 𝒜*(v) = atv, is a Farkas direction: the dual grows without bound, no PSD X exists. */
    boolean farkas(Residuals res, double[] atv) {
        if (res.dualObjective() > 0 && res.primal() > options.tol()) {
            double lmax = SymmetricEigen.eigenvalues(atv, n)[0];
            return Math.max(0, lmax) / res.dualObjective() <= options.infeasibilityTol();
        }
        return false;
    }

    /**
     * The better of the iterate and its purification (see {@link Purification}), as a
     * CONVERGED result when its certificate holds at the options' tol, else null.
     */
    NucminResult tryFinish(double[] x, double[] v, long k) {
        double tol = options.tol();
        Best b = best(x, v, false);
        return b.cert.holds(tol) ? converged(b, tol, k) : null;
    }

    /** The result of a run that stops for {@code reason}: ended short of tol, it gets KKT Newton first. */
    NucminResult finish(double[] x, double[] v, StopReason reason, String why, long k) {
        boolean ended = reason == StopReason.STALLED || reason == StopReason.MAX_ITER;
        Best b = best(x, v, ended);
        if (ended && b.cert.holds(options.tol())) {
            return converged(b, options.tol(), k);
        }
        return new NucminResult(b.x, b.v, n, b.cert, reason, why, k, InteriorPointNucmin.seconds(t0), Double.NaN);
    }

    private NucminResult converged(Best b, double tol, long k) {
        String how = b.purifiedRank < 0 ? ""
            : " (purified to rank " + b.purifiedRank + (b.newton ? ", KKT Newton" : "") + ")";
        return new NucminResult(b.x, b.v, n, b.cert, StopReason.CONVERGED, "certificate holds at tol " + tol + how,
            k, InteriorPointNucmin.seconds(t0), Double.NaN);
    }

    private record Best(double[] x, double[] v, NucminCertificate cert, int purifiedRank, boolean newton) {
    }

    private double[] originalX(double[] x) {
        double[] xo = x.clone();
        for (int i = 0; i < xo.length; i++) {
            xo[i] *= red.scale;
        }
        return xo;
    }

    private Best best(double[] x, double[] v, boolean newton) {
        double[] xo = originalX(x);
        double[] vo = red.original(v);
        NucminCertificate c = NucminCertificate.of(op, y, xo, vo);
        Best best = new Best(xo, vo, c, -1, false);
        Purification.Pair p = Purification.refine(op, y, xo, vo);
        if (p != null) {
            // the purified X with the dual moved part of the way (t = 1, ½, ¼, …, 0) from v to the
            // refined v': a full step can leave the dual cone when the slack is nearly degenerate
            double[] vt = new double[vo.length];
            double faceWorst = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= 6; i++) {
                double t = i == 6 ? 0 : Math.pow(0.5, i);
                for (int j = 0; j < vt.length; j++) {
                    vt[j] = vo[j] + t * (p.v()[j] - vo[j]);
                }
                NucminCertificate cp = NucminCertificate.of(op, y, p.x(), vt);
                faceWorst = Math.min(faceWorst, cp.worst());
                if (cp.worst() < best.cert.worst() && cp.minEigenvalueX() >= -options.tol() * Math.abs(cp.primalObjective())) {
                    best = new Best(p.x(), vt.clone(), cp, p.rank(), false);
                }
            }
            if (faceWorst < bestFaceWorst) {
                bestFace = p;
                bestFaceWorst = faceWorst;
            }
        }
        if (newton && bestFace != null && !best.cert.holds(options.tol())) {
            // the run ended short of tol, e.g. on a degenerate problem where complementarity stays above it:
            // Newton on the KKT system of the best face seen (only then: it costs SVDs of order nk + m)
            Purification.Pair kkt = Purification.kktNewton(op, y, bestFace);
            if (kkt != null) {
                NucminCertificate ck = NucminCertificate.of(op, y, kkt.x(), kkt.v());
                if (ck.worst() < best.cert.worst()) {
                    best = new Best(kkt.x(), kkt.v(), ck, kkt.rank(), true);
                }
            }
        }
        return best;
    }
}

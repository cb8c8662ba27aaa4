package org.implreg.flow;

import java.util.Optional;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.StopReason;

/**
 * The stiff phase of {@link GradientFlow}: the two-stage Rosenbrock W-method ROS2 of Verwer, Spee,
 * Blom and Hundsdorfer (SIAM J. Sci. Comput. 20, 1999) for U̇ = F(U) = −∇f(U):
 * <pre>
 *   (I − γhJ) k₁ = F(U_n)
 *   (I − γhJ) k₂ = F(U_n + h k₁) − 2k₁
 *   U_{n+1} = U_n + (3/2) h k₁ + (1/2) h k₂,          γ = 1 + 1/√2,
 * </pre>
 * second order for <em>any</em> matrix J (a W-method) and L-stable, with the embedded first-order
 * solution U_n + h k₁ as error estimate. J is the Gauss–Newton part of −∇²f(U): with
 * B: V ↦ (⟨A_i U, V⟩)_i, ∇²f(U)[V] = 4𝒜*(r)V + 8BᵀBV and the first term vanishes as r → 0, so
 * J = −8BᵀB. Then I − γhJ = I + cBᵀB (c = 8γh) is solved by Woodbury,
 * <pre>
 *   (I + cBᵀB)⁻¹ b = b − Bᵀ (I/c + G)⁻¹ B b,     G = BBᵀ = Q Λ Qᵀ (m×m),
 * </pre>
 * with one eigendecomposition of G per Jacobian, after which any h costs two m×m products: the step
 * size changes freely. The Jacobian is rebuilt when U has moved by more than
 * {@value #JACOBIAN_REFRESH} relative to where it was built, or after a rejected step. Error control is
 * normwise: ‖h(k₁ + k₂)/2‖_F ≤ atol + rtol·‖U‖_F (atol = rtol·‖U₀‖_F), a test on relative sizes only; the
 * first step, where none is handed over, is 10⁻²·‖U‖_F/‖∇f(U)‖_F (1/ρ where ∇f = 0), and the step
 * underflows below {@link #UNDERFLOW}·max(t, 1/ρ): every rule is free of the problem's units (see
 * {@link GradientFlow}, "Scale").
 */
final class GaussNewtonRosenbrock {
    static final double GAMMA = 1.0 + 1.0 / Math.sqrt(2.0);
    /** Relative drift of U after which the Jacobian is rebuilt. */
    static final double JACOBIAN_REFRESH = 0.01;
    private static final double SAFETY = 0.9;
    private static final double MAX_GROWTH = 5.0;
    private static final double MAX_SHRINK = 0.2;
    /**
     * A rejected step shorter than this times max(t, 1/ρ) (1/ρ the flow's unit of time, see
     * {@link GradientFlow}) has underflowed: t + h no longer moves t, or h is negligible on the problem's
     * own time scale. Both terms scale with the problem's time, so the rule is scale-free.
     */
    static final double UNDERFLOW = 1e-14;

    private final FactorizedObjective f;
    private final GradientFlow.Options options;
    private final GradientFlow.Tracker tracker;
    private final double atol;
    private final int m;
    private final int nd;
    private final GaussNewtonSystem system;

    GaussNewtonRosenbrock(FactorizedObjective f, GradientFlow.Options options, GradientFlow.Tracker tracker, double atol,
                          GaussNewtonSystem system) {
        this.f = f;
        this.options = options;
        this.tracker = tracker;
        this.atol = atol;
        this.m = f.m();
        this.nd = f.n() * f.d();
        this.system = system;
    }

    /** out = (I − γhJ)⁻¹ rhs. */
    private void solve(double h, double[] rhs, double[] out) {
        system.solve(GAMMA * h, rhs, out);
    }

    /** F(U) = −∇f(U) into {@code out}; returns f(U) ({@link GaussNewtonSystem#derivative}). */
    private double derivative(double[] u, double[] r, double[] out) {
        return system.derivative(u, r, out);
    }

    /**
     * Whether one ROS2 step of size h from U would pass the error test (builds the Jacobian at U; costs
     * two evaluations and two solves). Used to decide when the stiff phase pays.
     */
    boolean accepts(double[] u, double h) {
        if (!system.builtAt(u)) {
            system.build(u);
        }
        double[] r = new double[m];
        double[] f0 = new double[nd];
        double[] k1 = new double[nd];
        double[] k2 = new double[nd];
        double[] u1 = new double[nd];
        derivative(u, r, f0);
        solve(h, f0, k1);
        for (int i = 0; i < nd; i++) {
            u1[i] = u[i] + h * k1[i];
        }
        if (!Double.isFinite(derivative(u1, r, f0))) {
            return false;
        }
        for (int i = 0; i < nd; i++) {
            f0[i] -= 2.0 * k1[i];
        }
        solve(h, f0, k2);
        double errSq = 0;
        double unSq = 0;
        for (int i = 0; i < nd; i++) {
            double e = 0.5 * h * (k1[i] + k2[i]);
            double un = u[i] + 1.5 * h * k1[i] + 0.5 * h * k2[i];
            errSq += e * e;
            unSq += un * un;
        }
        double err = Math.sqrt(errSq) / (atol + options.rtol() * Math.max(Linalg.norm(u), Math.sqrt(unSq)));
        return err <= 1.0;
    }

    /** Integrates from the phase's state until a stopping rule holds. */
    GradientFlow.Phase integrate(GradientFlow.Phase from) {
        double t = from.time();
        double[] u = from.u().clone();
        double[] r = new double[m];
        double[] f0 = new double[nd];
        double[] f1 = new double[nd];
        double[] k1 = new double[nd];
        double[] k2 = new double[nd];
        double[] u1 = new double[nd];
        double[] un = new double[nd];
        double loss = derivative(u, r, f0);
        double h = from.step();
        if (!(h > 0)) {
            double fn = Linalg.norm(f0);
            h = fn > 0 ? 1e-2 * Linalg.norm(u) / fn : tracker.timeUnit;
        }
        double lastH = from.step();
        boolean rejectedLast = false;
        boolean observe = false; // the starting state was observed by the caller
        while (true) {
            Optional<ConvergenceChecker.Stop> stop = observe ? tracker.observe(t, u, loss, Linalg.norm(f0), lastH)
                : Optional.empty();
            if (stop.isPresent()) {
                return new GradientFlow.Phase(t, u, lastH, stop.get());
            }
            if (!system.near(u, JACOBIAN_REFRESH)) {
                system.build(u);
            }
            h = Math.min(h, options.maxTime() - t);
            solve(h, f0, k1);
            for (int i = 0; i < nd; i++) {
                u1[i] = u[i] + h * k1[i];
            }
            double loss1 = derivative(u1, r, f1);
            double err;
            if (Double.isFinite(loss1)) {
                for (int i = 0; i < nd; i++) {
                    f1[i] -= 2.0 * k1[i];
                }
                solve(h, f1, k2);
                double errSq = 0;
                for (int i = 0; i < nd; i++) {
                    un[i] = u[i] + 1.5 * h * k1[i] + 0.5 * h * k2[i];
                    double e = 0.5 * h * (k1[i] + k2[i]);
                    errSq += e * e;
                }
                err = Math.sqrt(errSq) / (atol + options.rtol() * Math.max(Linalg.norm(u), Linalg.norm(un)));
            } else {
                err = Double.NaN;
            }
            if (err <= 1.0) {
                double[] tmp = u;
                u = un;
                un = tmp;
                t += h;
                lastH = h;
                tracker.accepted++;
                loss = derivative(u, r, f0);
                double grow = SAFETY / Math.sqrt(Math.max(err, 1e-12));
                h *= Math.min(rejectedLast ? 1.0 : MAX_GROWTH, Math.max(MAX_SHRINK, grow));
                rejectedLast = false;
                observe = true;
            } else {
                tracker.rejected++;
                double shrink = Double.isNaN(err) ? 0.25 : SAFETY / Math.sqrt(err);
                h *= Math.max(MAX_SHRINK, Math.min(shrink, 0.9));
                rejectedLast = true;
                observe = false;
                if (!system.builtAt(u)) {
                    system.build(u);
                }
                if (h < UNDERFLOW * Math.max(tracker.timeUnit, Math.abs(t))) {
                    return new GradientFlow.Phase(t, u, h,
                        new ConvergenceChecker.Stop(StopReason.NON_FINITE, "step size underflow at t = " + t));
                }
            }
        }
    }
}

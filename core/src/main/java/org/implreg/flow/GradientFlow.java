package org.implreg.flow;

import java.util.Locale;
import java.util.Optional;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * The gradient flow U̇ = −∇f(U) = −4𝒜*(r)U, r = 𝒜(U Uᵀ) − y, of Gunasekar et al. (2017), eq. (3),
 * integrated with error control from U(0) = U₀ (n×d). X = U Uᵀ then follows eq. (4) (times 4).
 *
 * <p>From a tiny U₀ the flow first grows along the top eigenvectors of 𝒜*(y), passes saddles and fits
 * the data within a flow time of order log(1/‖U₀‖); this transient is integrated by Dormand–Prince
 * 8(5,3) (Hipparchus), whose steps adapt to the solution's smoothness. What follows is a long, stiff
 * tail: the directions that fit the data converge at rates up to L = λ_max(∇²f), while the surplus
 * directions (d larger than the rank of the limit) settle only like 1/t. An explicit method must keep
 * h·L below its stability bound however slowly the solution moves, so it needs O(T·L) steps to reach
 * time T, which is what makes small-step gradient descent hopeless there (T ≈ 10⁶ is typical). A change
 * of time variable (e.g. t = e^τ) does not lift that bound. The integrator therefore switches, once the
 * Dormand–Prince steps are limited by stability (h·L ≥ {@value #STIFFNESS_SWITCH}, L estimated by power
 * iteration every {@value #STIFFNESS_CHECK_EVERY} steps), to {@link GaussNewtonBdf}: variable-order
 * (1–5) NDF/BDF with simplified Newton on the Gauss–Newton Jacobian −8BᵀB, whose steps grow in
 * proportion to t in the tail, by a factor (rtol)^{-1/6} per step where a second-order method's grow by
 * (rtol)^{-1/3} (issue 30: at rtol 10⁻⁸ this cut the evaluations of the atlas's flows 3–4×). The integrator
 * {@code dp853_ros2} keeps the earlier stiff phase, {@link GaussNewtonRosenbrock} (the L-stable Rosenbrock
 * W-method ROS2 on the same Jacobian, taking over only once a trial step as long passes its error test).
 *
 * <p>Stops (checked after every accepted step) when the relative training error ‖r‖/‖y‖ ≤ tol, or
 * the relative gradient ‖∇f(U)‖_F/(4ρ‖U‖_F) ≤ gradientTol, or the flow is stationary:
 * t·‖∇f(U)‖_F/‖U‖_F ≤ stationaryTol (the relative change the current speed would make over the time
 * elapsed so far); DIVERGED when the loss exceeds {@link IterativeDriver#divergenceLimit}(10⁸, f(U₀),
 * ‖y‖²); NON_FINITE when the loss or ‖∇f‖_F is not finite (the protocol of
 * {@link IterativeDriver#observe}); MAX_ITER at maxTime or maxEvaluations.
 *
 * <p><b>Scale.</b> ρ = ‖𝒜*(r₀)‖₂, r₀ = 𝒜(U₀U₀ᵀ) − y, is the flow's rate at the start (U̇(0) = −4𝒜*(r₀)U₀;
 * ≈ ‖𝒜*(y)‖₂ from a small U₀), estimated by {@value #RATE_POWER_ITERATIONS} power iterations from a fixed
 * start (see {@link #rate}); 1/ρ is the flow's unit of time. Every stopping rule is free of the
 * problem's units: the problem (a𝒜, b·y) (a, b &gt; 0) from U₀ has the flow U(t) = √(b/a)·V(ab·t), V the
 * flow of (𝒜, y) from √(a/b)·U₀, and along these corresponding points the training error, the relative
 * gradient, t·‖∇f‖/‖U‖ (∇f scales by b√(ab), ‖U‖ by √(b/a), t by 1/(ab)), the loss ratio of the
 * divergence rule, the integrators' error tests (absolute tolerances rtol·‖U₀‖) and the stiffness test
 * h·L are all the same. Only an explicit {@code maxTime} is absolute (the caller's final time); the
 * default has none: the flow then stops by its other rules, or at the horizon
 * {@value #HORIZON}/ρ.
 */
public final class GradientFlow {

    /** Which integrator integrates the flow. */
    public enum Integrator {
        /** Dormand–Prince 8(5,3) for the transient, variable-order NDF ({@link GaussNewtonBdf}) from when the flow turns stiff. */
        AUTO,
        /** Dormand–Prince 8(5,3) throughout (explicit: slow in stiff tails). */
        DP853,
        /** The Rosenbrock W-method ROS2 throughout (second order: slow in the transient and the tail). */
        ROS2,
        /** Variable-order NDF throughout (implicit from a tiny U₀: slow in the transient). */
        BDF,
        /** Dormand–Prince 8(5,3), then ROS2 from when the flow turns stiff (the stiff phase before NDF). */
        DP853_ROS2;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses "auto", "dp853", "ros2", "bdf" or "dp853_ros2". */
        public static Integrator parse(String s) {
            for (Integrator i : values()) {
                if (i.key().equals(s)) {
                    return i;
                }
            }
            throw new InvalidInputException("unknown integrator '" + s + "' (expected auto, dp853, ros2, bdf or dp853_ros2)");
        }
    }

    /**
     * Options of {@link GradientFlow}.
     *
     * @param integrator     which integrator
     * @param rtol           relative local error tolerance of the integrator (0 &lt; rtol &lt; 1); the
     *                       absolute tolerance is rtol·‖U₀‖_F (normwise for ROS2, per entry divided by
     *                       √(nd) for Dormand–Prince)
     * @param tol            stop when ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol (≥ 0)
     * @param gradientTol    stop when ‖∇f(U)‖_F ≤ gradientTol·4ρ·‖U‖_F (≥ 0; 0 stops only where ∇f = 0),
     *                       ρ = ‖𝒜*(r₀)‖₂ the flow's initial rate (class comment; ‖∇f(U)‖_F ≤ 4‖𝒜*(r)‖₂‖U‖_F)
     * @param stationaryTol  stop when t·‖∇f(U)‖_F/‖U‖_F ≤ stationaryTol (≥ 0; 0 disables)
     * @param maxTime        final time (&gt; 0), in the flow's own time; +∞ (the default): none, the flow
     *                       stops by its other rules or at {@link GradientFlow#HORIZON}/ρ
     * @param maxEvaluations cap on evaluations of ∇f (≥ 1)
     */
    public record Options(Integrator integrator, double rtol, double tol, double gradientTol, double stationaryTol,
                          double maxTime, long maxEvaluations) {
        /** Default relative tolerance of the integrator. */
        public static final double DEFAULT_RTOL = 1e-8;
        /** Default training-error tolerance, as for gradient descent. */
        public static final double DEFAULT_TOL = 1e-5;
        /** Default stationarity tolerance. */
        public static final double DEFAULT_STATIONARY_TOL = 1e-12;
        /** Smallest relative tolerance: below it the integrators' steps underflow (round-off dominates the error estimate). */
        public static final double MIN_RTOL = 1e-14;
        /** Default final time: none (the flow ends at {@link GradientFlow#HORIZON}/ρ at the latest). */
        public static final double DEFAULT_MAX_TIME = Double.POSITIVE_INFINITY;
        /** Default evaluation cap. */
        public static final long DEFAULT_MAX_EVALUATIONS = 10_000_000L;

        public Options {
            InvalidInputException.require(integrator != null, "integrator is required");
            InvalidInputException.require(rtol >= MIN_RTOL && rtol < 1, "rtol must be in [" + MIN_RTOL + ", 1), got " + rtol
                + (rtol > 0 && rtol < MIN_RTOL ? " (double precision cannot control the local error below " + MIN_RTOL + ")" : ""));
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(gradientTol >= 0 && !Double.isNaN(gradientTol),
                "gradient tol must be ≥ 0, got " + gradientTol);
            InvalidInputException.require(stationaryTol >= 0 && !Double.isNaN(stationaryTol),
                "stationary tol must be ≥ 0, got " + stationaryTol);
            InvalidInputException.require(maxTime > 0 && !Double.isNaN(maxTime), "max time must be > 0, got " + maxTime);
            InvalidInputException.require(maxEvaluations >= 1, "max evaluations must be ≥ 1, got " + maxEvaluations);
        }

        /** AUTO integrator and the default tolerances. */
        public static Options defaults() {
            return new Options(Integrator.AUTO, DEFAULT_RTOL, DEFAULT_TOL, 0.0, DEFAULT_STATIONARY_TOL, DEFAULT_MAX_TIME,
                DEFAULT_MAX_EVALUATIONS);
        }

        public Options withIntegrator(Integrator i) {
            return new Options(i, rtol, tol, gradientTol, stationaryTol, maxTime, maxEvaluations);
        }

        public Options withRtol(double r) {
            return new Options(integrator, r, tol, gradientTol, stationaryTol, maxTime, maxEvaluations);
        }

        public Options withTol(double t) {
            return new Options(integrator, rtol, t, gradientTol, stationaryTol, maxTime, maxEvaluations);
        }

        public Options withGradientTol(double g) {
            return new Options(integrator, rtol, tol, g, stationaryTol, maxTime, maxEvaluations);
        }

        public Options withStationaryTol(double s) {
            return new Options(integrator, rtol, tol, gradientTol, s, maxTime, maxEvaluations);
        }

        public Options withMaxTime(double t) {
            return new Options(integrator, rtol, tol, gradientTol, stationaryTol, t, maxEvaluations);
        }

        public Options withMaxEvaluations(long k) {
            return new Options(integrator, rtol, tol, gradientTol, stationaryTol, maxTime, k);
        }
    }

    /**
     * The final time of a flow with no {@code maxTime}, in units of 1/ρ (class comment): flow times of
     * converging runs, even of their stiff tails, are many orders below (from ‖U₀‖ = 10⁻³⁰ the escape
     * alone takes ≈ 17/ρ).
     */
    public static final double HORIZON = 1e12;
    /** Power iterations of the rate estimate ρ = ‖𝒜*(r₀)‖₂ ({@link #rate}). */
    public static final int RATE_POWER_ITERATIONS = 30;

    /** Dormand–Prince hands over to the stiff phase (NDF, or ROS2 under dp853_ros2) when its step h satisfies h·L above this. */
    public static final double STIFFNESS_SWITCH = 2.5;
    /**
     * Accepted Dormand–Prince steps between stiffness probes (a probe costs {@value #STIFFNESS_POWER_ITERATIONS}
     * applications of BᵀB, under 4 % of as many Dormand–Prince steps); before ROS2 the interval doubles
     * after each failed probe, up to {@link #MAX_PROBE_INTERVAL}.
     */
    static final int STIFFNESS_CHECK_EVERY = 16;
    /** Largest interval between stiffness probes before ROS2, in accepted steps. */
    static final int MAX_PROBE_INTERVAL = 1024;
    /**
     * ROS2 takes over only if a step this many times the Dormand–Prince step passes its error test (a ROS2
     * step costs 2 evaluations and 2 solves, a Dormand–Prince step 12 evaluations). NDF takes over on the
     * stiffness test alone: its order and step adapt from backward Euler at the Dormand–Prince step.
     */
    static final double HANDOVER_STEP_RATIO = 1.0;
    /** Power iterations per stiffness probe (warm-started). */
    static final int STIFFNESS_POWER_ITERATIONS = 6;
    /** Above this many measurements the stiff phase (an m×m Jacobian) is not used. */
    public static final int MAX_STIFF_MEASUREMENTS = 6000;

    private final Options options;
    /** ρ of the run (class comment); NaN until {@link #optimize} has resolved it. */
    private final double rate;

    public GradientFlow(Options options) {
        this(options, Double.NaN);
    }

    private GradientFlow(Options options, double rate) {
        this.options = options;
        this.rate = rate;
    }

    /**
     * ρ = ‖𝒜*(r)‖₂ for a residual r (the spectral norm of the symmetric n×n matrix 𝒜*(r)): the rate
     * U̇ = −4𝒜*(r)U of the flow where its residual is r. Estimated by {@value #RATE_POWER_ITERATIONS}
     * power iterations from a fixed generic start (a lower bound, close to ‖𝒜*(r)‖₂; for (a𝒜, b·r) it is
     * ab times that of (𝒜, r), up to rounding): it sets the scale of the stopping rules, not a result.
     */
    public static double rate(org.implreg.problem.MeasurementOperator op, double[] r) {
        int n = op.n();
        double[] s = new double[n * n];
        op.adjoint(r, s);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1.0 + 0.5 * Math.sin(1.0 + 7.0 * i);
        }
        double[] w = new double[n];
        double estimate = 0;
        for (int it = 0; it < RATE_POWER_ITERATIONS; it++) {
            double nv = Linalg.norm(v);
            if (nv == 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                v[i] /= nv;
            }
            Linalg.BLAS.dgemv("N", n, n, 1.0, s, n, v, 1, 0.0, w, 1);
            estimate = Linalg.norm(w);
            double[] t = v;
            v = w;
            w = t;
        }
        return estimate;
    }

    public Options options() {
        return options;
    }

    /** Integrates from U₀ without a listener. */
    public FlowResult optimize(FactorizedObjective f, double[] u0) {
        return optimize(f, u0, IterationListener.NONE);
    }

    /**
     * Integrates the flow from U₀.
     *
     * @param f        the objective (its scratch space is used)
     * @param u0       U(0), n×d column-major, not all zero; not modified
     * @param listener called after every accepted step with the flow time in {@link IterationState#time()}
     */
    public FlowResult optimize(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        InvalidInputException.require(u0.length == n * d,
            "initial U must be " + n + "×" + d + " (" + n * d + " entries), got " + u0.length);
        InvalidInputException.require(Linalg.allFinite(u0), "initial U has non-finite entries");
        InvalidInputException.require(Linalg.norm(u0) > 0, "initial U must not be zero (the flow from U = 0 stays at 0)");
        double[] r0 = new double[f.m()];
        f.residual(u0, r0);
        double rho = rate(f.operator(), r0);
        double end = options.maxTime();
        if (Double.isInfinite(end)) {
            end = rho > 0 ? HORIZON / rho : HORIZON;
            end = Double.isFinite(end) ? end : Double.MAX_VALUE;
        }
        double maxTime = end;
        return RunLifecycle.observe(listener, RunLifecycle.Start.UNCAPPED, () -> new GradientFlow(options.withMaxTime(maxTime), rho)
            .integrate(f, u0, listener), fr -> new ConvergenceChecker.Stop(fr.result().stopReason(), fr.result().criterion()));
    }

    private FlowResult integrate(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        double u0Norm = Linalg.norm(u0);
        boolean stiffAllowed = f.m() <= MAX_STIFF_MEASUREMENTS;
        Integrator integrator = options.integrator();
        InvalidInputException.require((integrator != Integrator.ROS2 && integrator != Integrator.BDF) || stiffAllowed,
            "integrator " + integrator.key() + " forms an m×m Jacobian: m = " + f.m() + " exceeds " + MAX_STIFF_MEASUREMENTS
                + " (use dp853)");
        double atol = options.rtol() * u0Norm;
        long start = System.nanoTime();
        Tracker tracker = new Tracker(f, listener, u0);
        Phase state = new Phase(0.0, u0.clone(), Double.NaN, null);
        String used;
        double switchTime = Double.NaN;
        double[] r0 = new double[f.m()];
        double[] g0 = new double[n * d];
        double loss0 = f.residual(u0, r0);
        f.gradient(u0, r0, g0);
        tracker.evaluations++;
        Optional<ConvergenceChecker.Stop> stop0 = tracker.observe(0.0, u0, loss0, Linalg.norm(g0), Double.NaN);
        if (stop0.isPresent()) {
            used = "none";
            state = new Phase(0.0, u0.clone(), Double.NaN, stop0.get());
        } else if (integrator == Integrator.ROS2) {
            used = "ros2";
            state = new GaussNewtonRosenbrock(f, options, tracker, atol, new GaussNewtonSystem(f, tracker)).integrate(state);
        } else if (integrator == Integrator.BDF) {
            used = "bdf";
            state = new GaussNewtonBdf(f, options, tracker, atol, new GaussNewtonSystem(f, tracker)).integrate(state);
        } else {
            boolean switching = integrator != Integrator.DP853 && stiffAllowed;
            GaussNewtonSystem system = switching ? new GaussNewtonSystem(f, tracker) : null;
            GaussNewtonRosenbrock probe = switching ? new GaussNewtonRosenbrock(f, options, tracker, atol, system) : null;
            state = dormandPrince(f, tracker, state, probe, firstStep(u0Norm, Linalg.norm(g0), tracker));
            used = "dp853";
            if (state.stop() == null) {
                switchTime = state.time();
                if (integrator == Integrator.DP853_ROS2) {
                    used = "dp853+ros2";
                    state = probe.integrate(state);
                } else {
                    used = "dp853+bdf";
                    state = new GaussNewtonBdf(f, options, tracker, atol, system).integrate(state);
                }
            }
        }
        double[] u = state.u();
        double[] r = new double[f.m()];
        double loss = f.residual(u, r);
        double[] g = new double[n * d];
        f.gradient(u, r, g);
        double[] x = new double[n * n];
        if (Linalg.allFinite(u)) {
            Linalg.gram(u, n, d, x);
        } else {
            java.util.Arrays.fill(x, Double.NaN);
        }
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        double seconds = (System.nanoTime() - start) / 1e9;
        OptimizationResult res = new OptimizationResult(x, u, n, d, state.stop().reason(), state.stop().criterion(),
            tracker.accepted, tracker.evaluations, seconds, loss, Math.sqrt(loss) / scale, Linalg.norm(g));
        return new FlowResult(res, state.time(), tracker.rejected, tracker.jacobianBuilds, tracker.linearSolves,
            switchTime, used, options.maxTime(), rate);
    }

    /** The slope returned for a non-finite trial stage: large enough that any step through it is rejected. */
    static final double REJECT_SLOPE = 1e100;

    /** Where a phase ended: time, U, the last step size, and the stop (null: hand over to the next phase). */
    record Phase(double time, double[] u, double step, ConvergenceChecker.Stop stop) {}

    /** Thrown from the step handler to end the Dormand–Prince phase; carries no stack trace. */
    private static final class Halt extends RuntimeException {
        final transient Phase phase;

        Halt(Phase phase) {
            super(null, null, false, false);
            this.phase = phase;
        }
    }

    private Phase dormandPrince(FactorizedObjective f, Tracker tracker, Phase from, GaussNewtonRosenbrock stiff, double firstStep) {
        int nd = f.n() * f.d();
        double atol = options.rtol() * Linalg.norm(from.u()) / Math.sqrt(nd);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(0.0, options.maxTime(), atol, options.rtol());
        integrator.setInitialStepSize(firstStep);
        double[] r = new double[f.m()];
        double[] g = new double[nd];
        // the last derivative evaluation: its point and residual, reused when a step ends there (FSAL)
        double[] lastPoint = new double[nd];
        double[] lastResidual = new double[f.m()];
        double[] lastLoss = {Double.NaN};
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return nd;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                tracker.evaluations++;
                double loss = f.residual(y, r);
                double[] out = new double[nd];
                if (!Double.isFinite(loss)) {
                    // A trial stage of a too-long step overflowed (the flow itself decreases the loss and cannot
                    // blow up). A huge finite slope makes the error estimate enormous, so the integrator rejects
                    // the step and shrinks it, instead of the run ending NON_FINITE; a real blow-up still ends
                    // when the step size underflows ("integrator failed").
                    java.util.Arrays.fill(out, REJECT_SLOPE);
                    return out;
                }
                f.gradient(y, r, g);
                for (int i = 0; i < nd; i++) {
                    out[i] = -g[i];
                }
                System.arraycopy(y, 0, lastPoint, 0, nd);
                System.arraycopy(r, 0, lastResidual, 0, r.length);
                lastLoss[0] = loss;
                return out;
            }
        };
        StiffnessProbe probe = stiff != null ? new StiffnessProbe(f, tracker) : null;
        double[][] accepted = {from.u()};
        double[] acceptedTime = {from.time()};
        long[] nextProbe = {STIFFNESS_CHECK_EVERY, STIFFNESS_CHECK_EVERY};
        boolean toNdf = options.integrator() == Integrator.AUTO;
        integrator.addStepHandler((ODEStateInterpolator interp) -> {
            ODEStateAndDerivative cur = interp.getCurrentState();
            double t = cur.getTime();
            double h = t - interp.getPreviousState().getTime();
            double[] u = cur.getPrimaryState();
            double[] rr;
            double loss;
            if (java.util.Arrays.equals(u, lastPoint)) {
                rr = lastResidual;
                loss = lastLoss[0];
            } else {
                tracker.evaluations++; // a residual alone, counted as a full evaluation
                rr = new double[f.m()];
                loss = f.residual(u, rr);
            }
            double gradNorm = Linalg.norm(cur.getPrimaryDerivative());
            accepted[0] = u;
            acceptedTime[0] = t;
            tracker.accepted++;
            Optional<ConvergenceChecker.Stop> stop = tracker.observe(t, u, loss, gradNorm, h);
            if (stop.isPresent()) {
                throw new Halt(new Phase(t, u.clone(), h, stop.get()));
            }
            if (probe != null && tracker.accepted >= nextProbe[0]) {
                // hand over when the steps are held down by stability (and, before ROS2, a ROS2 step as long passes)
                if (h * probe.estimate(u) >= STIFFNESS_SWITCH && (toNdf || stiff.accepts(u, HANDOVER_STEP_RATIO * h))) {
                    throw new Halt(new Phase(t, u.clone(), HANDOVER_STEP_RATIO * h, null));
                }
                nextProbe[1] = toNdf ? STIFFNESS_CHECK_EVERY : Math.min(2 * nextProbe[1], MAX_PROBE_INTERVAL);
                nextProbe[0] = tracker.accepted + nextProbe[1];
            }
        });
        try {
            ODEStateAndDerivative end = integrator.integrate(ode, new ODEState(from.time(), from.u()), options.maxTime());
            return new Phase(end.getTime(), end.getPrimaryState().clone(), Double.NaN,
                new ConvergenceChecker.Stop(StopReason.MAX_ITER, "flow_time >= " + options.maxTime()));
        } catch (Halt h) {
            return h.phase;
        } catch (MathRuntimeException e) {
            // e.g. the step size underflowed: report the last accepted state and its time, not a crash; the
            // state is finite unless the flow itself blew up
            double[] u = accepted[0].clone();
            return new Phase(acceptedTime[0], u, Double.NaN, new ConvergenceChecker.Stop(
                Linalg.allFinite(u) ? StopReason.STALLED : StopReason.NON_FINITE,
                "integrator failed at t = " + acceptedTime[0] + ": " + e.getMessage()));
        }
    }

    /**
     * Dormand–Prince's first step: {@value #FIRST_STEP}·‖U‖_F/‖∇f(U)‖_F (the time in which U would move by
     * that fraction of itself; 1/ρ where ∇f = 0), the first guess of Hairer, Nørsett &amp; Wanner (II.4). It
     * replaces Hipparchus's own choice, whose refinement (0.01/‖f′‖)^{1/8} is not in units of time and so
     * would start (a𝒜, b·y) at another point of its trajectory than (𝒜, y). The error control adjusts it.
     */
    private double firstStep(double uNorm, double gradNorm, Tracker tracker) {
        double h = gradNorm > 0 ? FIRST_STEP * uNorm / gradNorm : tracker.timeUnit;
        return Math.min(h, options.maxTime());
    }

    /** See {@link #firstStep}. */
    static final double FIRST_STEP = 0.01;

    /** L = 8·λ_max(BᵀB), the Gauss–Newton estimate of λ_max(∇²f), by warm-started power iteration. */
    private static final class StiffnessProbe {
        private final FactorizedObjective f;
        private final Tracker tracker;
        private final double[] v;
        private final double[] w;
        private final double[] bv;
        private final double[] work;

        StiffnessProbe(FactorizedObjective f, Tracker tracker) {
            this.f = f;
            this.tracker = tracker;
            int nd = f.n() * f.d();
            this.v = new double[nd];
            for (int i = 0; i < nd; i++) {
                v[i] = 1.0 + 0.5 * Math.sin(1.0 + 7.0 * i);
            }
            this.w = new double[nd];
            this.bv = new double[f.m()];
            this.work = new double[f.operator().workspaceSize(f.d())];
        }

        double estimate(double[] u) {
            double lambda = 0;
            for (int it = 0; it < STIFFNESS_POWER_ITERATIONS; it++) {
                double nv = Linalg.norm(v);
                for (int i = 0; i < v.length; i++) {
                    v[i] /= nv;
                }
                GaussNewtonSystem.applyB(f, u, v, bv, work);
                f.operator().adjointTimes(bv, u, f.d(), w, work);
                tracker.linearSolves++;
                lambda = Linalg.dot(v, w);
                System.arraycopy(w, 0, v, 0, v.length);
                if (Linalg.norm(v) == 0) {
                    return 0;
                }
            }
            return 8.0 * lambda;
        }
    }

    /** Counters, the listener and the stopping rules shared by the phases. */
    final class Tracker {
        final FactorizedObjective f;
        final IterationListener listener;
        final double scale;
        final ConvergenceChecker checker;
        /** 1/ρ, the flow's unit of time (class comment); 1 where ρ = 0. */
        final double timeUnit;
        long evaluations;
        long accepted;
        long rejected;
        long jacobianBuilds;
        long linearSolves;
        private double stationarity = Double.NaN;
        private double uNorm = Double.NaN;
        private double time;

        Tracker(FactorizedObjective f, IterationListener listener, double[] u0) {
            this.f = f;
            this.listener = listener;
            this.scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
            this.timeUnit = rate > 0 && Double.isFinite(1 / rate) ? 1 / rate : 1.0;
            double gradientScale = 4 * (rate > 0 ? rate : 0.0);
            double loss0 = f.value(u0);
            double limit = IterativeDriver.divergenceLimit(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR, loss0, f.yNorm() * f.yNorm());
            // not at the final time: there t·‖∇f‖/‖U‖ measures the (maybe tiny) time span, not stationarity
            ConvergenceChecker stationary = s -> options.stationaryTol() > 0 && time > 0 && time < options.maxTime()
                && stationarity <= options.stationaryTol()
                ? Optional.of(new ConvergenceChecker.Stop(StopReason.CONVERGED, "t·‖∇f‖/‖U‖ <= " + options.stationaryTol()))
                : Optional.empty();
            ConvergenceChecker gradient = s -> s.gradientNorm() <= options.gradientTol() * gradientScale * uNorm
                ? Optional.of(new ConvergenceChecker.Stop(StopReason.CONVERGED, "‖∇f‖/(4ρ‖U‖) <= " + options.gradientTol()))
                : Optional.empty();
            ConvergenceChecker budget = s -> evaluations >= options.maxEvaluations()
                ? Optional.of(new ConvergenceChecker.Stop(StopReason.MAX_ITER, "evaluations >= " + options.maxEvaluations()))
                : time >= options.maxTime()
                ? Optional.of(new ConvergenceChecker.Stop(StopReason.MAX_ITER, "flow_time >= " + options.maxTime()))
                : Optional.empty();
            this.checker = ConvergenceChecker.any(ConvergenceChecker.trainError(options.tol()), gradient,
                ConvergenceChecker.lossAbove(limit), stationary, budget);
        }

        /**
         * Reports the state after an accepted step and applies the run protocol of
         * {@link IterativeDriver#observe}: NON_FINITE when the loss or ‖∇f‖ is not finite, else the
         * listener, then the stopping rules (the stationarity rule reads {@code time} and
         * {@code stationarity}, set here first; nothing reads them after a NON_FINITE stop).
         */
        Optional<ConvergenceChecker.Stop> observe(double t, double[] u, double loss, double gradNorm, double h) {
            uNorm = Linalg.norm(u);
            time = t;
            stationarity = uNorm > 0 ? t * gradNorm / uNorm : Double.POSITIVE_INFINITY;
            double rel = uNorm > 0 ? h * gradNorm / uNorm : Double.NaN;
            IterationState s = new IterationState(accepted, loss, Math.sqrt(loss) / scale, gradNorm, h, rel, u, t);
            return IterativeDriver.observe(s, IterativeDriver.FiniteCheck.LOSS_AND_GRADIENT, listener, checker);
        }
    }
}

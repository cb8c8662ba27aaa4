package org.implreg.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Rng;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.OptimizationResult;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * Greedy low-rank learning (GLRL; Li, Luo &amp; Lyu, ICLR 2021, Algorithm 1) for depth 2 on PSD sensing
 * and completion, f(U) = ‖𝒜(UUᵀ) − y‖²: from U = 0 (width 0), each phase appends ε̄·v, v the top
 * eigenvector of −∇_X f(X) = −2𝒜*(𝒜(X) − y) at the current X = UUᵀ, and runs the gradient flow
 * ({@link GradientFlow}) at the new width to convergence; it stops when the training error
 * ‖𝒜(X) − y‖/‖y‖ is at most {@code tol}, when −∇_X f(X) has no positive eigenvalue above
 * {@code eigenTol}·‖2𝒜*(y)‖₂ (X is then the global minimum of f over the PSD cone, which does not fit
 * y), or at {@code maxRank}. As ε → 0 this is the limit of the small-initialization gradient flow
 * (the paper's Theorem 5.3, under its assumptions).
 *
 * <p><b>Scale.</b> Every rule is relative to the problem, so that (a𝒜, b·y) (a, b &gt; 0) gives the same
 * rank path and stops, and (b/a)·X, as (𝒜, y). The units: ρ = ‖𝒜*(y)‖₂ (a rate: −∇_X f(0) = 2𝒜*(y);
 * the flow's time is measured in 1/ρ), and s₁ = ⟨𝒜(v₁v₁ᵀ), y⟩/‖𝒜(v₁v₁ᵀ)‖², v₁ the first phase's
 * eigenvector (the least-squares fit of y along v₁v₁ᵀ: the size of X the first phase grows to; U's unit
 * is √s₁). The appended column has the absolute size ε̄ = ε·√s₁; the escape leg, the growth check and
 * {@code phaseMaxTime} are times in units of 1/ρ; the stall test reads ‖∇f‖/(ρ‖U‖); the eigenvalue test
 * is relative to 2ρ and the training error to ‖y‖. Under (a, b), ρ scales by ab, s₁ by b/a, U by √(b/a)
 * and time by 1/(ab), so each test reads the same number at corresponding points.
 *
 * <p>The appended column carries a tiny generic component ({@link #PERTURBATION}). Each phase runs in two
 * legs: first without the stationarity stop until the new column has had time to escape the saddle
 * (twice ln(√s/ε̄)/(2λ), λ the eigenvalue, s = (λ/2)/‖𝒜(vvᵀ)‖² the size of X the new direction fits to,
 * so √s is the size the column grows to from ε̄ at the rate 2λ), then with it (the flow's own
 * t·‖∇f‖/‖U‖ rule), so that the tiny gradient at the start of a phase is not mistaken for a limit.
 *
 * <p>A phase may have no limit: on some completion problems the infimum of f at width k is not attained
 * and ‖U‖ grows without bound along the flow (on the Figure-4 grid, e.g. mask {33, 12, 13, 23} with
 * y = (5/9, −7/9, −1/9, −1/9), the rank-1 phase). A phase still running at flow time
 * {@code phaseMaxTime}/ρ is judged by its relative gradient ‖∇f(U)‖_F/(ρ‖U‖_F): at most
 * {@link #STALLED_GRADIENT} means it has reached its limit to rounding (the t·‖∇f‖/‖U‖ rule cannot fire at
 * large t once ‖∇f‖ sits at its rounding floor); above it, the phase has no limit by that time and GLRL
 * stops there ({@link StopReason#MAX_ITER}, criterion {@code "phase k has no limit by flow time …"}): with
 * ε → 0 the greedy procedure would stay in that phase for ever, so it defines no solution.
 */
public final class GreedyLowRank {

    /**
     * @param epsilon        the size of the appended column (&gt; 0), relative: ε̄ = ε·√s₁ (class comment)
     * @param tol            training-error tolerance
     * @param maxRank        the largest width (≥ 1)
     * @param eigenTol       relative threshold on the top eigenvalue of −∇_X f (≥ 0)
     * @param flow           options of each phase's gradient flow (its tol and max time are set per leg)
     * @param maxEvaluations cap on gradient evaluations over all phases
     * @param phaseMaxTime   flow time, in units of 1/ρ, after which a phase that has not stopped is judged
     *                       (see the class comment; &gt; 0)
     */
    public record Options(double epsilon, double tol, int maxRank, double eigenTol, GradientFlow.Options flow,
                          long maxEvaluations, double phaseMaxTime) {
        /** Default ε. */
        public static final double DEFAULT_EPSILON = 1e-6;
        /** Default training-error tolerance. */
        public static final double DEFAULT_TOL = 1e-8;
        /** Default eigenvalue threshold. */
        public static final double DEFAULT_EIGEN_TOL = 1e-9;
        /** Default integrator tolerance of the phases. */
        public static final double DEFAULT_RTOL = 1e-10;
        /** Default flow time after which a running phase is judged: 10⁶/ρ, far beyond the phases of a converging run (≲ 10⁴/ρ). */
        public static final double DEFAULT_PHASE_MAX_TIME = 1e6;

        public Options {
            InvalidInputException.require(Double.isFinite(epsilon) && epsilon > 0, "epsilon must be finite and > 0, got " + epsilon);
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(maxRank >= 1, "max rank must be ≥ 1, got " + maxRank);
            InvalidInputException.require(eigenTol >= 0 && Double.isFinite(eigenTol), "eigen tol must be ≥ 0, got " + eigenTol);
            InvalidInputException.require(maxEvaluations >= 1, "max evaluations must be ≥ 1, got " + maxEvaluations);
            InvalidInputException.require(phaseMaxTime > 0 && !Double.isNaN(phaseMaxTime),
                "phase max time must be > 0, got " + phaseMaxTime);
        }

        /** Options with the defaults of every other field. */
        public Options(double epsilon, double tol, int maxRank, double eigenTol, GradientFlow.Options flow, long maxEvaluations) {
            this(epsilon, tol, maxRank, eigenTol, flow, maxEvaluations, DEFAULT_PHASE_MAX_TIME);
        }

        /** Defaults up to width {@code maxRank}. */
        public static Options defaults(int maxRank) {
            return new Options(DEFAULT_EPSILON, DEFAULT_TOL, maxRank, DEFAULT_EIGEN_TOL,
                GradientFlow.Options.defaults().withRtol(DEFAULT_RTOL), GradientFlow.Options.DEFAULT_MAX_EVALUATIONS,
                DEFAULT_PHASE_MAX_TIME);
        }

        public Options withEpsilon(double e) {
            return new Options(e, tol, maxRank, eigenTol, flow, maxEvaluations, phaseMaxTime);
        }

        public Options withTol(double t) {
            return new Options(epsilon, t, maxRank, eigenTol, flow, maxEvaluations, phaseMaxTime);
        }

        public Options withFlow(GradientFlow.Options f) {
            return new Options(epsilon, tol, maxRank, eigenTol, f, maxEvaluations, phaseMaxTime);
        }

        public Options withMaxEvaluations(long k) {
            return new Options(epsilon, tol, maxRank, eigenTol, flow, k, phaseMaxTime);
        }

        public Options withPhaseMaxTime(double t) {
            return new Options(epsilon, tol, maxRank, eigenTol, flow, maxEvaluations, t);
        }
    }

    /**
     * One phase.
     *
     * @param rank        the width during the phase
     * @param eigenvalue  the top eigenvalue of −∇_X f at the phase's start
     * @param loss        f at its end
     * @param trainError  ‖𝒜(X) − y‖/‖y‖ at its end
     * @param flowTime    flow time it took
     * @param evaluations gradient evaluations
     * @param stop        the criterion that ended its flow
     */
    public record Phase(int rank, double eigenvalue, double loss, double trainError, double flowTime, long evaluations,
                        String stop) {}

    /** How a GLRL run ended, in words a caller can act on (the run result's criterion has the numbers). */
    public enum Outcome {
        /** The training error reached {@code tol}: X fits the data. */
        FIT,
        /** −∇_X f(X) has no positive eigenvalue: X minimizes f over the PSD cone and does not fit y. */
        LEAST_SQUARES,
        /** A phase has no limit (‖U‖ grows without bound): GLRL defines no solution. */
        NO_LIMIT,
        /** The width reached {@code maxRank} before X fit. */
        MAX_RANK,
        /** The evaluation budget ran out inside a phase. */
        BUDGET,
        /** A phase's flow diverged, turned non-finite or its integrator failed. */
        FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The outcome: the final X, U (n×rank) and counts as a run result (its {@code stopReason()},
     * {@code criterion()} and {@code trainError()} say why and how well it stopped), the phases (the rank
     * path), the total flow time, how it ended, and the scales of its rules (class comment: ρ, and the
     * absolute size ε̄ of the appended columns).
     */
    public record Result(OptimizationResult result, List<Phase> phases, double flowTime, Outcome outcome, double rate,
                         double epsilon) {
        /** The widths of the phases, in order. */
        public int[] rankPath() {
            return phases.stream().mapToInt(Phase::rank).toArray();
        }
    }

    /**
     * The appended column is ε(v + δw), w a fixed generic unit vector and δ this: an exact eigenvector
     * can start the new column on an invariant set of the flow (e.g. zero on a block of a block-diagonal
     * problem), a saddle that the flow from a generic small initialization leaves; δw makes the phase
     * generic, as the limit of the small-initialization flow is.
     */
    public static final double PERTURBATION = 1e-3;

    /**
     * A phase still running at {@code phaseMaxTime}/ρ with ‖∇f(U)‖_F/(ρ‖U‖_F) at most this has reached its
     * limit (the gradient is at its rounding floor); above it, it has none. A phase drifting to infinity
     * like U ~ t^p has ‖∇f‖/‖U‖ ~ p/t, i.e. ~10⁻⁶ρ at t = 10⁶/ρ, four orders above this.
     */
    public static final double STALLED_GRADIENT = 1e-10;

    /**
     * Flow time, in units of 1/ρ, (of a phase's second leg) at which a phase that has not stopped is checked for growth:
     * if t·‖∇f(U)‖_F/‖U‖_F (t the phase's flow time; for ‖U‖ ~ t^p it is p) is still at least
     * {@link #GROWING} there, ‖U‖ grows at least like t^0.05 and the phase is judged to have no limit at
     * once, without flowing on to {@code phaseMaxTime}.
     */
    public static final double GROWTH_CHECK_TIME = 1e4;

    /**
     * Gradient evaluations after which the growth check is made even before {@link #GROWTH_CHECK_TIME}: a
     * phase drifting to infinity is stiff (its curvature grows with ‖U‖) and the explicit integrator
     * crawls; the exponent t·‖∇f‖/‖U‖ of a power-law drift does not depend on when it is read.
     */
    public static final long GROWTH_CHECK_EVALUATIONS = 200_000;

    /** See {@link #GROWTH_CHECK_TIME}; a phase drifting to infinity on the Figure-4 grid shows ≈ 1/4 (U ~ t^¼). */
    public static final double GROWING = 0.05;

    /** ‖∇f(U)‖_F/(ρ‖U‖_F). */
    private static double relativeGradient(OptimizationResult r, double rho) {
        return r.gradientNorm() / Math.max(Linalg.norm(r.u()), Double.MIN_NORMAL) / rho;
    }

    private final Options options;

    public GreedyLowRank(Options options) {
        this.options = options;
    }

    /**
     * Runs GLRL on 𝒜, y; {@code listener} sees every accepted flow step, numbered across phases, between
     * one init and one finish (the phases' flows do not restart its lifecycle).
     */
    public Result solve(MeasurementOperator op, double[] y, IterationListener listener) {
        return RunLifecycle.observe(listener, RunLifecycle.Start.UNCAPPED, () -> phases(op, y, listener),
            r -> new ConvergenceChecker.Stop(r.result().stopReason(), r.result().criterion()));
    }

    private Result phases(MeasurementOperator op, double[] y, IterationListener listener) {
        int n = op.n();
        int m = op.m();
        InvalidInputException.require(y.length == m, "y has " + y.length + " entries, the operator " + m);
        InvalidInputException.require(Linalg.allFinite(y), "y has non-finite entries");
        int maxRank = Math.min(options.maxRank(), n);
        long start = System.nanoTime();
        double yNorm = Linalg.norm(y);
        double scale = yNorm > 0 ? yNorm : 1.0;
        double[] g = new double[n * n];
        op.adjoint(y, g);
        double[] ev0 = SymmetricEigen.eigenvalues(g, n);
        double eigenScale = 2 * Math.max(Math.abs(ev0[0]), Math.abs(ev0[n - 1]));
        double rho = eigenScale > 0 && Double.isFinite(2 / eigenScale) ? eigenScale / 2 : 1.0; // ‖𝒜*(y)‖₂ (1 where y = 0)
        double phaseMaxTime = options.phaseMaxTime() / rho;
        double epsilon = Double.NaN; // ε̄ = ε·√s₁, set when the first column is appended
        double[] column = new double[n];
        double[] fitted = new double[m];
        double[] work = new double[op.workspaceSize(1)];
        Outcome outcome;
        double[] generic = Rng.gaussian(Rng.stream(0, "glrl-generic"), n);
        double gn = Linalg.norm(generic);
        for (int i = 0; i < n; i++) {
            generic[i] /= gn;
        }
        double[] u = new double[0];
        double[] x = new double[n * n];
        double[] r = new double[m];
        List<Phase> phases = new ArrayList<>();
        long evaluations = 0;
        long steps = 0;
        double time = 0;
        double gradNorm = 0;
        long[] offset = {0};
        double[] timeOffset = {0};
        // listeners see the steps numbered, and the flow time counted, across phases
        IterationListener shifted = s -> listener.onIteration(new IterationState(s.iteration() + offset[0], s.loss(),
            s.trainError(), s.gradientNorm(), s.step(), s.relativeChange(), s.point(), timeOffset[0] + s.time()));
        StopReason reason;
        String criterion;
        while (true) {
            int k = u.length / n;
            op.apply(x, r);
            double loss = 0;
            for (int i = 0; i < m; i++) {
                r[i] -= y[i];
                loss += r[i] * r[i];
            }
            double trainError = Math.sqrt(loss) / scale;
            if (k == 0) {
                listener.onIteration(new IterationState(0, loss, trainError, 0.0, Double.NaN, Double.NaN, u, 0.0));
            }
            if (trainError <= options.tol()) {
                outcome = Outcome.FIT;
                reason = StopReason.CONVERGED;
                criterion = "train_error <= " + options.tol();
                break;
            }
            op.adjoint(r, g);
            for (int i = 0; i < g.length; i++) {
                g[i] = -2 * g[i];
            }
            SymmetricEigen eig = SymmetricEigen.decompose(g, n, true);
            double lambda = eig.values()[0];
            if (!(lambda > options.eigenTol() * eigenScale)) {
                outcome = Outcome.LEAST_SQUARES;
                reason = StopReason.CONVERGED;
                criterion = "lambda_max(-grad f(X)) <= " + options.eigenTol() + "·‖2A*(y)‖";
                break;
            }
            if (k >= maxRank) {
                outcome = Outcome.MAX_RANK;
                reason = StopReason.MAX_ITER;
                criterion = "rank >= " + maxRank;
                break;
            }
            if (evaluations >= options.maxEvaluations()) {
                outcome = Outcome.BUDGET;
                reason = StopReason.MAX_ITER;
                criterion = "evaluations >= " + options.maxEvaluations();
                break;
            }
            double[] next = new double[n * (k + 1)];
            System.arraycopy(u, 0, next, 0, u.length);
            double[] v = eig.vectors();
            // s = (λ/2)/‖𝒜(vvᵀ)‖²: the size of X along vvᵀ that fits the residual best (s₁ in the first phase)
            System.arraycopy(v, 0, column, 0, n);
            op.applyGram(column, 1, fitted, work);
            double fitSize = lambda / 2 / Math.max(Linalg.normSq(fitted), Double.MIN_NORMAL);
            if (Double.isNaN(epsilon)) {
                epsilon = options.epsilon() * Math.sqrt(fitSize);
            }
            for (int i = 0; i < n; i++) {
                next[k * n + i] = epsilon * (v[i] + PERTURBATION * generic[i]);
            }
            FactorizedObjective f = new FactorizedObjective(op, y, k + 1);
            double escape = 2 * Math.log(Math.max(Math.sqrt(fitSize), 10 * epsilon) / epsilon) / (2 * lambda);
            GradientFlow.Options leg = options.flow().withTol(options.tol()).withStationaryTol(0).withMaxTime(escape)
                .withMaxEvaluations(Math.max(1, options.maxEvaluations() - evaluations));
            FlowResult fr = new GradientFlow(leg).optimize(f, next, shifted);
            String growing = null;
            double phaseTime = fr.flowTime();
            timeOffset[0] = time + phaseTime;
            long phaseEvaluations = fr.result().gradientEvaluations();
            offset[0] += fr.result().iterations() + 1;
            steps += fr.result().iterations();
            if (fr.result().stopReason() == StopReason.MAX_ITER && fr.result().criterion().startsWith("flow_time")
                && evaluations + phaseEvaluations < options.maxEvaluations()) {
                GradientFlow.Options rest = options.flow().withTol(options.tol()).withMaxTime(phaseMaxTime)
                    .withMaxEvaluations(options.maxEvaluations() - evaluations - phaseEvaluations);
                long remaining = options.maxEvaluations() - evaluations - phaseEvaluations;
                double check = Math.min(GROWTH_CHECK_TIME / rho, phaseMaxTime);
                long checkBudget = Math.min(remaining, GROWTH_CHECK_EVALUATIONS);
                fr = new GradientFlow(rest.withMaxTime(check).withMaxEvaluations(checkBudget)).optimize(f, fr.result().u(), shifted);
                phaseTime += fr.flowTime();
                phaseEvaluations += fr.result().gradientEvaluations();
                offset[0] += fr.result().iterations() + 1;
                steps += fr.result().iterations();
                boolean stillRunning = fr.result().stopReason() == StopReason.MAX_ITER
                    && (fr.result().criterion().startsWith("flow_time") && check < phaseMaxTime
                        || fr.result().criterion().startsWith("evaluations") && checkBudget < remaining);
                if (stillRunning) {
                    double exponent = phaseTime * rho * relativeGradient(fr.result(), rho);
                    if (exponent >= GROWING) {
                        growing = String.format(Locale.ROOT,
                            "phase %d has no limit: ‖U‖_F = %.4g grows like t^%.2f (t·‖∇f‖/‖U‖ at flow time %.3g/ρ)",
                            k + 1, Linalg.norm(fr.result().u()), exponent, phaseTime * rho);
                    } else {
                        fr = new GradientFlow(rest.withMaxTime(phaseMaxTime - check)
                            .withMaxEvaluations(options.maxEvaluations() - evaluations - phaseEvaluations))
                            .optimize(f, fr.result().u(), shifted);
                        phaseTime += fr.flowTime();
                        phaseEvaluations += fr.result().gradientEvaluations();
                        offset[0] += fr.result().iterations() + 1;
                        steps += fr.result().iterations();
                    }
                }
            }
            evaluations += phaseEvaluations;
            time += phaseTime;
            timeOffset[0] = time;
            OptimizationResult pr = fr.result();
            u = pr.u();
            x = pr.x();
            gradNorm = pr.gradientNorm();
            String phaseStop = pr.criterion();
            if (growing != null || pr.stopReason() == StopReason.MAX_ITER && pr.criterion().startsWith("flow_time")) {
                double relative = relativeGradient(pr, rho);
                if (growing == null && relative <= STALLED_GRADIENT) {
                    phaseStop = String.format(Locale.ROOT, "‖∇f‖/(ρ‖U‖) = %.2e <= %s at flow time %.3g/ρ", relative,
                        STALLED_GRADIENT, phaseTime * rho);
                } else {
                    phaseStop = growing != null ? growing : String.format(Locale.ROOT,
                        "phase %d has no limit by flow time %.3g/ρ: ‖∇f‖/(ρ‖U‖) = %.2e, ‖U‖_F = %.4g", k + 1, phaseTime * rho,
                        relative, Linalg.norm(u));
                    phases.add(new Phase(k + 1, lambda, pr.loss(), pr.trainError(), phaseTime, phaseEvaluations, phaseStop));
                    outcome = Outcome.NO_LIMIT;
                    reason = StopReason.MAX_ITER;
                    criterion = phaseStop;
                    break;
                }
            }
            phases.add(new Phase(k + 1, lambda, pr.loss(), pr.trainError(), phaseTime, phaseEvaluations, phaseStop));
            if (pr.stopReason() != StopReason.CONVERGED && !phaseStop.startsWith("‖∇f‖")) {
                reason = pr.stopReason();
                criterion = pr.criterion();
                if (reason != StopReason.MAX_ITER || pr.criterion().startsWith("evaluations")) {
                    outcome = reason == StopReason.MAX_ITER ? Outcome.BUDGET : Outcome.FAILED;
                    break;
                }
            }
        }
        op.apply(x, r); // the residual of the final X (a run can end inside a phase, after r was last computed)
        double loss = 0;
        for (int i = 0; i < m; i++) {
            r[i] -= y[i];
            loss += r[i] * r[i];
        }
        OptimizationResult res = new OptimizationResult(x, u, n, u.length / n, reason, criterion, steps, evaluations,
            (System.nanoTime() - start) / 1e9, loss, Math.sqrt(loss) / scale, gradNorm);
        return new Result(res, List.copyOf(phases), time, outcome, rho, epsilon);
    }
}

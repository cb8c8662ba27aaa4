package org.implreg.atlas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.analysis.Conjecture;
import org.implreg.linalg.Linalg;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.report.RecordJson;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.sweep.SweepEngine;

/**
 * One instance of a phase diagram as a unit of work: the cell (rank, m) and trial of {@code spec}. {@link #run}
 * regenerates the problem from its seed ({@link AtlasSpec#instanceSeed}) wherever the engine runs it, solves it with
 * every solver of the spec (each from the initialization seed equal to the instance's seed), and returns its
 * {@link AtlasRecord} as JSON ({@link RecordJson#toMap}); the record depends on the task alone (timings aside), so
 * every engine and thread count gives it bitwise.
 *
 * <p>Per solver, with X its solution, X* the planted matrix and X_min the certified minimum (the {@code nucmin} row,
 * solved first): rel. error ‖X − X*‖_F/‖X*‖_F, ‖X‖_*, gap (‖X‖_* − ‖X_min‖_*)/‖X_min‖_*, the entropy effective rank
 * exp H(σ/‖σ‖₁) (Roy &amp; Vetterli), and the outcome ({@link #outcome}): recovered when rel. error ≤ the spec's
 * success tolerance; else not converged when the method stopped on its budget (stop reason {@code max_iter}:
 * iterations, evaluations or flow time) with relative training error ‖𝒜(X) − y‖/‖y‖ above its tolerance; else failed.
 *
 * <p>The instance's conjecture answer ({@code implreg conjecture}'s classification, {@link Conjecture#decide}): from the
 * rows of the spec's first {@code flow} entry with an α list (α descending: d_glrl, d_min and the nuclear-norm gap per
 * α, one run per α; a flow fits the data when it stopped converged with training error ≤ 10× its tolerance, as the
 * conjecture counts it), the first {@code glrl} row (it gives a solution when it stopped converged with training error
 * ≤ {@link Conjecture#GLRL_FIT}) and X_min; null when the spec has no such flow entry or no glrl row. Unlike
 * {@code implreg conjecture}, α here is absolute (‖U₀‖_F = α; X* has ‖X*‖_F = 1) and is not extended automatically.
 */
public record AtlasTask(AtlasSpec spec, int rank, int m, int trial) implements SweepEngine.Task {

    /** "atlas instance r1-m13-t0 (seed S)": how an engine names the task in a failure (not its whole spec). */
    @Override
    public String toString() {
        return "atlas instance r" + rank + "-m" + m + "-t" + trial + " (seed " + spec.instanceSeed(rank, m, trial) + ")";
    }

    /** The instance's key in atlas.jsonl: {@code r<rank>-m<m>-t<trial>-<the spec's settings hash>}. */
    public String key() {
        return key(spec.settingsHash());
    }

    String key(String settingsHash) {
        return "r" + rank + "-m" + m + "-t" + trial + "-" + settingsHash;
    }

    /** The instance's problem: planted low-rank X* (‖X*‖_F = 1) measured by the spec's family, from its seed. */
    public Problem problem() {
        return ProblemGenerator.generate(problemSpec(), spec.instanceSeed(rank, m, trial));
    }

    /** The instance's problem parameters (no noise). */
    public ProblemSpec problemSpec() {
        return new ProblemSpec(spec.n(), rank, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.parse(spec.family()), 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
    }

    @Override
    public Map<String, Object> run() {
        return RecordJson.toMap(record());
    }

    /** The instance's record (what {@link #run} returns as JSON). */
    public AtlasRecord record() {
        long start = System.nanoTime();
        long seed = spec.instanceSeed(rank, m, trial);
        Problem p = ProblemGenerator.generate(problemSpec(), seed);
        List<AtlasSpec.Solver> solvers = spec.solvers();
        List<SolveReport> reports = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (AtlasSpec.Solver s : solvers) {
            long t0 = System.nanoTime();
            SolveSettings settings = s.settings(seed, spec.maxIter());
            reports.add(Methods.get(s.method(), ProblemKind.SYMMETRIC).solve(p, settings, IterationListener.NONE));
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        SolveReport min = reports.get(0); // the spec puts nucmin first
        double minNuc = min.metrics() == null ? Double.NaN : min.metrics().nuclearNorm();
        List<AtlasRecord.SolverOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < solvers.size(); i++) {
            AtlasSpec.Solver s = solvers.get(i);
            SolveReport r = reports.get(i);
            SolutionMetrics mt = r.metrics();
            double rel = mt == null ? Double.NaN : mt.relativeError();
            double nuc = mt == null ? Double.NaN : mt.nuclearNorm();
            outcomes.add(new AtlasRecord.SolverOutcome(s.label(), s.method(), rel, nuc, (nuc - minNuc) / minNuc,
                mt == null ? Double.NaN : mt.entropyEffectiveRank(), outcome(rel, spec.successTol(), r), word(r.result().stopReason()),
                seconds.get(i)));
        }
        Object certified = min.extras().get("certified");
        return new AtlasRecord(key(), rank, m, trial, seed, minNuc, Boolean.TRUE.equals(certified), outcomes,
            conjecture(solvers, reports), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Recovered when {@code relError} ≤ {@code successTol}; else not converged when the run stopped on its budget
     * ({@link StopReason#MAX_ITER}) without fitting the data (relative training error above its tolerance,
     * {@link #tolerance}); else failed (a run that fits the data elsewhere, diverged, stalled or reached a stationary
     * point that does not fit).
     */
    static AtlasRecord.Outcome outcome(double relError, double successTol, SolveReport r) {
        if (relError <= successTol) {
            return AtlasRecord.Outcome.RECOVERED;
        }
        if (r.result().stopReason() == StopReason.MAX_ITER && !(r.result().trainError() <= tolerance(r))) {
            return AtlasRecord.Outcome.NOT_CONVERGED;
        }
        return AtlasRecord.Outcome.FAILED;
    }

    /** The training-error tolerance the run used: its settings', else what it reports using, else its declared default; NaN if none. */
    static double tolerance(SolveReport r) {
        if (r.settings().tol() != null) {
            return r.settings().tol();
        }
        if (r.used().get("tol") instanceof Number x) {
            return x.doubleValue();
        }
        Method method = Methods.get(r.settings().method(), ProblemKind.SYMMETRIC);
        return method.capabilities(ProblemKind.SYMMETRIC).defaultNumber("tol", Double.NaN);
    }

    private static String word(StopReason r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    /** The conjecture's answer on this instance (see the class comment), or null without a flow α list and a glrl row. */
    static String conjecture(List<AtlasSpec.Solver> solvers, List<SolveReport> reports) {
        Integer group = solvers.stream().filter(s -> s.alphaOf() != null && s.method().equals("flow")).map(AtlasSpec.Solver::alphaOf)
            .findFirst().orElse(null);
        int glrl = -1;
        for (int i = 0; i < solvers.size() && glrl < 0; i++) {
            glrl = solvers.get(i).method().equals("glrl") ? i : -1;
        }
        if (group == null || glrl < 0) {
            return null;
        }
        List<Integer> flows = new ArrayList<>();
        for (int i = 0; i < solvers.size(); i++) {
            if (group.equals(solvers.get(i).alphaOf())) {
                flows.add(i);
            }
        }
        flows.sort(Comparator.comparingDouble((Integer i) -> solvers.get(i).initScale()).reversed());
        double[] xMin = reports.get(0).result().x();
        SolveReport g = reports.get(glrl);
        double[] xGlrl = g.result().x();
        double minNuc = reports.get(0).metrics().nuclearNorm();
        int k = flows.size();
        double[] alphas = new double[k];
        double[] toGlrl = new double[k];
        double[] toMin = new double[k];
        double[] gap = new double[k];
        for (int j = 0; j < k; j++) {
            SolveReport f = reports.get(flows.get(j));
            alphas[j] = solvers.get(flows.get(j)).initScale();
            toGlrl[j] = relative(f.result().x(), xGlrl);
            toMin[j] = relative(f.result().x(), xMin);
            gap[j] = f.metrics() == null ? Double.NaN : (f.metrics().nuclearNorm() - minNuc) / minNuc;
        }
        SolveReport last = reports.get(flows.get(k - 1));
        boolean fits = last.result().stopReason() == StopReason.CONVERGED && last.result().x() != null
            && last.result().trainError() <= 10 * tolerance(last);
        boolean glrlFits = g.result().stopReason() == StopReason.CONVERGED && xGlrl != null && g.result().trainError() <= Conjecture.GLRL_FIT;
        return Conjecture.decide(new Conjecture.Evidence(alphas, toGlrl, toMin, gap, fits ? 1 : 0, 1, last.result().trainError(),
            glrlFits, word(g.result().stopReason()) + " (" + g.result().criterion() + ")", g.result().trainError(),
            relative(xGlrl, xMin))).answer();
    }

    private static double relative(double[] x, double[] ref) {
        return x == null || ref == null ? Double.NaN : Linalg.distance(x, ref) / Linalg.norm(ref);
    }
}

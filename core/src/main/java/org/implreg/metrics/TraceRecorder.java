package org.implreg.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.RunLifecycle;

/**
 * Records a run's dynamics on the iterates its {@link TraceSchedule} picks: k, flow time, loss,
 * training error, and, through the method's {@link IterateView}, the relative error ‖X − X*‖_F/‖X*‖_F,
 * ‖X‖_*, the effective rank ‖X‖_* / ‖X‖₂, the top singular values of X and ‖U‖_F. A listener
 * ({@link ViewListener}): compose it with a progress listener by {@link ViewListener#both}. Between
 * recorded iterates it keeps only a reference to the last state, so the cost of a trace is one
 * decomposition of X per recorded iterate (a few hundred for a log-spaced 10⁶-step run). Iterates
 * seen again (k not above the last one: completion GD's checkpoint segments) are skipped. The run's loop
 * finishes the recorder ({@link #finish}, the listener lifecycle): the last iterate is recorded then, so
 * no caller finishes it by hand. The rows are kept in memory ({@link #rows}), or, given a sink, handed to
 * it as they are recorded and not kept (the command line streams them into the trace file: a 10⁶-line
 * trace in bounded memory).
 * Not thread-safe: one recorder per run.
 */
public final class TraceRecorder implements ViewListener {
    /** Singular values kept per line unless told otherwise. */
    public static final int DEFAULT_TOP = 10;

    /**
     * One recorded iterate (NaN where a quantity is unknown: the flow time of methods without one,
     * the matrix quantities of a method without a view, the relative error without X*).
     *
     * @param iteration      k
     * @param flowTime       t_k (Σ η for GD, the ODE time for the flows, kε/4 for toe), NaN without one
     * @param loss           f(x_k)
     * @param trainError     ‖𝒜(X) − y‖/‖y‖
     * @param relativeError  ‖X − X*‖_F/‖X*‖_F
     * @param nuclearNorm    ‖X‖_*
     * @param effectiveRank  ‖X‖_* / ‖X‖₂
     * @param singularValues the top singular values of X, descending (at most the recorder's top)
     * @param factorNorm     ‖U‖_F (see {@link IterateView.Snapshot#factorNorm})
     */
    public record Row(long iteration, double flowTime, double loss, double trainError, double relativeError, double nuclearNorm,
                      double effectiveRank, double[] singularValues, double factorNorm) {

        /** The JSON keys of a trace line, in file order. */
        public static final List<String> KEYS = List.of("iteration", "flow_time", "loss", "train_error", "rel_error", "nuclear_norm",
            "effective_rank", "singular_values", "u_norm");

        /** The line as key/values ({@link #KEYS}; NaN stays NaN, JSON writes null). */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", iteration);
            m.put("flow_time", flowTime);
            m.put("loss", loss);
            m.put("train_error", trainError);
            m.put("rel_error", relativeError);
            m.put("nuclear_norm", nuclearNorm);
            m.put("effective_rank", effectiveRank);
            m.put("singular_values", singularValues);
            m.put("u_norm", factorNorm);
            return m;
        }
    }

    private final TraceSchedule schedule;
    private final int top;
    private final List<Row> rows = new ArrayList<>();
    private final Consumer<Row> sink;
    private long count;
    private long lastRecorded = -1;
    private IterationState last;
    private IterateView lastView;

    /**
     * @param schedule which iterates to record
     * @param top      how many of the largest singular values each line keeps (≥ 1)
     */
    public TraceRecorder(TraceSchedule schedule, int top) {
        this(schedule, top, null);
    }

    /**
     * A recorder that hands each row to {@code sink} as it is recorded and keeps none ({@code sink} null:
     * keeps them all).
     */
    public TraceRecorder(TraceSchedule schedule, int top, Consumer<Row> sink) {
        InvalidInputException.require(top >= 1, "trace top must be ≥ 1, got " + top);
        this.schedule = schedule;
        this.top = top;
        this.sink = sink == null ? rows::add : sink;
    }

    /** A recorder with the default schedule and top. */
    public TraceRecorder() {
        this(TraceSchedule.DEFAULT, DEFAULT_TOP);
    }

    public TraceSchedule schedule() {
        return schedule;
    }

    @Override
    public void onIteration(IterationState s) {
        see(s, null);
    }

    @Override
    public IterationListener withView(IterateView view) {
        return IterationListener.forwarding(this, s -> see(s, view));
    }

    private void see(IterationState s, IterateView view) {
        if (s.iteration() <= lastRecorded || (last != null && s.iteration() < last.iteration())) {
            return;
        }
        last = s;
        lastView = view;
        if (schedule.records(s.iteration())) {
            add(s, view);
        }
    }

    private void add(IterationState s, IterateView view) {
        IterateView.Snapshot snap = view == null ? null : view.at(s);
        double[] sv = snap == null ? new double[0] : snap.singularValues();
        double nuc = snap == null ? Double.NaN : 0;
        for (double v : sv) {
            nuc += v;
        }
        double eff = snap == null ? Double.NaN : SolutionMetrics.effectiveRank(sv);
        count++;
        sink.accept(new Row(s.iteration(), s.time(), s.loss(), s.trainError(), snap == null ? Double.NaN : snap.relativeError(), nuc, eff,
            Arrays.copyOf(sv, Math.min(top, sv.length)), snap == null ? Double.NaN : snap.factorNorm()));
        lastRecorded = s.iteration();
    }

    /** How many rows have been recorded so far. */
    public long count() {
        return count;
    }

    /**
     * The end of the run (its loop calls it after the last iterate, see {@link RunLifecycle}): records the
     * last iterate seen if the schedule skipped it (with a sink, hands it to the sink), while the method's
     * arrays still hold it. A run that threw records nothing more (its arrays may be half-updated). A
     * second finish adds nothing.
     */
    @Override
    public void finish(RunLifecycle.End end) {
        if (!end.isFailure() && last != null && last.iteration() > lastRecorded) {
            add(last, lastView);
        }
    }

    /** The recorded lines (empty with a sink); the last iterate is among them once the run has finished. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }
}

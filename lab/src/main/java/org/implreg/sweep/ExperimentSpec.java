package org.implreg.sweep;

import java.util.List;
import java.util.Map;
import org.implreg.metrics.TraceSchedule;

/**
 * An expanded sweep: its name, every run in order, the spec as written (for provenance), and the traces
 * it asks for.
 *
 * @param name   the sweep's name
 * @param runs   the runs: method entries × grid axes × seeds
 * @param source the spec as parsed (plain maps and lists)
 * @param trace  the spec's {@code trace:} (each run's dynamics in {@code traces/<run key>.jsonl}), or null for none
 */
public record ExperimentSpec(String name, List<RunConfig> runs, Map<String, Object> source, Trace trace) {
    public ExperimentSpec {
        runs = List.copyOf(runs);
        source = source == null ? Map.of() : source;
    }

    /** A sweep without traces. */
    public ExperimentSpec(String name, List<RunConfig> runs, Map<String, Object> source) {
        this(name, runs, source, null);
    }

    /**
     * What a sweep's traces record: {@code trace: {every: K}} or {@code {log_spaced: N}}, and {@code top}
     * (singular values per line, default 10).
     */
    public record Trace(TraceSchedule schedule, int top) {}
}

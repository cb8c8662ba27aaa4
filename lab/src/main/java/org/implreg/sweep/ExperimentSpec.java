package org.implreg.sweep;

import java.util.List;
import java.util.Map;

/**
 * An expanded sweep: its name, every run in order, and the spec as written (for provenance).
 *
 * @param name   the sweep's name
 * @param runs   the runs: method entries × grid axes × seeds
 * @param source the spec as parsed (plain maps and lists)
 */
public record ExperimentSpec(String name, List<RunConfig> runs, Map<String, Object> source) {
    public ExperimentSpec {
        runs = List.copyOf(runs);
        source = source == null ? Map.of() : source;
    }
}

package org.implreg.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.SweepOutput;
import org.implreg.sweep.SweepRunner;

/**
 * What an executor is sent for one unit of work, and what it does with it. The unit travels as the
 * positions of its runs in the spec's expansion plus their keys (a few bytes); the spec travels once
 * per job as its JSON text. The executor re-expands the spec with {@link SpecFiles#parse}, checks the
 * keys, regenerates the problem from its seed ({@link SweepRunner#problem}, cached per executor JVM
 * while the spec stays the same) and returns each run's runs.jsonl record as one JSON line, written
 * exactly as the local runner's {@link SweepOutput#record} would be. No problem or operator ever
 * crosses the network and no executor needs a shared file system.
 *
 * @param unit      position of the unit in the job (for messages)
 * @param positions positions of its runs in the expanded spec
 * @param keys      their {@link RunConfig#key()}s, checked on arrival
 */
record UnitWork(int unit, int[] positions, String[] keys) implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The expanded spec and its runner of the last spec text seen by this JVM (problems are shared between its units). */
    private record Expanded(String specJson, ExperimentSpec spec, SweepRunner runner) {}

    private static Expanded last;

    /** The spec as executors see it: the JSON text of its source, expanded again. */
    static ExperimentSpec expand(String specJson) {
        try {
            return SpecFiles.parse(JSON.readTree(specJson), "spec (as sent to the executors)");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("spec text not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static synchronized Expanded expanded(String specJson) {
        if (last == null || !last.specJson().equals(specJson)) {
            last = null; // let the old problems go before generating new ones
            last = new Expanded(specJson, expand(specJson), new SweepRunner(1));
        }
        return last;
    }

    /** Runs the unit on this thread and returns its records as JSON lines, in unit order. */
    String[] run(String specJson) {
        Expanded e = expanded(specJson);
        List<RunConfig> runs = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            RunConfig c = e.spec().runs().get(positions[i]);
            if (!c.key().equals(keys[i])) {
                throw new IllegalStateException("unit " + unit + ": run " + positions[i] + " has key " + c.key() + " on this executor, "
                    + keys[i] + " on the driver (different implreg versions?)");
            }
            runs.add(c);
        }
        List<SweepRunner.Outcome> outcomes = e.runner().runUnit(runs);
        String[] lines = new String[outcomes.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = line(SweepOutput.record(outcomes.get(i)));
        }
        return lines;
    }

    /** A record as the one line runs.jsonl holds for it. */
    static String line(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(Json.sanitize(record));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A line back as the record map the driver appends (the same line again when written). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> record(String line) {
        try {
            return JSON.readValue(line, LinkedHashMap.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("record not JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return "unit " + unit + " " + Arrays.toString(positions);
    }
}

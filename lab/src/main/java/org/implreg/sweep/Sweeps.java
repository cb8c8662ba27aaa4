package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.report.SweepReport;

/** Runs a sweep into a folder, resumably (used by {@code implreg run} and the reproductions). */
public final class Sweeps {
    private Sweeps() {}

    /**
     * Runs what {@code dir/runs.jsonl} lacks of {@code s} and writes provenance.json, runs.csv and,
     * when {@code report} is set, the generic report (aggregate.csv, figures, index.html). Units of
     * work come from {@link SweepRunner#plan}; a unit an earlier sweep left half-recorded is
     * recomputed whole, so its results are bitwise those of an uninterrupted sweep, and only its
     * missing runs are appended.
     *
     * @param specFile where the spec came from (for provenance)
     * @param threads  worker threads
     * @param batch    largest batch (1: no batching)
     * @return the records of runs.jsonl by key
     */
    public static Map<String, JsonNode> run(ExperimentSpec s, String specFile, Path dir, int threads, int batch, Monitor monitor,
                                            boolean report) {
        long start = System.nanoTime();
        Map<String, Object> provenance = SweepOutput.provenance(s, threads, specFile);
        provenance.put("max_batch", batch);
        Map<String, JsonNode> records;
        try (RunsFile runs = RunsFile.open(dir.resolve("runs.jsonl"))) {
            Json.write(provenance, dir.resolve("provenance.json")); // after runs.jsonl passed its checks
            SweepRunner runner = new SweepRunner(threads, batch);
            List<List<RunConfig>> todo = new ArrayList<>();
            int missing = 0;
            for (List<RunConfig> unit : runner.plan(s.runs())) {
                int lacking = (int) unit.stream().filter(c -> !runs.has(c.key())).count();
                if (lacking > 0) {
                    todo.add(unit);
                    missing += lacking;
                }
            }
            monitor.start(s.name(), missing);
            int[] done = {0};
            runner.runUnits(todo, o -> {
                if (!runs.has(o.config().key())) {
                    runs.append(SweepOutput.record(o));
                    monitor.step(++done[0]);
                }
            });
            records = runs.records();
            SweepOutput.writeCsv(dir.resolve("runs.csv"), s, records);
            if (report) {
                SweepReport.write(dir, s, records, provenance);
            }
            monitor.finish(SweepOutput.summary(s, records, missing, (System.nanoTime() - start) / 1e9));
        }
        return records;
    }
}

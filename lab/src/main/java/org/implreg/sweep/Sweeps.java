package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.io.Provenance;

/** Runs a sweep into a folder, resumably (used by {@code implreg run} and the reproductions). */
public final class Sweeps {
    private Sweeps() {}

    /**
     * Writes a report of a finished sweep into its folder (e.g. {@code org.implreg.report.SweepReport::write}:
     * aggregate.csv, figures, index.html). A parameter rather than a call, so the engine does not
     * depend on the report package above it.
     */
    @FunctionalInterface
    public interface Reporter {
        void write(Path dir, ExperimentSpec spec, Map<String, JsonNode> records, Map<String, Object> provenance);
    }

    /**
     * Checks, before anything is written or started, that the sweep's files can be written in {@code dir}:
     * {@code dir} is a folder or can be made, runs.jsonl, provenance.json and runs.csv are not folders, and
     * with a spec's {@code trace:} the {@code traces} entry is a folder or absent (issue 27: a file there
     * was found only after provenance.json and runs.jsonl had been created). Errors name {@code option}.
     */
    public static void checkOutputs(ExperimentSpec s, Path dir, String option) {
        org.implreg.io.OutputFiles.checkFolder(dir, option);
        for (String f : List.of("runs.jsonl", "provenance.json", "runs.csv")) {
            org.implreg.io.OutputFiles.check(dir.resolve(f), option);
        }
        Path traces = dir.resolve("traces");
        InvalidInputException.require(s.trace() == null || !Files.exists(traces) || Files.isDirectory(traces),
            option + " " + dir + ": " + traces.getFileName() + " is a file, not a folder (traces/<run key>.jsonl are written there)");
    }

    /**
     * Runs what {@code dir/runs.jsonl} lacks of {@code s} and writes provenance.json (this session added to
     * the earlier ones, runs counted by the build that made them: {@link ProvenanceFile}), runs.csv and,
     * when {@code report} is given, the report it writes (aggregate.csv, figures, index.html). Units of
     * work come from {@link SweepRunner#plan}; a unit an earlier sweep left half-recorded is
     * recomputed whole, so its results are bitwise those of an uninterrupted sweep, and only its
     * missing runs are appended. The units run on {@code engine} ({@link SweepEngine#LOCAL}: threads of this
     * JVM; or e.g. Spark's, which the command line creates from {@code --engine}); only this JVM writes files.
     * A spec with {@code trace:} needs an engine that records traces ({@link SweepEngine#supportsTraces}).
     *
     * @param engine   where the units run
     * @param specFile where the spec came from (for provenance)
     * @param threads  worker threads
     * @param batch    largest batch (1: no batching)
     * @param report   writes the report at the end (null: none)
     * @return the records of runs.jsonl by key
     */
    public static Map<String, JsonNode> run(SweepEngine engine, ExperimentSpec s, String specFile, Path dir, int threads, int batch,
                                            Monitor monitor, Reporter report) {
        java.util.Objects.requireNonNull(engine, "engine");
        long start = System.nanoTime();
        checkOutputs(s, dir, "sweep folder");
        InvalidInputException.require(s.trace() == null || engine.supportsTraces(), "trace: traces are recorded by the local "
            + "engine only (run this spec without --engine " + engine.describe() + ")"); // before anything is written
        Provenance.Info session = SweepOutput.session(s, threads, batch, specFile, engine.describe());
        Path provenanceFile = dir.resolve("provenance.json");
        Map<String, JsonNode> records;
        try (RunsFile runs = RunsFile.open(dir.resolve("runs.jsonl"))) {
            ProvenanceFile.update(provenanceFile, session, runs.records().values()); // after runs.jsonl passed its checks
            SweepRunner runner = new SweepRunner(threads, batch, s.trace());
            Path traces = dir.resolve("traces");
            List<List<RunConfig>> todo = new ArrayList<>();
            int missing = 0;
            for (List<RunConfig> unit : runner.plan(s.runs())) {
                int lacking = (int) unit.stream().filter(c -> !runs.has(c.key())
                    || (s.trace() != null && !Files.exists(traceFile(traces, c.key())))).count();
                if (lacking > 0) {
                    todo.add(unit);
                    missing += lacking;
                }
            }
            monitor.start(s.name(), missing);
            int[] done = {0};
            engine.runUnits(s, todo, threads, batch, rec -> {
                Object lines = rec.remove(SweepOutput.TRACE_KEY);
                if (lines != null) { // the trace first: a record in runs.jsonl means its trace is in place
                    writeTrace(traceFile(traces, (String) rec.get("key")), rec, lines);
                }
                if (!runs.has((String) rec.get("key"))) {
                    runs.append(rec);
                    monitor.step(++done[0]);
                }
            });
            records = runs.records();
            Map<String, Object> provenance = ProvenanceFile.update(provenanceFile, session, records.values());
            SweepOutput.writeCsv(dir.resolve("runs.csv"), s, records);
            if (report != null) {
                report.write(dir, s, records, provenance);
            }
            monitor.finish(SweepOutput.summary(s, records, missing, (System.nanoTime() - start) / 1e9));
        }
        return records;
    }

    /** The trace file of the run with key {@code key}: {@code traces/<key>.jsonl} beside runs.jsonl. */
    public static Path traceFile(Path traces, String key) {
        return traces.resolve(key + ".jsonl");
    }

    @SuppressWarnings("unchecked")
    private static void writeTrace(Path file, Map<String, Object> rec, Object lines) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("key", rec.get("key"));
        run.put("label", rec.get("label"));
        Object config = rec.get("config");
        if (config instanceof Map<?, ?> m) {
            run.putAll((Map<String, Object>) m);
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file.getParent() + ": cannot create folder (" + e.getMessage() + ")", e);
        }
        org.implreg.io.AtomicFiles.write(file, org.implreg.io.TraceFile.bytes(run, (List<org.implreg.metrics.TraceRecorder.Row>) lines));
    }
}

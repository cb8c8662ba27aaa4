package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Provenance;
import org.implreg.result.ResultJson;

/**
 * The files of a sweep folder: {@code runs.jsonl} (one record a run: key, index, label, config,
 * result, seconds, error, build: the implreg build that made it), {@code runs.csv} (the scalar
 * columns, for pandas, in spec order) and {@code provenance.json} (see {@link ProvenanceFile}).
 */
public final class SweepOutput {
    /** Result keys copied into runs.csv, in this order. */
    public static final List<String> CSV_RESULT_KEYS = List.of("stop_reason", "iterations", "gradient_evaluations", "train_error",
        "rel_error", "nuclear_norm", "effective_rank", "numerical_rank", "flow_time", "certified");

    private SweepOutput() {}

    /** Where a record carries its run's trace lines from the engine to {@link Sweeps#run} (never written to runs.jsonl). */
    public static final String TRACE_KEY = "_trace";

    /** The runs.jsonl record of an outcome. Timing goes to "seconds", outside "result". */
    public static Map<String, Object> record(SweepRunner.Outcome o) {
        RunConfig c = o.config();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("key", c.key());
        rec.put("index", c.index());
        rec.put("label", c.label());
        rec.put("config", c.describe());
        if (o.report() != null) {
            Map<String, Object> result = new LinkedHashMap<>(ResultJson.of(o.report(), Map.of(), Map.of()));
            result.remove("provenance");
            result.remove("problem");
            result.remove("seconds");
            rec.put("result", result);
        } else {
            rec.put("result", null);
        }
        rec.put("seconds", o.seconds());
        rec.put("error", o.error());
        rec.put("build", Provenance.Build.current().toMap());
        if (o.trace() != null) {
            rec.put(TRACE_KEY, o.trace());
        }
        return rec;
    }

    /** The provenance of a session of a sweep (its options: spec, runs, threads, max_batch, engine). */
    public static Provenance.Info session(ExperimentSpec spec, int threads, int batch, String specFile, String engine) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("spec_file", specFile);
        options.put("spec", spec.source());
        options.put("runs", spec.runs().size());
        options.put("threads", threads);
        options.put("max_batch", batch);
        options.put("engine", engine);
        return Provenance.Info.current(options, null);
    }

    /** Writes runs.csv from the records, in the order of the spec's runs. */
    public static void writeCsv(Path file, ExperimentSpec spec, Map<String, JsonNode> records) {
        List<String> header = new ArrayList<>(List.of("key", "index", "label", "method", "n", "rank", "m", "measurement",
            "planted", "noise", "problem_seed", "d", "init_scale", "step", "line_search", "tol", "seed", "options"));
        header.addAll(CSV_RESULT_KEYS);
        header.add("seconds");
        header.add("error");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (RunConfig c : spec.runs()) {
            JsonNode r = records.get(c.key());
            if (r == null) {
                continue;
            }
            JsonNode cfg = r.get("config");
            JsonNode p = cfg.get("problem");
            List<String> row = new ArrayList<>();
            row.add(c.key());
            row.add(Integer.toString(c.index()));
            row.add(c.label());
            row.add(cfg.get("method").asText());
            for (String k : List.of("n", "rank", "m", "measurement", "planted", "noise", "seed")) {
                row.add(text(p.get(k)));
            }
            for (String k : List.of("d", "init_scale", "step", "line_search", "tol", "seed")) {
                row.add(text(cfg.get(k)));
            }
            row.add(cfg.has("options") ? cfg.get("options").toString() : "");
            JsonNode res = r.get("result");
            for (String k : CSV_RESULT_KEYS) {
                row.add(res == null || res.isNull() ? "" : text(res.get(k)));
            }
            row.add(text(r.get("seconds")));
            row.add(text(r.get("error")));
            sb.append(String.join(",", row.stream().map(SweepOutput::csv).toList())).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isNumber() ? v.numberValue().toString() : v.asText();
    }

    private static final Set<Character> SPECIAL = Set.of(',', '"', '\n', '\r');

    /** A CSV field (RFC 4180), quoted when it holds a comma, quote or line break. */
    public static String csv(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (SPECIAL.contains(s.charAt(i))) {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    /** A one-line summary of the sweep for stderr. */
    public static String summary(ExperimentSpec spec, Map<String, JsonNode> records, int ranNow, double seconds) {
        int errors = 0;
        int diverged = 0;
        for (JsonNode r : records.values()) {
            if (!r.get("error").isNull()) {
                errors++;
            } else if (r.get("result").has("stop_reason")
                && Set.of("DIVERGED", "NON_FINITE").contains(r.get("result").get("stop_reason").asText())) {
                diverged++;
            }
        }
        return String.format(Locale.ROOT, "%s: %d runs (%d now, %d before) in %.1f s; %d diverged, %d failed", spec.name(),
            records.size(), ranNow, records.size() - ranNow, seconds, diverged, errors);
    }
}

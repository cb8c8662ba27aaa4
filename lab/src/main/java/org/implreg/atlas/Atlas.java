package org.implreg.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.io.AtomicFiles;
import org.implreg.io.Json;
import org.implreg.io.OutputFiles;
import org.implreg.report.RecordJson;
import org.implreg.sweep.RunsFile;
import org.implreg.sweep.SweepEngine;

/**
 * Runs a phase diagram ({@code implreg atlas}) into a folder, resumably: every instance ({@link AtlasTask}) is a unit of
 * work on the engine the caller passes, and its record is appended to {@code atlas.jsonl} (a {@link RunsFile}, keyed by
 * {@link AtlasTask#key()}) as it finishes. A rerun skips the instances the store has; a kill loses at most the
 * instances running at the time (a torn last line is dropped when the store is opened) and duplicates nothing.
 *
 * <p>The folder: {@code spec.json} (the validated spec, which {@code implreg atlas spec.json} reads back to the same
 * instances), {@code atlas.jsonl} (one {@link AtlasRecord} a line) and {@code atlas.json} ({@link #report}).
 */
public final class Atlas {
    private Atlas() {}

    /** The files of an atlas's folder. */
    public static final List<String> FILES = List.of("spec.json", "atlas.jsonl", "atlas.json");

    /** Checks, before anything is written or started, that the atlas's files can be written in {@code dir}; errors name {@code option}. */
    public static void checkOutputs(Path dir, String option) {
        OutputFiles.checkFolder(dir, option);
        for (String f : FILES) {
            OutputFiles.check(dir.resolve(f), option);
        }
    }

    /**
     * Runs the instances of {@code spec} that {@code out/atlas.jsonl} lacks on {@code engine} ({@code threads}: worker threads
     * where it runs on this JVM), appending each record as it comes back; one progress line at the start, about every
     * 5% of the instances and at the end. Writes nothing before the outputs are checked.
     *
     * @return every instance's record in grid order (rank, then m, then trial), as read back from the store
     */
    public static List<AtlasRecord> run(AtlasSpec spec, Path out, SweepEngine engine, int threads, Consumer<String> progress) {
        java.util.Objects.requireNonNull(engine, "engine");
        InvalidInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
        checkOutputs(out, "--out");
        long start = System.nanoTime();
        String hash = spec.settingsHash();
        List<AtlasTask> tasks = spec.tasks();
        try (RunsFile runs = RunsFile.open(out.resolve("atlas.jsonl"))) {
            AtomicFiles.write(out.resolve("spec.json"), Json.bytes(specTree(spec)));
            List<AtlasTask> todo = tasks.stream().filter(t -> !runs.has(t.key(hash))).toList();
            progress.accept(String.format(Locale.ROOT, "atlas: %d instances (n = %d, %s, %d ranks × %d m × %d trials, %d solvers): %d recorded, "
                    + "running %d on %s", tasks.size(), spec.n(), spec.family(), spec.ranks().size(), spec.ms().size(), spec.trials(),
                spec.solvers().size(), tasks.size() - todo.size(), todo.size(), engine.describe()));
            int every = Math.max(1, todo.size() / 20);
            int[] done = {0};
            engine.runTasks(todo, threads, rec -> {
                if (!runs.has((String) rec.get("key"))) {
                    runs.append(rec);
                }
                if (++done[0] % every == 0 || done[0] == todo.size()) {
                    progress.accept(String.format(Locale.ROOT, "atlas: %d/%d instances [%.1f s]", done[0], todo.size(),
                        (System.nanoTime() - start) / 1e9));
                }
            });
            List<AtlasRecord> records = new ArrayList<>();
            for (AtlasTask t : tasks) {
                JsonNode node = runs.get(t.key(hash));
                if (node == null) {
                    throw new IllegalStateException("the engine returned no record for instance " + t.key(hash));
                }
                records.add(RecordJson.fromTree(node, AtlasRecord.class));
            }
            return records;
        }
    }

    /**
     * What {@link #report} wrote: the aggregation (atlas.json) and the figures (name → caption).
     *
     * @param summary the aggregation
     * @param figures the figures under {@code out/figures/}, heat maps first
     */
    public record Report(AtlasSummary summary, Map<String, String> figures) {}

    /** {@link #report(AtlasGrid, Path, List, AtlasSummary.Theory)} of the spec's grid, δ from {@link AtlasSummary.Theory#DEFAULT}. */
    public static Report report(AtlasSpec spec, Path out, List<AtlasRecord> records) {
        return report(spec.grid(), out, records, AtlasSummary.Theory.DEFAULT);
    }

    /**
     * Writes {@code out/atlas.json} (the aggregation, {@link AtlasSummary}, by {@link RecordJson}: per cell and solver the
     * success probability with its Wilson interval, per rank δ, the degrees of freedom and every solver's 50% transition,
     * the certified counterexamples, the records) and the figures ({@link AtlasFigures}: a heat map per solver, the
     * transitions) under {@code out/figures/}.
     */
    public static Report report(AtlasGrid grid, Path out, List<AtlasRecord> records, AtlasSummary.Theory theory) {
        AtlasSummary summary = AtlasSummary.of(grid, records, theory);
        AtomicFiles.write(out.resolve("atlas.json"), Json.bytes(RecordJson.toMap(summary)));
        return new Report(summary, AtlasFigures.write(summary, out.resolve("figures")));
    }

    /** The records of {@code out/atlas.jsonl} as stored (each naming the build that made it), for provenance. */
    public static java.util.Collection<JsonNode> stored(Path out) {
        try (RunsFile runs = RunsFile.open(out.resolve("atlas.jsonl"))) {
            return List.copyOf(runs.records().values());
        }
    }

    /**
     * The spec as a spec file writes it ({@code spec.json}): every row with its settings, the rows of one α list as one
     * entry with {@code alphas}, {@code nucmin} first; {@link AtlasSpecs#read} gives back an equal {@link AtlasSpec}.
     */
    static Map<String, Object> specTree(AtlasSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", spec.family());
        m.put("n", spec.n());
        m.put("ranks", spec.ranks());
        m.put("m", spec.ms());
        m.put("trials", spec.trials());
        m.put("seed", spec.seed());
        List<Map<String, Object>> entries = new ArrayList<>();
        Integer group = null;
        for (AtlasSpec.Solver s : spec.solvers()) {
            if (s.alphaOf() != null && s.alphaOf().equals(group)) {
                @SuppressWarnings("unchecked")
                List<Double> alphas = (List<Double>) entries.get(entries.size() - 1).get("alphas");
                alphas.add(s.initScale());
                continue;
            }
            group = s.alphaOf();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", s.method());
            e.put("label", s.alphaOf() == null ? s.label() : s.label().substring(0, s.label().lastIndexOf(" α=")));
            putIf(e, "d", s.d());
            if (s.alphaOf() != null) {
                e.put("alphas", new ArrayList<>(List.of(s.initScale())));
            } else {
                putIf(e, "init_scale", s.initScale());
            }
            putIf(e, "step", s.step());
            putIf(e, "max_iter", s.maxIter());
            putIf(e, "tol", s.tol());
            if (!s.options().isEmpty()) {
                e.put("options", s.options());
            }
            entries.add(e);
        }
        m.put("solvers", entries);
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("tol", spec.successTol());
        putIf(success, "max_iter", spec.maxIter());
        m.put("success", success);
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}

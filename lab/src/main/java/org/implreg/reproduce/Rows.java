package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.implreg.io.Json;
import org.implreg.report.RecordJson;
import org.implreg.io.Provenance;
import org.implreg.sweep.RunsFile;

/**
 * Results of a reproduction's expensive steps kept in the reproduction's {@code rows.jsonl}, the same
 * keyed record store ({@link RunsFile}) that holds a sweep's runs: one record a finished row, keyed by
 * the row's name and the hash of its settings, carrying the build that computed it. A rerun with the
 * same key reads the record instead of recomputing (resume after a crash or Ctrl-C).
 */
public final class Rows {
    /** The store's file in a reproduction's folder. */
    public static final String FILE = "rows.jsonl";

    private Rows() {}

    /** Where a row lives: the store of folder {@code dir}, under {@code name}. */
    public record Slot(Path dir, String name) {}

    /**
     * Typed rows: the row {@code name} with settings hash {@code key}, read from the store as a {@code type} if it is
     * there, else {@code job}'s record, appended to the store. Either way the record is the one its stored JSON
     * reads back as ({@link RecordJson#roundTrip}: non-finite numbers NaN), so a rerun sees what the first run saw.
     */
    public static <T> T cached(Slot slot, String key, Class<T> type, Supplier<T> job) {
        try (RunsFile store = RunsFile.open(slot.dir().resolve(FILE))) {
            return cached(store, slot.name(), key, type, job);
        }
    }

    /** {@link #cached(Slot, String, Class, Supplier)} in an open store. */
    public static <T> T cached(RunsFile store, String name, String key, Class<T> type, Supplier<T> job) {
        String id = name + "@" + key;
        JsonNode n = store.get(id);
        if (n != null && n.has("row")) {
            return RecordJson.fromTree(n.get("row"), type);
        }
        JsonNode row = RecordJson.toTree(job.get());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("key", id);
        rec.put("name", name);
        rec.put("build", Provenance.Build.current().toMap());
        rec.put("row", row);
        store.append(rec);
        return RecordJson.fromTree(row, type);
    }

    /** The records of the store in {@code dir} (for provenance: the builds that made them). */
    public static Collection<JsonNode> records(Path dir) {
        if (!Files.isRegularFile(dir.resolve(FILE))) {
            return List.of();
        }
        try (RunsFile store = RunsFile.open(dir.resolve(FILE))) {
            return List.copyOf(store.records().values());
        }
    }

    /** The first 12 bytes of SHA-256 of the text, hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job whose result is a record of type T: cached in {@code rows.jsonl} as row {@code file} under {@code key}. */
    public record Job<T>(String file, String key, Supplier<T> compute) {}

    /**
     * Runs the jobs on {@code ctx.threads()} threads, each through {@link #cached(RunsFile, String, String, Class, Supplier)}
     * in the store {@code ctx.dir()/rows.jsonl}, reporting progress to the context's monitor; returns the records by file
     * name in the jobs' order.
     */
    public static <T> Map<String, T> runAll(Reproduction.Context ctx, String task, Class<T> type, List<Job<T>> jobs) {
        long start = System.nanoTime();
        Map<String, T> res = new LinkedHashMap<>();
        ctx.monitor().start(task + " (runs)", jobs.size());
        RunsFile store = RunsFile.open(ctx.dir().resolve(FILE));
        ExecutorService pool = Executors.newFixedThreadPool(ctx.threads(), r -> {
            Thread t = new Thread(r, "implreg-" + task);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> fs = new java.util.ArrayList<>();
            for (Job<T> j : jobs) {
                fs.add(pool.submit(() -> cached(store, j.file(), j.key(), type, j.compute())));
            }
            for (int i = 0; i < jobs.size(); i++) {
                res.put(jobs.get(i).file(), fs.get(i).get());
                ctx.monitor().step(i + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(task + " interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            store.close();
        }
        ctx.monitor().finish(String.format(Locale.ROOT, "%s: %d runs in %.1f s", task, jobs.size(), (System.nanoTime() - start) / 1e9));
        return res;
    }
}

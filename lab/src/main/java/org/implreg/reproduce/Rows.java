package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

/**
 * Results of a reproduction's expensive steps kept as JSON files keyed by their settings: a rerun
 * with the same key reads the file instead of recomputing (resume after a crash or Ctrl-C).
 */
final class Rows {
    private Rows() {}

    /**
     * The map in {@code file} if its {@code key} matches, else {@code job}'s result, saved there (atomically)
     * with the key. Either way the values are JSON's: arrays as lists, non-finite numbers as null.
     */
    static Map<String, Object> cached(Path file, String key, Supplier<Map<String, Object>> job) {
        if (Files.isRegularFile(file)) {
            try {
                JsonNode n = Json.MAPPER.readTree(file.toFile());
                if (key.equals(n.path("key").asText())) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = Json.MAPPER.convertValue(n, LinkedHashMap.class);
                    m.remove("key");
                    return m;
                }
            } catch (IOException e) {
                // unreadable (e.g. written by another version): recompute
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.sanitize(job.get()); // as a reread file would give it
        Map<String, Object> saved = new LinkedHashMap<>(m);
        saved.put("key", key);
        Json.write(saved, file);
        return m;
    }

    /** The first 12 bytes of SHA-256 of the text, hex. */
    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job of a reproduction: cached in {@code runs/FILE.json} under {@code key}. */
    record Job(String file, String key, Supplier<Map<String, Object>> compute) {}

    /**
     * Runs the jobs on {@code ctx.threads()} threads, each through {@link #cached} in
     * {@code ctx.dir()/runs/}, reporting progress to the context's monitor; returns the results by file
     * name in the jobs' order.
     */
    static Map<String, Map<String, Object>> runAll(Reproduction.Context ctx, String task, List<Job> jobs) {
        long start = System.nanoTime();
        Map<String, Map<String, Object>> res = new LinkedHashMap<>();
        ctx.monitor().start(task + " (runs)", jobs.size());
        ExecutorService pool = Executors.newFixedThreadPool(ctx.threads(), r -> {
            Thread t = new Thread(r, "implreg-" + task);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Map<String, Object>>> fs = new java.util.ArrayList<>();
            for (Job j : jobs) {
                fs.add(pool.submit(() -> cached(ctx.dir().resolve("runs").resolve(j.file() + ".json"), j.key(), j.compute())));
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
        }
        ctx.monitor().finish(String.format(Locale.ROOT, "%s: %d runs in %.1f s", task, jobs.size(), (System.nanoTime() - start) / 1e9));
        return res;
    }
}

package org.implreg.completion;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npz;

/**
 * Checkpoints of a {@link CompletionGd} run in one {@code .npz}: {@code u} (n1×d), {@code v} (n2×d)
 * and {@code meta} (JSON: the run's key, step count, seconds, path so far), and a method's further state arrays
 * ({@link CompletionGd.State#extra}) as {@code x_<name>}, replaced atomically at each
 * save. A checkpoint whose key differs from this run's (other data or options) is ignored, so a changed
 * setting starts afresh instead of continuing a different run.
 */
public final class GdCheckpointFile implements CompletionGd.Checkpoints {
    /** The prefix of the extra state arrays' names in the file. */
    static final String EXTRA = "x_";
    private final Path file;
    private final String key;
    private final int n1;
    private final int n2;
    private final int d;

    /**
     * @param file the checkpoint file
     * @param key  identifies the run (e.g. a hash of data and options)
     * @param n1   rows of U
     * @param n2   rows of V
     * @param d    factor width
     */
    public GdCheckpointFile(Path file, String key, int n1, int n2, int d) {
        this.file = file;
        this.key = key;
        this.n1 = n1;
        this.n2 = n2;
        this.d = d;
    }

    /** A key for a run: SHA-256 of the training entries (shape, indices, values) and the options. */
    public static String key(org.implreg.problem.AsymmetricCompletion train, CompletionGd.Options o) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 * train.size() + 8);
            b.putInt(train.n1()).putInt(train.n2());
            for (int e = 0; e < train.size(); e++) {
                b.putInt(train.rows()[e]).putInt(train.cols()[e]).putDouble(train.values()[e]);
            }
            md.update(b.array(), 0, b.position());
            md.update(new java.util.TreeMap<>(o.describe()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<CompletionGd.State> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, NdArray> a;
        JsonNode meta;
        try {
            a = Npz.read(file);
            meta = Json.MAPPER.readTree(a.get("meta").text());
            if (meta == null || !meta.isObject()) {
                throw new InvalidInputException("meta is not a JSON object");
            }
        } catch (InvalidInputException | NullPointerException | java.io.IOException e) {
            throw new InvalidInputException(file + ": unreadable checkpoint (" + e.getMessage() + "); delete it to start afresh");
        }
        if (!key.equals(meta.path("key").asText())) {
            return Optional.empty();
        }
        NdArray u = a.get("u");
        NdArray v = a.get("v");
        InvalidInputException.require(u != null && v != null && u.values() != null && v.values() != null
            && u.values().length == n1 * d && v.values().length == n2 * d, file + ": checkpoint factors do not fit " + n1 + "×" + d
            + " and " + n2 + "×" + d);
        require(org.implreg.linalg.Linalg.allFinite(u.values()) && org.implreg.linalg.Linalg.allFinite(v.values()),
            "factors u, v have non-finite entries");
        JsonNode it = meta.get("iteration");
        require(it != null && it.isIntegralNumber() && it.asLong() >= 0, "meta.iteration is " + (it == null ? "missing" : it.toString()));
        JsonNode sec = meta.get("seconds");
        require(sec != null && sec.isNumber() && Double.isFinite(sec.asDouble()) && sec.asDouble() >= 0,
            "meta.seconds is " + (sec == null ? "missing" : sec.toString()));
        JsonNode pn = meta.get("path");
        require(pn != null && pn.isArray(), "meta.path is " + (pn == null ? "missing" : "not a list"));
        List<CompletionGd.PathPoint> path = new ArrayList<>();
        long last = -1;
        for (int i = 0; i < pn.size(); i++) {
            JsonNode p = pn.get(i);
            require(p.isArray() && p.size() == 6 && p.get(0).isIntegralNumber(), "meta.path[" + i + "] is not [iteration, 5 numbers]");
            for (int c = 1; c < 6; c++) {
                require(p.get(c).isNumber() || p.get(c).isNull(), "meta.path[" + i + "][" + c + "] is " + p.get(c) + ", not a number");
            }
            long k = p.get(0).asLong();
            require(k > last && k <= it.asLong(), "meta.path[" + i + "] has iteration " + k + " out of order");
            last = k;
            path.add(new CompletionGd.PathPoint(k, num(p.get(1)), num(p.get(2)), num(p.get(3)), num(p.get(4)), num(p.get(5))));
        }
        Map<String, double[]> extra = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : a.entrySet()) {
            if (e.getKey().startsWith(EXTRA)) {
                double[] x = e.getValue().values();
                require(x != null && org.implreg.linalg.Linalg.allFinite(x), e.getKey() + " is not a finite array");
                extra.put(e.getKey().substring(EXTRA.length()), x);
            }
        }
        return Optional.of(new CompletionGd.State(it.asLong(), u.values(), v.values(), path, sec.asDouble(), extra));
    }

    /** A checkpoint of this run (its key matches) whose contents do not hold up: exit code 2, never a crash. */
    private void require(boolean ok, String what) {
        if (!ok) {
            throw new InvalidInputException(file + ": checkpoint is damaged (" + what + "); delete it to start afresh");
        }
    }

    @Override
    public void save(CompletionGd.State s) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("key", key);
        meta.put("iteration", s.iteration());
        meta.put("seconds", s.seconds());
        List<List<Object>> path = new ArrayList<>();
        for (CompletionGd.PathPoint p : s.path()) {
            path.add(java.util.Arrays.asList(p.iteration(), p.loss(), p.trainError(), p.testError(), p.nuclearNorm(), p.seconds()));
        }
        meta.put("path", path);
        Map<String, NdArray> out = new LinkedHashMap<>();
        out.put("u", NdArray.ofDoubles(s.u(), n1, d));
        out.put("v", NdArray.ofDoubles(s.v(), n2, d));
        out.put("meta", NdArray.ofText(Json.toJson(meta)));
        for (Map.Entry<String, double[]> e : s.extra().entrySet()) {
            out.put(EXTRA + e.getKey(), NdArray.ofDoubles(e.getValue(), e.getValue().length));
        }
        Npz.write(out, file, false);
    }

    /** Removes the checkpoint (after the run finished and its results are written). */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot delete checkpoint", e);
        }
    }

    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}

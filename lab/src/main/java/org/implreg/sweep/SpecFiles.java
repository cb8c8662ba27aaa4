package org.implreg.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.implreg.InvalidInputException;
import org.implreg.method.Capabilities;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.ProblemSpec;

/**
 * Experiment specs (YAML or JSON; JSON is YAML) and their expansion into runs. Example:
 * <pre>
 * name: fig1a
 * problem: {n: 50, rank: 2, measurement: gaussian, planted: low-rank, seed: 1}   # m defaults to 3nr
 * methods:
 *   - {method: gd, label: "GD small init", init_scale: 1e-4, step: 1e-3, tol: 1e-4, grid: {d: [1, 2, 5, 50]}}
 *   - {method: xgd}
 *   - {method: flow, options: {rtol: 1e-7}}
 * grid: {measurement: [gaussian, uniform]}     # axes shared by all methods (problem or method keys)
 * seeds: [0, 1, 2]                            # initialization seeds
 * </pre>
 * Problem keys: n, rank, m, measurement and planted (families registered in
 * {@link org.implreg.problem.ProblemFamilies}), noise, power_law_exponent, seed. Method keys:
 * method (a method registered in {@link Methods} that solves symmetric problems), label, d, init ({@code gaussian}, the default, or {@code svd-xgd}: the top-d factor of the
 * problem's X_gd), init_scale, step, line_search, max_iter, tol, options (a map of the method's
 * options), grid, seeds (overrides the global seeds, e.g. {@code [0]} for a deterministic method).
 * Grid axes are lists of values for any problem key (seed as {@code problem_seed}), method key or
 * {@code options.NAME}; a method's grid adds to the global one and overrides it on the same key. Runs are method entries × axes (in the order written) × seeds. Every error names the
 * file and the key, e.g. {@code spec.yaml: methods[1].stepp: unknown key}; a setting the method does not
 * support (its {@link org.implreg.method.Capabilities}) is refused the same way, e.g.
 * {@code spec.yaml: methods[2]: method xgd does not support d (it has no factor width)}. That includes
 * init_scale, max_iter and tol written (in the entry or a grid) for a method that does not read them
 * (xgd and nucmin have no initialization, csdp no iteration cap), and an entry's {@code seeds} with more
 * than one seed for a method or initialization that is not random; one seed ({@code seeds: [0]}) runs
 * such a method once, and the global seeds, shared by all entries, are never refused.
 */
public final class SpecFiles {
    private SpecFiles() {}

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> TOP = Set.of("name", "problem", "methods", "grid", "seeds", "trace");
    private static final Set<String> TRACE = Set.of("every", "log_spaced", "top");
    private static final Set<String> PROBLEM = Set.of("n", "rank", "m", "measurement", "planted", "noise",
        "power_law_exponent", "seed");
    private static final Set<String> METHOD = Set.of("method", "label", "d", "init", "init_scale", "step", "line_search",
        "max_iter", "tol", "options", "grid", "seeds");
    private static final Set<String> METHOD_SCALARS = Set.of("d", "init", "init_scale", "step", "line_search", "max_iter", "tol");

    /** Largest spec file read, in bytes (specs are a few hundred bytes; this refuses a huge file before reading it). */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** Largest number of YAML nodes a spec may hold, aliases expanded (bounds "billion laughs" expansions). */
    public static final int MAX_NODES = 100_000;
    /** Default largest number of runs a spec may expand to ({@code implreg run --max-runs} raises it). */
    public static final long DEFAULT_MAX_RUNS = 100_000;

    /** Reads and expands a spec file (at most {@link #DEFAULT_MAX_RUNS} runs). */
    public static ExperimentSpec read(Path file) {
        return read(file, DEFAULT_MAX_RUNS);
    }

    /**
     * Reads and expands a spec file: YAML aliases are resolved (at most {@link #MAX_NODES} nodes in
     * all), a key written twice in one mapping is refused, and so is a spec that would expand to more
     * than {@code maxRuns} runs (counted before anything is expanded).
     */
    public static ExperimentSpec read(Path file, long maxRuns) {
        String text;
        try {
            long size = Files.size(file);
            InvalidInputException.require(size <= MAX_FILE_BYTES, file + ": " + size + " bytes is too large for a spec (at most "
                + MAX_FILE_BYTES + ")");
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = YamlTree.read(text, file.getFileName().toString(), MAX_NODES);
        } catch (JacksonException e) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException(file + ": not valid YAML/JSON" + loc + " (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(root, file.getFileName().toString(), maxRuns);
    }

    /** Expands a parsed spec (at most {@link #DEFAULT_MAX_RUNS} runs); {@code where} prefixes error messages. */
    public static ExperimentSpec parse(JsonNode root, String where) {
        return parse(root, where, DEFAULT_MAX_RUNS);
    }

    /** Expands a parsed spec, refusing one of more than {@code maxRuns} runs before expanding it. */
    @SuppressWarnings("unchecked")
    public static ExperimentSpec parse(JsonNode root, String where, long maxRuns) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where + ": the spec must be a mapping with problem, methods, grid, seeds");
        }
        checkKeys(root, TOP, where, "");
        String name = root.has("name") ? text(root.get("name"), where, "name") : "sweep";
        JsonNode prob = root.get("problem");
        if (prob == null || !prob.isObject()) {
            throw new InvalidInputException(where + ": problem: required mapping (n, rank, ...)");
        }
        checkKeys(prob, PROBLEM, where, "problem.");
        Map<String, JsonNode> globalGrid = grid(root.get("grid"), where, "grid");
        List<Long> globalSeeds = root.has("seeds") ? seeds(root.get("seeds"), where, "seeds") : List.of(0L);
        JsonNode methods = root.get("methods");
        if (methods == null || !methods.isArray() || methods.isEmpty()) {
            throw new InvalidInputException(where + ": methods: required non-empty list");
        }
        requireRunCount(root, methods, globalGrid, globalSeeds, where, maxRuns);
        List<RunConfig> runs = new ArrayList<>();
        for (int k = 0; k < methods.size(); k++) {
            String path = "methods[" + k + "]";
            JsonNode me = methods.get(k);
            if (!me.isObject()) {
                throw new InvalidInputException(where + ": " + path + ": expected a mapping with at least 'method'");
            }
            checkKeys(me, METHOD, where, path + ".");
            if (!me.has("method")) {
                throw new InvalidInputException(where + ": " + path + ".method: required");
            }
            String mname = text(me.get("method"), where, path + ".method");
            Method method;
            try {
                method = Methods.get(mname, ProblemKind.SYMMETRIC);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": " + path + ".method: " + e.getMessage());
            }
            String label = me.has("label") ? text(me.get("label"), where, path + ".label") : mname;
            List<Long> seeds = me.has("seeds") ? seeds(me.get("seeds"), where, path + ".seeds") : globalSeeds;
            // the seed counts as set by the entry when it lists several: one seed (e.g. [0]) runs a deterministic method once
            boolean seedGiven = me.has("seeds") && seeds.size() > 1;
            Map<String, JsonNode> axes = new LinkedHashMap<>(globalGrid);
            axes.putAll(grid(me.get("grid"), where, path + ".grid"));
            for (String axis : axes.keySet()) {
                checkAxis(axis, method, where, path);
            }
            Map<String, JsonNode> fixed = new LinkedHashMap<>();
            prob.fields().forEachRemaining(e -> fixed.put(e.getKey().equals("seed") ? "problem_seed" : e.getKey(), e.getValue()));
            me.fields().forEachRemaining(e -> {
                if (METHOD_SCALARS.contains(e.getKey())) {
                    fixed.put(e.getKey(), e.getValue());
                }
            });
            JsonNode opts = me.get("options");
            if (opts != null) {
                if (!opts.isObject()) {
                    throw new InvalidInputException(where + ": " + path + ".options: expected a mapping of option: value");
                }
                opts.fields().forEachRemaining(e -> fixed.put("options." + e.getKey(), e.getValue()));
            }
            List<String> names = new ArrayList<>(axes.keySet());
            int[] at = new int[names.size()];
            while (true) {
                Map<String, JsonNode> values = new LinkedHashMap<>(fixed);
                StringBuilder desc = new StringBuilder();
                for (int a = 0; a < names.size(); a++) {
                    JsonNode v = axes.get(names.get(a)).get(at[a]);
                    values.put(names.get(a), v);
                    desc.append(desc.length() == 0 ? " with " : ", ").append(names.get(a)).append('=').append(v.asText());
                }
                for (long seed : seeds) {
                    runs.add(config(runs.size(), label, mname, method, values, seed, seedGiven, where, path + desc));
                }
                int a = names.size() - 1;
                while (a >= 0 && ++at[a] == axes.get(names.get(a)).size()) {
                    at[a] = 0;
                    a--;
                }
                if (a < 0) {
                    break;
                }
            }
        }
        Map<String, Object> source = YAML.convertValue(root, Map.class);
        return new ExperimentSpec(name, runs, source, trace(root.get("trace"), where));
    }

    /** The spec's {@code trace:} mapping (every K or log_spaced N, and top), or null without one. */
    private static ExperimentSpec.Trace trace(JsonNode t, String where) {
        if (t == null) {
            return null;
        }
        if (!t.isObject()) {
            throw new InvalidInputException(where + ": trace: expected a mapping {every: K} or {log_spaced: N}, got " + describe(t));
        }
        checkKeys(t, TRACE, where, "trace.");
        Long every = t.has("every") ? integer(t.get("every"), where, "trace.every") : null;
        Long log = t.has("log_spaced") ? integer(t.get("log_spaced"), where, "trace.log_spaced") : null;
        int top = t.has("top") ? intValue(t.get("top"), where, "trace.top") : org.implreg.metrics.TraceRecorder.DEFAULT_TOP;
        InvalidInputException.require(top >= 1, where + ": trace.top must be ≥ 1, got " + top);
        try {
            return new ExperimentSpec.Trace(org.implreg.metrics.TraceSchedule.of(every, log, "trace.every", "trace.log_spaced"), top);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    /** Counts the runs (entries × axes × seeds) without expanding them; refuses more than {@code maxRuns}. */
    private static void requireRunCount(JsonNode root, JsonNode methods, Map<String, JsonNode> globalGrid, List<Long> globalSeeds,
                                        String where, long maxRuns) {
        long total = 0;
        for (int k = 0; k < methods.size(); k++) {
            JsonNode me = methods.get(k);
            if (!me.isObject()) {
                continue; // refused with its own message below
            }
            Map<String, JsonNode> axes = new LinkedHashMap<>(globalGrid);
            axes.putAll(grid(me.get("grid"), where, "methods[" + k + "].grid"));
            long n = me.has("seeds") && me.get("seeds").isArray() ? Math.max(1, me.get("seeds").size()) : globalSeeds.size();
            for (JsonNode axis : axes.values()) {
                n = saturatingMultiply(n, axis.size());
            }
            total = Math.min(Long.MAX_VALUE / 2, total + n);
        }
        if (total > maxRuns) {
            throw new InvalidInputException(where + ": the spec expands to " + (total >= Long.MAX_VALUE / 2 ? "more than 10^18"
                : Long.toString(total)) + " runs, more than the limit of " + maxRuns + " (raise it with --max-runs)");
        }
    }

    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static void checkAxis(String axis, Method method, String where, String path) {
        if (axis.startsWith("options.")) {
            String o = axis.substring("options.".length());
            if (!method.optionKeys().contains(o)) {
                throw new InvalidInputException(where + ": grid." + axis + ": method " + method.name() + " (" + path
                    + ") has no option '" + o + "'");
            }
            return;
        }
        if (!(PROBLEM.contains(axis) && !axis.equals("seed")) && !axis.equals("problem_seed") && !METHOD_SCALARS.contains(axis)) {
            throw new InvalidInputException(where + ": grid." + axis + ": unknown axis (known: problem keys "
                + String.join(", ", new TreeSet<>(PROBLEM)).replace("seed", "problem_seed") + "; method keys "
                + String.join(", ", new TreeSet<>(METHOD_SCALARS)) + "; options.NAME)");
        }
    }

    private static RunConfig config(int index, String label, String mname, Method method, Map<String, JsonNode> v, long seed,
                                    boolean seedGiven, String where, String path) {
        try {
            int n = intValue(req(v, "n", where, "problem.n"), where, "problem.n");
            int rank = v.containsKey("rank") ? intValue(v.get("rank"), where, "problem.rank") : 1;
            long m3 = 3L * n * rank;
            InvalidInputException.require(v.containsKey("m") || (n >= 1 && rank >= 1 && m3 <= Integer.MAX_VALUE),
                where + ": problem: m = 3·n·rank = " + m3 + " is out of range (n = " + n + ", rank = " + rank + ")");
            int m = v.containsKey("m") ? intValue(v.get("m"), where, "problem.m") : (int) m3;
            ProblemSpec.Planted planted = v.containsKey("planted")
                ? ProblemSpec.Planted.parse(text(v.get("planted"), where, "problem.planted")) : ProblemSpec.Planted.LOW_RANK;
            ProblemSpec.Measurement meas = v.containsKey("measurement")
                ? ProblemSpec.Measurement.parse(text(v.get("measurement"), where, "problem.measurement"))
                : ProblemSpec.Measurement.GAUSSIAN;
            double noise = v.containsKey("noise") ? number(v.get("noise"), where, "problem.noise") : 0.0;
            double a = v.containsKey("power_law_exponent") ? number(v.get("power_law_exponent"), where, "problem.power_law_exponent")
                : MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT;
            long pseed = v.containsKey("problem_seed") ? integer(v.get("problem_seed"), where, "problem.seed") : 0L;
            ProblemSpec ps = new ProblemSpec(n, rank, m, planted, meas, noise, a);
            Integer d = v.containsKey("d") ? intValue(v.get("d"), where, path + ".d") : null;
            InvalidInputException.require(d == null || (d >= 1 && d <= n), "d = " + d + " must be in 1..n = " + n);
            double initScale = v.containsKey("init_scale") ? number(v.get("init_scale"), where, path + ".init_scale") : 1e-4;
            double step = v.containsKey("step") ? number(v.get("step"), where, path + ".step") : Double.NaN;
            boolean ls = v.containsKey("line_search") && bool(v.get("line_search"), where, path + ".line_search");
            Long maxIter = v.containsKey("max_iter") ? integer(v.get("max_iter"), where, path + ".max_iter") : null;
            Double tol = v.containsKey("tol") ? number(v.get("tol"), where, path + ".tol") : null;
            Map<String, String> options = new LinkedHashMap<>();
            v.forEach((k, x) -> {
                if (k.startsWith("options.")) {
                    if (!x.isValueNode()) {
                        throw new InvalidInputException(where + ": " + path + "." + k + ": expected a scalar value");
                    }
                    options.put(k.substring("options.".length()), x.asText());
                }
            });
            SolveSettings.Init init = SolveSettings.Init.GAUSSIAN;
            if (v.containsKey("init")) {
                String ik = text(v.get("init"), where, path + ".init");
                InvalidInputException.require(ik.equals("gaussian") || ik.equals("svd-xgd"),
                    "init: expected gaussian or svd-xgd, got '" + ik + "'");
                init = SolveSettings.Init.parse(ik);
            }
            SolveSettings s = new SolveSettings(mname, d, initScale, step, ls, maxIter, tol, seed, init, null, options);
            Set<String> given = new java.util.HashSet<>(); // written in the entry or a grid: a default is never refused
            if (v.containsKey(Capabilities.INIT_SCALE)) {
                given.add(Capabilities.INIT_SCALE);
            }
            if (seedGiven) {
                given.add(Capabilities.SEED);
            }
            method.requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES, given);
            method.validate(ProblemKind.SYMMETRIC, s, n); // every value now, not when the run starts (issue 27)
            return new RunConfig(index, label, ps, pseed, s);
        } catch (InvalidInputException e) {
            String msg = e.getMessage();
            throw new InvalidInputException(msg.startsWith(where + ":") ? msg : where + ": " + path + ": " + msg);
        }
    }

    private static List<Long> seeds(JsonNode sn, String where, String path) {
        if (!sn.isArray() || sn.isEmpty()) {
            throw new InvalidInputException(where + ": " + path + ": expected a non-empty list of integers");
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < sn.size(); i++) {
            seeds.add(integer(sn.get(i), where, path + "[" + i + "]"));
        }
        return seeds;
    }

    private static JsonNode req(Map<String, JsonNode> v, String key, String where, String path) {
        JsonNode x = v.get(key);
        if (x == null) {
            throw new InvalidInputException(where + ": " + path + ": required");
        }
        return x;
    }

    private static Map<String, JsonNode> grid(JsonNode g, String where, String path) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (g == null) {
            return out;
        }
        if (!g.isObject()) {
            throw new InvalidInputException(where + ": " + path + ": expected a mapping of axis: [values]");
        }
        Iterator<Map.Entry<String, JsonNode>> it = g.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode vals = e.getValue();
            if (!vals.isArray()) {
                throw new InvalidInputException(where + ": " + path + "." + e.getKey() + ": expected a list of values");
            }
            if (vals.isEmpty()) {
                throw new InvalidInputException(where + ": " + path + "." + e.getKey() + ": empty axis");
            }
            out.put(e.getKey(), vals);
        }
        return out;
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!known.contains(k)) {
                throw new InvalidInputException(where + ": " + prefix + k + ": unknown key (known: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(JsonNode x, String where, String path) {
        if (x == null || !x.isValueNode() || x.isNull()) {
            throw new InvalidInputException(where + ": " + path + ": expected a string, got " + describe(x));
        }
        return x.asText();
    }

    private static double number(JsonNode x, String where, String path) {
        if (x != null && x.isNumber() && !Double.isNaN(x.asDouble())) { // NaN (.nan) would read as "the default"
            return x.asDouble();
        }
        if (x != null && x.isTextual()) {
            try {
                double d = Double.parseDouble(x.asText().trim());
                if (!Double.isNaN(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new InvalidInputException(where + ": " + path + ": expected a number, got " + describe(x));
    }

    private static long integer(JsonNode x, String where, String path) {
        if (x != null && x.isIntegralNumber()) {
            if (!x.canConvertToLong()) {
                throw new InvalidInputException(where + ": " + path + ": " + x.asText() + " is out of range");
            }
            return x.asLong();
        }
        if (x != null && (x.isNumber() || x.isTextual())) {
            try {
                double d = x.isNumber() ? x.asDouble() : Double.parseDouble(x.asText().trim());
                if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new InvalidInputException(where + ": " + path + ": expected an integer, got " + describe(x));
    }

    /** An integer that fits an int: a larger one is refused, never wrapped (4294967298 is not 2). */
    private static int intValue(JsonNode x, String where, String path) {
        long v = integer(x, where, path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": " + path + ": " + v + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    private static boolean bool(JsonNode x, String where, String path) {
        if (x != null && x.isBoolean()) {
            return x.asBoolean();
        }
        throw new InvalidInputException(where + ": " + path + ": expected true or false, got " + describe(x));
    }

    private static String describe(JsonNode x) {
        if (x == null || x.isNull()) {
            return "nothing";
        }
        if (x.isContainerNode()) {
            return x.isArray() ? "a list" : "a mapping";
        }
        return "'" + x.asText() + "'";
    }
}

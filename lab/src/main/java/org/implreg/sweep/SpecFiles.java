package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.method.Method;

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
 * {@link org.implreg.problem.ProblemFamilies}), noise, power_law_exponent, negative_rank (r₋ of
 * {@code planted: indefinite}, X* ∝ W₁W₁ᵀ − W₂W₂ᵀ with rank r₊ = rank), seed. Method keys:
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
 *
 * <p>The parts, one class each: {@link SpecReader} reads a file into a tree within its limits,
 * {@link SpecGrid} expands the grid into configurations (and caps their number), {@link SpecRunBuilder}
 * turns each configuration into a {@link RunConfig} validated against the registries, {@link SpecNodes}
 * reads typed values; this class checks the spec's structure and drives them.
 */
public final class SpecFiles {
    private SpecFiles() {}

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> TOP = Set.of("name", "problem", "methods", "grid", "seeds", "trace");
    private static final Set<String> TRACE = Set.of("every", "log_spaced", "top");
    private static final Set<String> METHOD = Set.of("method", "label", "d", "init", "init_scale", "step", "line_search",
        "max_iter", "tol", "options", "grid", "seeds");

    /** Default largest number of runs a spec may expand to ({@code implreg run --max-runs} raises it). */
    public static final long DEFAULT_MAX_RUNS = 100_000;

    /** Reads and expands a spec file (at most {@link #DEFAULT_MAX_RUNS} runs). */
    public static ExperimentSpec read(Path file) {
        return read(file, DEFAULT_MAX_RUNS);
    }

    /**
     * Reads and expands a spec file: YAML aliases are resolved (at most {@link SpecReader#MAX_NODES} nodes in
     * all), a key written twice in one mapping is refused, and so is a spec that would expand to more
     * than {@code maxRuns} runs (counted before anything is expanded).
     */
    public static ExperimentSpec read(Path file, long maxRuns) {
        JsonNode root = SpecReader.read(file);
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
        SpecNodes.checkKeys(root, TOP, where, "");
        String name = root.has("name") ? SpecNodes.text(root.get("name"), where, "name") : "sweep";
        JsonNode prob = root.get("problem");
        if (prob == null || !prob.isObject()) {
            throw new InvalidInputException(where + ": problem: required mapping (n, rank, ...)");
        }
        SpecNodes.checkKeys(prob, SpecGrid.PROBLEM, where, "problem.");
        Map<String, JsonNode> globalGrid = SpecGrid.grid(root.get("grid"), where, "grid");
        List<Long> globalSeeds = root.has("seeds") ? SpecNodes.seeds(root.get("seeds"), where, "seeds") : List.of(0L);
        JsonNode methods = root.get("methods");
        if (methods == null || !methods.isArray() || methods.isEmpty()) {
            throw new InvalidInputException(where + ": methods: required non-empty list");
        }
        SpecGrid.requireRunCount(root, methods, globalGrid, globalSeeds, where, maxRuns);
        List<RunConfig> runs = new ArrayList<>();
        for (int k = 0; k < methods.size(); k++) {
            String path = "methods[" + k + "]";
            JsonNode me = methods.get(k);
            if (!me.isObject()) {
                throw new InvalidInputException(where + ": " + path + ": expected a mapping with at least 'method'");
            }
            SpecNodes.checkKeys(me, METHOD, where, path + ".");
            if (!me.has("method")) {
                throw new InvalidInputException(where + ": " + path + ".method: required");
            }
            String mname = SpecNodes.text(me.get("method"), where, path + ".method");
            Method method = SpecRunBuilder.method(mname, where, path);
            String label = me.has("label") ? SpecNodes.text(me.get("label"), where, path + ".label") : mname;
            List<Long> seeds = me.has("seeds") ? SpecNodes.seeds(me.get("seeds"), where, path + ".seeds") : globalSeeds;
            // the seed counts as set by the entry when it lists several: one seed (e.g. [0]) runs a deterministic method once
            boolean seedGiven = me.has("seeds") && seeds.size() > 1;
            Map<String, JsonNode> axes = new LinkedHashMap<>(globalGrid);
            axes.putAll(SpecGrid.grid(me.get("grid"), where, path + ".grid"));
            for (String axis : axes.keySet()) {
                SpecGrid.checkAxis(axis, method, where, path);
            }
            Map<String, JsonNode> fixed = SpecGrid.fixed(prob, me, where, path);
            SpecGrid.expand(fixed, axes, (values, desc) -> {
                for (long seed : seeds) {
                    runs.add(SpecRunBuilder.config(runs.size(), label, mname, method, values, seed, seedGiven, where, path + desc));
                }
            });
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
            throw new InvalidInputException(where + ": trace: expected a mapping {every: K} or {log_spaced: N}, got " + SpecNodes.describe(t));
        }
        SpecNodes.checkKeys(t, TRACE, where, "trace.");
        Long every = t.has("every") ? SpecNodes.integer(t.get("every"), where, "trace.every") : null;
        Long log = t.has("log_spaced") ? SpecNodes.integer(t.get("log_spaced"), where, "trace.log_spaced") : null;
        int top = t.has("top") ? SpecNodes.intValue(t.get("top"), where, "trace.top") : org.implreg.metrics.TraceRecorder.DEFAULT_TOP;
        InvalidInputException.require(top >= 1, where + ": trace.top must be ≥ 1, got " + top);
        try {
            return new ExperimentSpec.Trace(org.implreg.metrics.TraceSchedule.of(every, log, "trace.every", "trace.log_spaced"), top);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }
}

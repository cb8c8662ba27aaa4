package org.implreg.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.method.Capabilities;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.ProblemSpec;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.SpecNodes;
import org.implreg.sweep.SpecReader;

/**
 * Reading an atlas spec (YAML or JSON) into a validated {@link AtlasSpec}, with the limits of every spec file
 * ({@link SpecReader}) and one-line errors naming the file and the key ({@code atlas.yaml: ranks[1]: rank 10 must be
 * in 1..n−1 = 1..9}), all before anything runs. Example (the {@code quick} preset):
 * <pre>
 * family: gaussian          # a registered measurement family; X* is planted low-rank PSD, ‖X*‖_F = 1
 * n: 10
 * ranks: [1, 2, 3]
 * m: {from: 0.08, to: 0.96, steps: 12}   # fractions of D = n(n+1)/2, rounded to distinct integers; or a list of m
 * trials: 10
 * seed: 1                   # default 1
 * solvers:
 *   - {method: nucmin}
 *   - {method: flow, alphas: [1e-4, 1e-8, 1e-16], max_iter: 20000, options: {rtol: 1e-6}}   # a row per α: "flow α=1e-4", …
 *   - {method: gd, step: 0.03, max_iter: 10000}
 *   - {method: deep, depth: 3, step: 0.3, max_iter: 20000, tol: 1e-4, options: {init: identical, alpha: 0.015}}
 *   - {method: glrl, max_iter: 20000}
 * success: {tol: 1e-3}      # recovered: ‖X − X*‖_F/‖X*‖_F ≤ tol; success.max_iter: a default budget for every solver
 * </pre>
 * The presets' budgets were chosen by measuring the quick atlas ({@code ./implreg atlas quick --threads 2} on a 2-core
 * machine shared with other jobs: 75 s wall, 83 s CPU for 360 instances; mean seconds per instance): nucmin 0.02, each flow
 * 0.04–0.05 (rtol 1e-6 and at most 20,000 gradient evaluations: with the default rtol 1e-8 and no cap the α = 1e-4 flow
 * alone took 1.2 s on average), gd 0.05 (η = 0.03, 10,000 steps; the default η = 1e-3 fits almost nothing in that budget),
 * glrl 0.07 (20,000 evaluations; uncapped, single instances took up to 177 s).
 * <p>The deep row (depth N = 3). Under GD on W = W₃W₂W₁ a component of W of size ε with balanced layers ε^{1/3} moves
 * at dε/dt ∝ ε^{2−2/N}·(its gradient): it grows from ε₀ hyperbolically (escape time ∝ ε₀^{−1/3}) and, once X* is fit,
 * decays only polynomially, ε ∝ t^{−3/4}; the components that grew beside X*'s during the escapes are what is left.
 * So the former row (Gaussian layers with ‖W(0)‖_F = 0.01, η = 0.3, 10,000 steps, the default tol 1e-5) fit X*'s
 * part in about 100 steps and then crept (training error ≈ k^{−1/2} from 1e-2): 0 of 360 recovered, 162 not
 * converged, 198 failed. The row now starts from balanced identical layers W_j = αI (W(0) = α³I, ‖W(0)‖_F =
 * α³√n ≈ 1e-5), stops at training error 1e-4 (a tenth of the success tolerance on ‖X − X*‖_F; converged runs end at
 * ‖X − X*‖_F ≈ 1e-4…1e-3) and has 20,000 steps. α trades the escape time (∝ 1/α) against the floor the leftover
 * components freeze at (∝ α³): on the quick instances (trials 0–3, 144 instances) α = 0.01 gave 71 recovered / 14
 * not converged, 0.015 gave 80 / 12, 0.02 gave 83 / 7 but recovered runs then end up to ‖X − X*‖_F = 1e-3 (the floor
 * reaches the success tolerance), 0.04 gave 52 / 42 and 0.08 none recovered (floor above tol). η = 0.45 and 0.6 were
 * worse (65 / 17, 46 / 27, some diverged: η·N·σ₁(X*)^{4/3}·‖𝒜‖² nears 2 at rank 1). The full and large presets keep
 * α³√n as quick's (α = 0.013 at n = 20, 0.012 at n = 40; not measured there). Quick atlas with this row: deep 203
 * recovered, 133 failed (10 of them converged with 1e-3 &lt; ‖X − X*‖_F &lt; 1e-2: the tol-1e-4 stop), 24 not converged
 * (18 at rank 3); 101 s wall, 89 s CPU in all (deep 57 s of solver time).
 * Solver keys: method (any method registered in {@link Methods} that solves symmetric problems), label (default: the
 * method's name, "α=…" added per α, "N=…" for a depth), d, init_scale or alphas (a list of init scales ‖U₀‖_F, one
 * row each), step, max_iter, tol, depth (the method's {@code depth} option) and options (the method's options). Each
 * row's settings are checked as sweep specs check them ({@link Method#requireSupported}, {@link Method#validate}).
 * {@code nucmin} (the certified minimum nuclear norm, the reference of every gap) is always the first row, listed or
 * not. Refused: an unknown key, family or method, m outside 1..D, trials ≤ 0, a rank outside 1..n−1, two rows with one
 * label, and a grid of more than {@link SpecFiles#DEFAULT_MAX_RUNS} instances.
 */
public final class AtlasSpecs {
    private AtlasSpecs() {}

    private static final Set<String> TOP = Set.of("family", "n", "ranks", "m", "trials", "seed", "solvers", "success");
    private static final Set<String> SOLVER = Set.of("method", "label", "d", "init_scale", "alphas", "step", "max_iter", "tol", "depth",
        "options");
    private static final Set<String> SUCCESS = Set.of("tol", "max_iter");
    private static final Set<String> RANGE = Set.of("from", "to", "steps");

    /** The presets: quick (≤ 3 minutes on 2 cores), full, large (n = 40, for a cluster). */
    public static final List<String> PRESETS = List.of("quick", "full", "large");

    /** Largest number of instances (ranks × ms × trials) an atlas may have: the sweeps' cap on runs. */
    public static final long MAX_INSTANCES = SpecFiles.DEFAULT_MAX_RUNS;

    /** Reads and validates a spec file. */
    public static AtlasSpec read(Path file) {
        return parse(SpecReader.read(file), file.getFileName().toString());
    }

    /** The preset named {@code name} ({@link #PRESETS}), read from lab's resources {@code org/implreg/atlas/NAME.yaml}. */
    public static AtlasSpec preset(String name) {
        InvalidInputException.require(PRESETS.contains(name), "unknown atlas preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        try (InputStream in = AtlasSpecs.class.getResourceAsStream(name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("preset " + name + " is missing from the class path");
            }
            return parse(SpecReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name + ".yaml"), name + ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A preset's name ({@link #PRESETS}) or a spec file's path: the command line's SPEC. */
    public static AtlasSpec resolve(String specOrPreset) {
        return PRESETS.contains(specOrPreset) ? preset(specOrPreset) : read(Path.of(specOrPreset));
    }

    /** Validates a spec's tree; {@code where} prefixes every error. */
    public static AtlasSpec parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where + ": the spec must be a mapping with family, n, ranks, m, trials, solvers");
        }
        SpecNodes.checkKeys(root, TOP, where, "");
        String family = SpecNodes.text(required(root, "family", where), where, "family");
        ProblemSpec.Measurement meas;
        try {
            meas = ProblemSpec.Measurement.parse(family);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": family: " + e.getMessage());
        }
        int n = SpecNodes.intValue(required(root, "n", where), where, "n");
        InvalidInputException.require(n >= 2 && n <= org.implreg.analysis.Conjecture.MAX_N, where + ": n: must be in 2.."
            + org.implreg.analysis.Conjecture.MAX_N + " (the certified minimum is an interior point method), got " + n);
        int dim = n * (n + 1) / 2;
        List<Integer> ranks = integers(required(root, "ranks", where), where, "ranks");
        for (int i = 0; i < ranks.size(); i++) {
            int r = ranks.get(i);
            InvalidInputException.require(r >= 1 && r < n, where + ": ranks[" + i + "]: rank " + r + " must be in 1..n−1 = 1.." + (n - 1));
        }
        requireIncreasing(ranks, where, "ranks");
        List<Integer> ms = measurements(required(root, "m", where), dim, where);
        int trials = SpecNodes.intValue(required(root, "trials", where), where, "trials");
        InvalidInputException.require(trials >= 1, where + ": trials: must be ≥ 1, got " + trials);
        long instances = (long) ranks.size() * ms.size() * trials;
        InvalidInputException.require(instances <= MAX_INSTANCES, where + ": the atlas has " + ranks.size() + " ranks × " + ms.size()
            + " m × " + trials + " trials = " + instances + " instances, more than the limit of " + MAX_INSTANCES);
        long seed = root.has("seed") ? SpecNodes.integer(root.get("seed"), where, "seed") : AtlasSpec.DEFAULT_SEED;
        double tol = AtlasSpec.DEFAULT_SUCCESS_TOL;
        Long budget = null;
        JsonNode success = root.get("success");
        if (success != null) {
            InvalidInputException.require(success.isObject(), where + ": success: expected a mapping {tol, max_iter}, got "
                + SpecNodes.describe(success));
            SpecNodes.checkKeys(success, SUCCESS, where, "success.");
            if (success.has("tol")) {
                tol = SpecNodes.number(success.get("tol"), where, "success.tol");
                InvalidInputException.require(tol > 0 && tol < 1 / 0.0, where + ": success.tol: must be finite and > 0, got " + tol);
            }
            if (success.has("max_iter")) {
                budget = SpecNodes.integer(success.get("max_iter"), where, "success.max_iter");
                InvalidInputException.require(budget >= 1, where + ": success.max_iter: must be ≥ 1, got " + budget);
            }
        }
        for (int r : ranks) { // the family's own limits (e.g. a dense operator's memory), for every cell
            for (int m : ms) {
                try {
                    new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK, meas, 0.0, MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(where + ": rank " + r + ", m = " + m + ": " + e.getMessage());
                }
            }
        }
        List<AtlasSpec.Solver> solvers = solvers(root.get("solvers"), n, java.util.Collections.min(ms), budget, where);
        return new AtlasSpec(meas.key(), n, ranks, ms, trials, seed, solvers, tol, budget);
    }

    private static JsonNode required(JsonNode node, String key, String where) {
        JsonNode x = node.get(key);
        if (x == null || x.isNull()) {
            throw new InvalidInputException(where + ": " + key + ": required");
        }
        return x;
    }

    private static List<Integer> integers(JsonNode list, String where, String path) {
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(where + ": " + path + ": expected a non-empty list of integers, got " + SpecNodes.describe(list));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(SpecNodes.intValue(list.get(i), where, path + "[" + i + "]"));
        }
        return out;
    }

    private static void requireIncreasing(List<Integer> v, String where, String path) {
        for (int i = 1; i < v.size(); i++) {
            InvalidInputException.require(v.get(i) > v.get(i - 1), where + ": " + path + ": must be increasing without repeats, got "
                + v.get(i - 1) + " then " + v.get(i));
        }
    }

    /**
     * The m axis: a list of integers in 1..D, or {@code {from, to, steps}}: m_k = round((from + k(to − from)/(steps − 1))·D),
     * k = 0…steps−1 (one value when steps = 1), 0 &lt; from ≤ to ≤ 1, with repeats after rounding dropped.
     */
    static List<Integer> measurements(JsonNode node, int dim, String where) {
        List<Integer> ms;
        if (node.isObject()) {
            SpecNodes.checkKeys(node, RANGE, where, "m.");
            double from = SpecNodes.number(required(node, "from", where + ": m"), where, "m.from");
            double to = SpecNodes.number(required(node, "to", where + ": m"), where, "m.to");
            int steps = SpecNodes.intValue(required(node, "steps", where + ": m"), where, "m.steps");
            InvalidInputException.require(from > 0 && from <= to && to <= 1, where + ": m: need 0 < from ≤ to ≤ 1 (fractions of D = "
                + dim + "), got from " + from + ", to " + to);
            InvalidInputException.require(steps >= 1 && steps <= dim, where + ": m.steps: must be in 1..D = " + dim + ", got " + steps);
            ms = new ArrayList<>();
            for (int k = 0; k < steps; k++) {
                double f = steps == 1 ? from : from + k * (to - from) / (steps - 1);
                int m = (int) Math.max(1, Math.round(f * dim));
                if (ms.isEmpty() || ms.get(ms.size() - 1) != m) {
                    ms.add(m);
                }
            }
        } else {
            ms = integers(node, where, "m");
        }
        for (int i = 0; i < ms.size(); i++) {
            int m = ms.get(i);
            InvalidInputException.require(m >= 1 && m <= dim, where + ": m[" + i + "]: m = " + m + " must be in 1..D = " + dim
                + " (D = n(n+1)/2, the dimension of the symmetric matrices)");
        }
        requireIncreasing(ms, where, "m");
        return ms;
    }

    /** The rows: nucmin first (listed or not), then the entries in order, an entry with alphas one row per α. */
    private static List<AtlasSpec.Solver> solvers(JsonNode list, int n, int minM, Long budget, String where) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(where + ": solvers: required non-empty list of {method, ...}");
        }
        List<AtlasSpec.Solver> rows = new ArrayList<>();
        AtlasSpec.Solver reference = null;
        int groups = 0;
        for (int k = 0; k < list.size(); k++) {
            String path = "solvers[" + k + "]";
            JsonNode e = list.get(k);
            if (!e.isObject()) {
                throw new InvalidInputException(where + ": " + path + ": expected a mapping with at least 'method'");
            }
            SpecNodes.checkKeys(e, SOLVER, where, path + ".");
            String name = SpecNodes.text(required(e, "method", where + ": " + path), where, path + ".method");
            Method method;
            try {
                method = Methods.get(name, ProblemKind.SYMMETRIC);
            } catch (InvalidInputException x) {
                throw new InvalidInputException(where + ": " + path + ".method: " + x.getMessage());
            }
            InvalidInputException.require(!(e.has("alphas") && e.has("init_scale")), where + ": " + path
                + ": give init_scale or alphas, not both");
            Integer d = e.has("d") ? SpecNodes.intValue(e.get("d"), where, path + ".d") : null;
            Double step = e.has("step") ? SpecNodes.number(e.get("step"), where, path + ".step") : null;
            Long maxIter = e.has("max_iter") ? SpecNodes.integer(e.get("max_iter"), where, path + ".max_iter") : null;
            Double tol = e.has("tol") ? SpecNodes.number(e.get("tol"), where, path + ".tol") : null;
            Map<String, String> options = new LinkedHashMap<>();
            JsonNode opts = e.get("options");
            if (opts != null) {
                InvalidInputException.require(opts.isObject(), where + ": " + path + ".options: expected a mapping of option: value");
                opts.fields().forEachRemaining(o -> {
                    InvalidInputException.require(o.getValue().isValueNode() && !o.getValue().isNull(), where + ": " + path + ".options."
                        + o.getKey() + ": expected a scalar value");
                    options.put(o.getKey(), o.getValue().asText());
                });
            }
            if (e.has("depth")) {
                InvalidInputException.require(!options.containsKey("depth"), where + ": " + path + ": give depth or options.depth, not both");
                options.put("depth", Integer.toString(SpecNodes.intValue(e.get("depth"), where, path + ".depth")));
            }
            List<Double> scales = new ArrayList<>();
            if (e.has("alphas")) {
                JsonNode a = e.get("alphas");
                InvalidInputException.require(a.isArray() && !a.isEmpty(), where + ": " + path + ".alphas: expected a non-empty list of numbers");
                for (int i = 0; i < a.size(); i++) {
                    scales.add(SpecNodes.number(a.get(i), where, path + ".alphas[" + i + "]"));
                }
            } else {
                scales.add(e.has("init_scale") ? SpecNodes.number(e.get("init_scale"), where, path + ".init_scale") : null);
            }
            String base = e.has("label") ? SpecNodes.text(e.get("label"), where, path + ".label")
                : name + (options.containsKey("depth") ? " N=" + options.get("depth") : "");
            for (int i = 0; i < scales.size(); i++) {
                String rowPath = path + (e.has("alphas") ? ".alphas[" + i + "]" : "");
                String label = e.has("alphas") ? base + " α=" + alpha(scales.get(i)) : base;
                AtlasSpec.Solver row = new AtlasSpec.Solver(label, name, d, scales.get(i), step, maxIter, tol, options,
                    e.has("alphas") ? groups : null);
                check(method, row, e.has("alphas") || e.has("init_scale"), n, minM, budget, where, rowPath);
                if (name.equals(AtlasSpec.REFERENCE)) {
                    InvalidInputException.require(reference == null, where + ": " + path + ": nucmin is listed twice (it is the reference row)");
                    InvalidInputException.require(label.equals(AtlasSpec.REFERENCE), where + ": " + path + ".label: the reference row is "
                        + "labelled nucmin, got '" + label + "'");
                    reference = row;
                } else {
                    rows.add(row);
                }
            }
            groups += e.has("alphas") ? 1 : 0;
        }
        List<AtlasSpec.Solver> out = new ArrayList<>();
        out.add(reference != null ? reference
            : new AtlasSpec.Solver(AtlasSpec.REFERENCE, AtlasSpec.REFERENCE, null, null, null, null, null, Map.of(), null));
        out.addAll(rows);
        Set<String> seen = new HashSet<>();
        for (AtlasSpec.Solver s : out) {
            InvalidInputException.require(seen.add(s.label()), where + ": solvers: two rows are labelled '" + s.label()
                + "' (labels must be unique; give each entry its own label)");
        }
        return out;
    }

    /**
     * The row's settings checked as a sweep spec's are: what the method does not read, and every value, against the
     * grid's smallest m (a minibatch larger than some cell's m is refused).
     */
    private static void check(Method method, AtlasSpec.Solver row, boolean scaleGiven, int n, int minM, Long budget, String where,
                              String path) {
        try {
            SolveSettings s = row.settings(0, budget);
            Set<String> given = scaleGiven ? Set.of(Capabilities.INIT_SCALE) : Set.of();
            method.requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES, given);
            method.validate(ProblemKind.SYMMETRIC, s, n, minM);
        } catch (InvalidInputException e) {
            String msg = e.getMessage();
            throw new InvalidInputException(msg.startsWith(where + ":") ? msg : where + ": " + path + ": " + msg);
        }
    }

    /** α as a label writes it, in scientific notation with the shortest mantissa that gives back the double: 1e-8, 2.5e-3, 5e-1. */
    static String alpha(double a) {
        BigDecimal b = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        return (a < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e" + exponent;
    }
}

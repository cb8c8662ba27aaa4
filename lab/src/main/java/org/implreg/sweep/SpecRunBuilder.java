package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
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

/**
 * Building runs from configurations ({@link SpecGrid}), validated against the registries: the method
 * by name in {@link Methods} (symmetric problems), the problem's families by name
 * ({@link org.implreg.problem.ProblemFamilies}), every setting against the method's
 * {@link Capabilities} (a setting it does not read, written in the entry or a grid, is refused; a
 * default never is) and its values by {@link Method#validate}, when the spec is read rather than when
 * the run starts. Defaults: rank 1, negative_rank 0 (only the indefinite family reads it), m = 3·n·(rank + negative_rank), low-rank planted, Gaussian measurements, no noise, the
 * registry's power-law exponent, problem seed 0, the method's init scale ({@link Capabilities#initScale()}), Gaussian initialization.
 */
final class SpecRunBuilder {
    private SpecRunBuilder() {}

    /** The symmetric method registered as {@code name}; {@code path} names the entry in errors. */
    static Method method(String name, String where, String path) {
        try {
            return Methods.get(name, ProblemKind.SYMMETRIC);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + path + ".method: " + e.getMessage());
        }
    }

    /**
     * Run {@code index} of a configuration {@code v} with initialization seed {@code seed};
     * {@code seedGiven}: the entry chose its seeds (several), so a method that is not random refuses them.
     */
    static RunConfig config(int index, String label, String mname, Method method, Map<String, JsonNode> v, long seed,
                                    boolean seedGiven, String where, String path) {
        try {
            int n = SpecNodes.intValue(SpecNodes.req(v, "n", where, "problem.n"), where, "problem.n");
            int rank = v.containsKey("rank") ? SpecNodes.intValue(v.get("rank"), where, "problem.rank") : 1;
            int negativeRank = v.containsKey("negative_rank") ? SpecNodes.intValue(v.get("negative_rank"), where, "problem.negative_rank") : 0;
            int m;
            try {
                m = v.containsKey("m") ? SpecNodes.intValue(v.get("m"), where, "problem.m")
                    : ProblemSpec.defaultMeasurements(n, rank + Math.max(negativeRank, 0));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.getMessage().startsWith(where + ":") ? e.getMessage() : where + ": problem: " + e.getMessage());
            }
            ProblemSpec.Planted planted = v.containsKey("planted")
                ? ProblemSpec.Planted.parse(SpecNodes.text(v.get("planted"), where, "problem.planted")) : ProblemSpec.Planted.LOW_RANK;
            ProblemSpec.Measurement meas = v.containsKey("measurement")
                ? ProblemSpec.Measurement.parse(SpecNodes.text(v.get("measurement"), where, "problem.measurement"))
                : ProblemSpec.Measurement.GAUSSIAN;
            double noise = v.containsKey("noise") ? SpecNodes.number(v.get("noise"), where, "problem.noise") : 0.0;
            double a = v.containsKey("power_law_exponent") ? SpecNodes.number(v.get("power_law_exponent"), where, "problem.power_law_exponent")
                : MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT;
            long pseed = v.containsKey("problem_seed") ? SpecNodes.integer(v.get("problem_seed"), where, "problem.seed") : 0L;
            ProblemSpec ps = new ProblemSpec(n, rank, m, planted, meas, noise, a, negativeRank);
            Integer d = v.containsKey("d") ? SpecNodes.intValue(v.get("d"), where, path + ".d") : null;
            InvalidInputException.require(d == null || (d >= 1 && d <= n), "d = " + d + " must be in 1..n = " + n);
            double initScale = v.containsKey("init_scale") ? SpecNodes.number(v.get("init_scale"), where, path + ".init_scale")
                : method.capabilities(ProblemKind.SYMMETRIC).initScale();
            double step = v.containsKey("step") ? SpecNodes.number(v.get("step"), where, path + ".step") : Double.NaN;
            boolean ls = v.containsKey("line_search") && SpecNodes.bool(v.get("line_search"), where, path + ".line_search");
            Long maxIter = v.containsKey("max_iter") ? SpecNodes.integer(v.get("max_iter"), where, path + ".max_iter") : null;
            Double tol = v.containsKey("tol") ? SpecNodes.number(v.get("tol"), where, path + ".tol") : null;
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
                String ik = SpecNodes.text(v.get("init"), where, path + ".init");
                InvalidInputException.require(ik.equals("gaussian") || ik.equals("svd-xgd"),
                    "init: expected gaussian or svd-xgd, got '" + ik + "'");
                init = SolveSettings.Init.parse(ik);
            }
            SolveSettings s = SolveSettings.builder(mname).d(d).initScale(initScale).step(step).lineSearch(ls)
                .maxIterations(maxIter).tol(tol).seed(seed).options(options).init(init, null).build();
            Set<String> given = new java.util.HashSet<>(); // written in the entry or a grid: a default is never refused
            if (v.containsKey(Capabilities.INIT_SCALE)) {
                given.add(Capabilities.INIT_SCALE);
            }
            if (seedGiven) {
                given.add(Capabilities.SEED);
            }
            method.requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES, given);
            method.validate(ProblemKind.SYMMETRIC, s, n, m); // every value now, not when the run starts (issue 27); b ≤ m too
            return new RunConfig(index, label, ps, pseed, s);
        } catch (InvalidInputException e) {
            String msg = e.getMessage();
            throw new InvalidInputException(msg.startsWith(where + ":") ? msg : where + ": " + path + ": " + msg);
        }
    }
}

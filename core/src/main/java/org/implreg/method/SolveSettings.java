package org.implreg.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.InvalidInputException;
import org.implreg.completion.CompletionGd;

/**
 * Method-independent settings of one solve, as the command line and sweeps give them. Each method
 * reads the fields that apply to it, declares which those are ({@link Capabilities}) and reports which
 * values it used. A plain value record: it runs nothing (the initial factor, X_gd for
 * {@link Init#SVD_XGD} included, is made by the method layer).
 *
 * @param method        registered method name
 * @param d             factor width (null: n)
 * @param initScale     ‖U₀‖_F of the Gaussian initialization
 * @param step          step η (fixed, or cap of the line search); NaN for the method's default
 * @param lineSearch    exact line search clipped at {@code step}
 * @param maxIterations iteration cap (null: method default)
 * @param tol           training-error tolerance ‖𝒜(X) − y‖/‖y‖ (null: method default)
 * @param seed          seed of the initialization
 * @param init          how U₀ is made
 * @param initMatrix    for {@link Init#SVD}: the n×n matrix to factor; for {@link Init#GIVEN}: U₀ (n×d);
 *                      column-major; null otherwise
 * @param options       method-specific options by name (e.g. flow: integrator = dp853, rtol = 1e-10), as
 *                      strings; each method declares the names it knows ({@link Capabilities#optionKeys()})
 *                      and rejects others
 */
public record SolveSettings(String method, Integer d, double initScale, double step, boolean lineSearch,
                            Long maxIterations, Double tol, long seed, Init init, double[] initMatrix,
                            Map<String, String> options) {

    /** Initialization kinds. */
    public enum Init {
        /** Gaussian U₀ scaled to ‖U₀‖_F = initScale. */
        GAUSSIAN,
        /** Top-d factor of a given matrix (the paper's SVD initialization). */
        SVD,
        /** A given U₀. */
        GIVEN,
        /**
         * Top-d factor of the problem's own X_gd (projected GD on X with default options), computed
         * when the run starts: the paper's "SVD initialization" without a matrix file.
         */
        SVD_XGD;

        /** The name in specs and result files: gaussian, svd, given, svd-xgd. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind named {@code key} (as {@link #key()} writes it). */
        public static Init parse(String key) {
            for (Init i : values()) {
                if (i.key().equals(key)) {
                    return i;
                }
            }
            throw new InvalidInputException("unknown init '" + key + "' (expected gaussian, svd, given or svd-xgd)");
        }
    }

    public SolveSettings {
        InvalidInputException.require(method != null && !method.isBlank(), "method is required");
        InvalidInputException.require(d == null || d >= 1, "d must be ≥ 1, got " + d);
        InvalidInputException.require(Double.isFinite(initScale) && initScale > 0, "init scale must be finite and > 0, got " + initScale);
        InvalidInputException.require(Double.isNaN(step) || (Double.isFinite(step) && step > 0), "step must be finite and > 0, got " + step);
        InvalidInputException.require(maxIterations == null || maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
        InvalidInputException.require(tol == null || (tol >= 0 && !tol.isNaN()), "tol must be ≥ 0, got " + tol);
        init = init == null ? Init.GAUSSIAN : init;
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
        InvalidInputException.require(init == Init.GAUSSIAN || init == Init.SVD_XGD || initMatrix != null,
            "init " + init.key() + " needs a matrix");
    }

    /** Settings without method-specific options. */
    public SolveSettings(String method, Integer d, double initScale, double step, boolean lineSearch,
                         Long maxIterations, Double tol, long seed, Init init, double[] initMatrix) {
        this(method, d, initScale, step, lineSearch, maxIterations, tol, seed, init, initMatrix, Map.of());
    }

    /** Gaussian-initialized defaults for a method. */
    public static SolveSettings of(String method, Integer d, double initScale, double step, long seed) {
        return new SolveSettings(method, d, initScale, step, false, null, null, seed, Init.GAUSSIAN, null);
    }

    /**
     * The settings that give {@code o} to the registry's completion GD (method {@code method}, e.g. the
     * reproduction's choice): width, step, init scale, tolerance, cap and seed as settings, the
     * path and checkpoint intervals as options (record_every, norm_every, checkpoint_every).
     */
    public static SolveSettings completionGd(String method, CompletionGd.Options o) {
        return new SolveSettings(method, o.d(), o.initScale(), o.step(), false, o.maxIterations(), o.tol(), o.seed(),
            SolveSettings.Init.GAUSSIAN, null, Map.of("record_every", Integer.toString(o.recordEvery()),
                "norm_every", Integer.toString(o.normEvery()), "checkpoint_every", Integer.toString(o.checkpointEvery())));
    }

    /** These settings with one more method-specific option. */
    public SolveSettings withOption(String key, String value) {
        Map<String, String> o = new TreeMap<>(options);
        o.put(key, value);
        return new SolveSettings(method, d, initScale, step, lineSearch, maxIterations, tol, seed, init, initMatrix, o);
    }

    /** The option {@code key}, or {@code fallback} when absent. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** The option {@code key} as a number (finite), or {@code fallback} when absent. */
    public double doubleOption(String key, double fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double x = Double.parseDouble(v.trim());
            InvalidInputException.require(Double.isFinite(x), "option " + key + " must be a finite number, got '" + v + "'");
            return x;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option " + key + " must be a number, got '" + v + "'");
        }
    }

    public SolveSettings withLineSearch(boolean ls) {
        return new SolveSettings(method, d, initScale, step, ls, maxIterations, tol, seed, init, initMatrix, options);
    }

    public SolveSettings withMaxIterations(Long k) {
        return new SolveSettings(method, d, initScale, step, lineSearch, k, tol, seed, init, initMatrix, options);
    }

    public SolveSettings withTol(Double t) {
        return new SolveSettings(method, d, initScale, step, lineSearch, maxIterations, t, seed, init, initMatrix, options);
    }

    public SolveSettings withInit(Init kind, double[] matrix) {
        return new SolveSettings(method, d, initScale, step, lineSearch, maxIterations, tol, seed, kind, matrix, options);
    }

    /** The settings as JSON-friendly key/values (without the init matrix). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("d", d);
        m.put("init", init.key());
        m.put("init_scale", initScale);
        m.put("step", Double.isNaN(step) ? null : step);
        m.put("line_search", lineSearch);
        m.put("max_iter", maxIterations);
        m.put("tol", tol);
        m.put("seed", seed);
        if (!options.isEmpty()) {
            m.put("options", options);
        }
        return m;
    }
}

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

    /** The init scale ‖U₀‖_F of the Gaussian initialization where neither the user nor the method gives one. */
    public static final double DEFAULT_INIT_SCALE = 1e-4;

    /**
     * Settings for {@code method}, built by name: nothing set is the method's defaults (width n, init scale
     * {@link #DEFAULT_INIT_SCALE}, the method's step, no line search, its iteration cap and tolerance, seed 0, the
     * Gaussian initialization, no options).
     */
    public static Builder builder(String method) {
        return new Builder(method);
    }

    /** {@link SolveSettings} setting by setting; see the record's components for what each means. */
    public static final class Builder {
        private final String method;
        private Integer d;
        private double initScale = DEFAULT_INIT_SCALE;
        private double step = Double.NaN;
        private boolean lineSearch;
        private Long maxIterations;
        private Double tol;
        private long seed;
        private Init init = Init.GAUSSIAN;
        private double[] initMatrix;
        private final Map<String, String> options = new TreeMap<>();

        private Builder(String method) {
            this.method = method;
        }

        /** The factor width (null: n). */
        public Builder d(Integer width) {
            this.d = width;
            return this;
        }

        /** ‖U₀‖_F of the Gaussian initialization. */
        public Builder initScale(double scale) {
            this.initScale = scale;
            return this;
        }

        /** The step η (NaN: the method's). */
        public Builder step(double eta) {
            this.step = eta;
            return this;
        }

        /** The exact line search, clipped at the step. */
        public Builder lineSearch(boolean on) {
            this.lineSearch = on;
            return this;
        }

        /** The iteration cap (null: the method's). */
        public Builder maxIterations(Long cap) {
            this.maxIterations = cap;
            return this;
        }

        /** The training-error tolerance (null: the method's). */
        public Builder tol(Double t) {
            this.tol = t;
            return this;
        }

        /** The seed of the initialization. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** How U₀ is made, and its matrix (null for the Gaussian and svd-xgd kinds). */
        public Builder init(Init kind, double[] matrix) {
            this.init = kind;
            this.initMatrix = matrix;
            return this;
        }

        /** Method-specific options by name, as text. */
        public Builder options(Map<String, String> o) {
            this.options.putAll(o);
            return this;
        }

        /** One method-specific option. */
        public Builder option(String key, String value) {
            this.options.put(key, value);
            return this;
        }

        /** The settings; refuses (one line) an impossible value. */
        public SolveSettings build() {
            return new SolveSettings(method, d, initScale, step, lineSearch, maxIterations, tol, seed, init, initMatrix, options);
        }
    }

    /** Gaussian-initialized defaults for a method. */
    public static SolveSettings of(String method, Integer d, double initScale, double step, long seed) {
        return builder(method).d(d).initScale(initScale).step(step).seed(seed).build();
    }

    /**
     * The settings that give {@code o} to the registry's completion GD (method {@code method}, e.g. the
     * reproduction's choice): width, step, init scale, tolerance, cap and seed as settings, the
     * path and checkpoint intervals as options (record_every, norm_every, checkpoint_every).
     */
    public static SolveSettings completionGd(String method, CompletionGd.Options o) {
        return builder(method).d(o.d()).initScale(o.initScale()).step(o.step()).maxIterations(o.maxIterations()).tol(o.tol()).seed(o.seed())
            .option(GradientDescentMethod.RECORD_EVERY.name(), Integer.toString(o.recordEvery()))
            .option(GradientDescentMethod.NORM_EVERY.name(), Integer.toString(o.normEvery()))
            .option(GradientDescentMethod.CHECKPOINT_EVERY.name(), Integer.toString(o.checkpointEvery())).build();
    }

    /** These settings with one more method-specific option. */
    public SolveSettings withOption(String key, String value) {
        Map<String, String> o = new TreeMap<>(options);
        o.put(key, value);
        return new SolveSettings(method, d, initScale, step, lineSearch, maxIterations, tol, seed, init, initMatrix, o);
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

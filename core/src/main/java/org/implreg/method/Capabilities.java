package org.implreg.method;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.implreg.InvalidInputException;

/**
 * What a {@link Method} supports on one {@link ProblemKind}: the command line, spec validation and
 * the contract tests read this, and settings outside it are refused ({@link #check}), never ignored.
 *
 * @param inits      initialization kinds it accepts (only {@code GAUSSIAN} where it has no factor to initialize)
 * @param factor     whether it has a factor U (--save-u, initialization kinds other than the default)
 * @param width      whether it reads the factor width d
 * @param step       whether it reads a step η
 * @param lineSearch whether it has the exact line search
 * @param dual       whether it reports a dual vector v (--save-v)
 * @param defaults   its defaults by setting name (step, max_iter, tol, init_scale, …), for help and progress;
 *                   a setting without a default here is chosen by the method (e.g. the step 1/(2‖𝒜‖²) of xgd)
 * @param optionKeys names of its method-specific options ({@code -o KEY=VALUE}, spec {@code options})
 * @param reads      which of the general settings {@link #GENERAL} (init_scale, seed, max_iter, tol) it
 *                   reads; init_scale and seed are read only with the Gaussian initialization
 */
public record Capabilities(Set<SolveSettings.Init> inits, boolean factor, boolean width, boolean step, boolean lineSearch,
                           boolean dual, Map<String, Object> defaults, Set<String> optionKeys, Set<String> reads) {

    /** The init scale ‖U₀‖_F of the Gaussian initialization. */
    public static final String INIT_SCALE = "init_scale";
    /** The seed of the Gaussian initialization. */
    public static final String SEED = "seed";
    /** The iteration cap. */
    public static final String MAX_ITER = "max_iter";
    /** The training-error tolerance (or, for convex references, the certificate's). */
    public static final String TOL = "tol";

    /**
     * The general settings whose use a method declares in {@link #reads}: a method refuses those it does
     * not read when the user set them. max_iter and tol are unset (null) unless given, so a value is
     * refused wherever it appears; init_scale and seed always carry a value (the default, when the user
     * gave none), so they are refused only when the caller names them as given ({@link #check(String,
     * SolveSettings, UnaryOperator, Set)}: options on the command line, keys written in a spec).
     */
    public static final Set<String> GENERAL = Set.of(INIT_SCALE, SEED, MAX_ITER, TOL);

    /** Capabilities of a method that reads every general setting ({@link #GENERAL}). */
    public Capabilities(Set<SolveSettings.Init> inits, boolean factor, boolean width, boolean step, boolean lineSearch,
                        boolean dual, Map<String, Object> defaults, Set<String> optionKeys) {
        this(inits, factor, width, step, lineSearch, dual, defaults, optionKeys, GENERAL);
    }

    public Capabilities {
        inits = Collections.unmodifiableSet(EnumSet.copyOf(inits));
        defaults = Collections.unmodifiableMap(ordered(defaults));
        optionKeys = Collections.unmodifiableSet(new TreeSet<>(optionKeys));
        for (String r : reads) {
            InvalidInputException.require(GENERAL.contains(r), "unknown general setting '" + r + "' (known: init_scale, seed, max_iter, tol)");
        }
        reads = Collections.unmodifiableSet(new TreeSet<>(reads));
        InvalidInputException.require(inits.contains(SolveSettings.Init.GAUSSIAN), "every method accepts the default init");
        InvalidInputException.require(factor || inits.size() == 1, "a method without a factor accepts the default init only");
    }

    /**
     * The {@code given} set of {@link #check} for a caller that holds init_scale and seed as nullable
     * values (a command line): those that are not null.
     */
    public static Set<String> given(Double initScale, Long seed) {
        Set<String> g = new java.util.HashSet<>();
        if (initScale != null) {
            g.add(INIT_SCALE);
        }
        if (seed != null) {
            g.add(SEED);
        }
        return g;
    }

    /** Setting names as the command line spells them: init → --init, line_search → --line-search. */
    public static final UnaryOperator<String> CLI_NAMES = k -> "--" + k.replace('_', '-');

    /** Setting names as specs and the library spell them (init, line_search). */
    public static final UnaryOperator<String> SPEC_NAMES = UnaryOperator.identity();

    /** Every initialization kind. */
    public static final Set<SolveSettings.Init> ALL_INITS = Set.of(SolveSettings.Init.values());

    /** The default initialization only. */
    public static final Set<SolveSettings.Init> GAUSSIAN_ONLY = Set.of(SolveSettings.Init.GAUSSIAN);

    /** The same capabilities for symmetric problems and rectangular sensing (which runs through the symmetric embedding). */
    public static Map<ProblemKind, Capabilities> symmetric(Capabilities c) {
        Map<ProblemKind, Capabilities> m = new LinkedHashMap<>();
        m.put(ProblemKind.SYMMETRIC, c);
        m.put(ProblemKind.RECTANGULAR_SENSING, c);
        return m;
    }

    /** Common settings first (d, step, init_scale, max_iter, tol), then the rest by name: a stable order for help. */
    private static Map<String, Object> ordered(Map<String, Object> defaults) {
        List<String> common = List.of("d", "step", "init_scale", "max_iter", "tol");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : common) {
            if (defaults.containsKey(k)) {
                out.put(k, defaults.get(k));
            }
        }
        new java.util.TreeMap<>(defaults).forEach((k, v) -> {
            if (!common.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The default of {@code key} as a number, or {@code fallback} when the method declares none. */
    public double defaultNumber(String key, double fallback) {
        Object v = defaults.get(key);
        return v instanceof Number x ? x.doubleValue() : fallback;
    }

    /**
     * Refuses settings {@code method} does not support: an initialization kind outside {@link #inits}, a
     * width, step or line search it does not read, an iteration cap or tolerance it does not read (see
     * {@link #reads}), an option it does not know. The message is one line naming the setting as
     * {@code name} spells it (e.g. {@code init -> --init} on the command line), e.g.
     * "method deep does not support --init svd (supports: gaussian)". The init scale and seed always
     * carry a value, so only {@link #check(String, SolveSettings, UnaryOperator, Set)} refuses them.
     */
    public void check(String method, SolveSettings s, UnaryOperator<String> name) {
        check(method, s, name, Set.of());
    }

    /**
     * {@link #check(String, SolveSettings, UnaryOperator)}, and also refuses the init scale or seed when
     * {@code given} names them (by their spec names, init_scale and seed: the user set them) and the
     * method does not read them, or the initialization is not the Gaussian one (the only random one).
     * Defaults the user did not write are never refused.
     */
    public void check(String method, SolveSettings s, UnaryOperator<String> name, Set<String> given) {
        checkInit(method, s.init(), name);
        refuse(method, s.d() != null && !width, name.apply("d"), "it has no factor width");
        refuse(method, !Double.isNaN(s.step()) && !step, name.apply("step"), "it chooses its own steps");
        refuse(method, s.lineSearch() && !lineSearch, name.apply("line_search"), "it has no line search");
        refuse(method, s.maxIterations() != null && !reads.contains(MAX_ITER), name.apply(MAX_ITER), "it has no iteration cap");
        refuse(method, s.tol() != null && !reads.contains(TOL), name.apply(TOL), "it has no stopping tolerance");
        for (String k : List.of(INIT_SCALE, SEED)) {
            if (given.contains(k)) {
                refuse(method, !reads.contains(k), name.apply(k), "it has no random initialization");
                refuse(method, s.init() != SolveSettings.Init.GAUSSIAN, name.apply(k) + " with " + name.apply("init") + " " + s.init().key(),
                    "only the gaussian initialization is random");
            }
        }
        for (String k : s.options().keySet()) {
            InvalidInputException.require(optionKeys.contains(k), "method " + method + " has no option '" + k + "'"
                + (optionKeys.isEmpty() ? "" : " (known: " + String.join(", ", optionKeys) + ")"));
        }
    }

    /** Refuses an initialization kind outside {@link #inits} (see {@link #check}). */
    public void checkInit(String method, SolveSettings.Init init, UnaryOperator<String> name) {
        if (!inits.contains(init)) {
            throw new InvalidInputException("method " + method + " does not support " + name.apply("init") + " " + init.key()
                + " (supports: " + String.join(", ", inits.stream().map(SolveSettings.Init::key).sorted(this::initOrder).toList()) + ")");
        }
    }

    private int initOrder(String a, String b) {
        List<String> order = java.util.Arrays.stream(SolveSettings.Init.values()).map(SolveSettings.Init::key).toList();
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    private static void refuse(String method, boolean bad, String setting, String why) {
        InvalidInputException.require(!bad, "method " + method + " does not support " + setting + " (" + why + ")");
    }
}

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
 * Built by name ({@link #builder()}); every property is declared, none is inferred from another:
 *
 * <ul>
 * <li>{@link #inits()}: initialization kinds it accepts (only {@code GAUSSIAN} where it has no factor to initialize)</li>
 * <li>{@link #factor()}: it has a factor U (--save-u, initialization kinds other than the default)</li>
 * <li>{@link #width()}: it reads the factor width d</li>
 * <li>{@link #step()}: it reads a step η</li>
 * <li>{@link #lineSearch()}: it has the exact line search</li>
 * <li>{@link #dual()}: it reports a dual vector v (--save-v)</li>
 * <li>{@link #defaults()}: its defaults by setting name (step, max_iter, tol, init_scale, …), for help and
 *     progress; a setting without a default here is chosen by the method (e.g. the step 1/(2‖𝒜‖²) of xgd)</li>
 * <li>{@link #options()}: its method-specific options ({@code -o KEY=VALUE}, spec {@code options}), each declared once
 *     with name, type, default, bounds and description ({@link MethodOption}); {@link #optionKeys()} and their
 *     entries in {@link #defaults()} come from these declarations, and {@link #check} refuses a value out of bounds</li>
 * <li>{@link #reads()}: which of the general settings {@link #GENERAL} (init_scale, seed, max_iter, tol) it
 *     reads; init_scale and seed are read only with the Gaussian initialization</li>
 * <li>{@link #iterative()}: its listener is shown its iterates, k = 0, 1, …, K ({@code onIteration} between the
 *     lifecycle's init and finish); false for a closed form or an external program (a start and an end only)</li>
 * <li>{@link #traceable()}: a trace recorder on its listener records each iterate's matrix quantities (its loop
 *     binds an {@code IterateView}: ‖X‖_*, errors, spectrum of X = UUᵀ or of X itself), so {@code solve} and
 *     {@code complete} accept {@code --trace}; implies iterative</li>
 * <li>{@link #convex()}: it solves the convex program min ‖X‖_* (s.t. the data) and reports its optimality
 *     certificate ({@code certified}, {@code lower_bound}, {@code duality_gap} among the result's keys)</li>
 * <li>{@link #resumable()}: on rectangular completion, it records a path ({@code --path}, record_every) and
 *     resumes from checkpoints ({@code --checkpoint}, checkpoint_every); implies iterative</li>
 * </ul>
 */
public final class Capabilities {

    private final Set<SolveSettings.Init> inits;
    private final boolean factor;
    private final boolean width;
    private final boolean step;
    private final boolean lineSearch;
    private final boolean dual;
    private final Map<String, Object> defaults;
    private final List<MethodOption<?>> options;
    private final Set<String> optionKeys;
    private final Set<String> reads;
    private final boolean iterative;
    private final boolean traceable;
    private final boolean convex;
    private final boolean resumable;

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

    private Capabilities(Builder b) {
        InvalidInputException.require(!b.inits.isEmpty(), "a method accepts at least the default init");
        this.inits = Collections.unmodifiableSet(EnumSet.copyOf(b.inits));
        this.factor = b.factor;
        this.width = b.width;
        this.step = b.step;
        this.lineSearch = b.lineSearch;
        this.dual = b.dual;
        Map<String, Object> all = new LinkedHashMap<>(b.defaults);
        Set<String> keys = new TreeSet<>();
        for (MethodOption<?> o : b.options) {
            InvalidInputException.require(keys.add(o.name()), "option " + o.name() + " is declared twice");
            InvalidInputException.require(!b.defaults.containsKey(o.name()), "option " + o.name() + " has its default in its declaration only");
            all.put(o.name(), o.shownDefault());
        }
        this.defaults = Collections.unmodifiableMap(ordered(all));
        this.options = List.copyOf(b.options);
        this.optionKeys = Collections.unmodifiableSet(keys);
        for (String r : b.reads) {
            InvalidInputException.require(GENERAL.contains(r), "unknown general setting '" + r + "' (known: init_scale, seed, max_iter, tol)");
        }
        this.reads = Collections.unmodifiableSet(new TreeSet<>(b.reads));
        this.iterative = b.iterative;
        this.traceable = b.traceable;
        this.convex = b.convex;
        this.resumable = b.resumable;
        InvalidInputException.require(inits.contains(SolveSettings.Init.GAUSSIAN), "every method accepts the default init");
        InvalidInputException.require(factor || inits.equals(GAUSSIAN_ONLY) || inits.equals(DEFAULT_OR_GIVEN),
            "a method without a factor accepts the default init, or given (its starting matrix X₀), only");
        InvalidInputException.require(!traceable || iterative, "a traceable method is iterative (a trace records iterates)");
        InvalidInputException.require(!resumable || iterative, "a resumable method is iterative (it checkpoints its iterates)");
    }

    /**
     * A builder with nothing declared: the default initialization only, no factor, width, step, line
     * search or dual, no defaults or options, every general setting read ({@link #GENERAL}), neither
     * iterative, traceable, convex nor resumable. Each call declares one property by name.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Declares {@link Capabilities} property by property; see the class comment for what each means. */
    public static final class Builder {
        private Set<SolveSettings.Init> inits = GAUSSIAN_ONLY;
        private boolean factor;
        private boolean width;
        private boolean step;
        private boolean lineSearch;
        private boolean dual;
        private Map<String, Object> defaults = Map.of();
        private List<MethodOption<?>> options = List.of();
        private Set<String> reads = GENERAL;
        private boolean iterative;
        private boolean traceable;
        private boolean convex;
        private boolean resumable;

        private Builder() {
        }

        /** The initialization kinds it accepts ({@link #ALL_INITS} or {@link #GAUSSIAN_ONLY}, the default). */
        public Builder inits(Set<SolveSettings.Init> kinds) {
            this.inits = kinds;
            return this;
        }

        /** It has a factor U. */
        public Builder factor() {
            this.factor = true;
            return this;
        }

        /** It reads the factor width d. */
        public Builder width() {
            this.width = true;
            return this;
        }

        /** It reads a step η. */
        public Builder step() {
            this.step = true;
            return this;
        }

        /** It has the exact line search. */
        public Builder lineSearch() {
            this.lineSearch = true;
            return this;
        }

        /** It reports a dual vector v. */
        public Builder dual() {
            this.dual = true;
            return this;
        }

        /** Its defaults of general settings by name (d, step, init_scale, max_iter, tol); options carry their own. */
        public Builder defaults(Map<String, Object> values) {
            this.defaults = values;
            return this;
        }

        /** Its method-specific options, each declared once (name, type, default, bounds, description). */
        public Builder options(MethodOption<?>... declared) {
            this.options = List.of(declared);
            return this;
        }

        /** The general settings it reads (a subset of {@link #GENERAL}; all of them unless declared). */
        public Builder reads(Set<String> general) {
            this.reads = general;
            return this;
        }

        /** Its listener is shown its iterates. */
        public Builder iterative() {
            this.iterative = true;
            return this;
        }

        /** A trace recorder records its iterates' matrix quantities (declare {@link #iterative()} too). */
        public Builder traceable() {
            this.traceable = true;
            return this;
        }

        /** It solves the convex program and reports an optimality certificate. */
        public Builder convex() {
            this.convex = true;
            return this;
        }

        /** It records a completion path and resumes from checkpoints (declare {@link #iterative()} too). */
        public Builder resumable() {
            this.resumable = true;
            return this;
        }

        /** The capabilities declared; refuses (one line) an inconsistent declaration. */
        public Capabilities build() {
            return new Capabilities(this);
        }
    }

    /** Initialization kinds it accepts. */
    public Set<SolveSettings.Init> inits() {
        return inits;
    }

    /** Whether it has a factor U. */
    public boolean factor() {
        return factor;
    }

    /** Whether it reads the factor width d. */
    public boolean width() {
        return width;
    }

    /** Whether it reads a step η. */
    public boolean step() {
        return step;
    }

    /** Whether it has the exact line search. */
    public boolean lineSearch() {
        return lineSearch;
    }

    /** Whether it reports a dual vector v. */
    public boolean dual() {
        return dual;
    }

    /** Its defaults by setting name, common settings first. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** Names of its method-specific options, sorted. */
    public Set<String> optionKeys() {
        return optionKeys;
    }

    /** Its method-specific options as declared, in declaration order. */
    public List<MethodOption<?>> options() {
        return options;
    }

    /**
     * One line for {@code implreg methods}: init kinds, factor, width, step, line search, dual, the general settings
     * it reads, defaults and option keys.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder("init ").append(String.join("|", inits.stream().map(SolveSettings.Init::key).sorted().toList()));
        sb.append(factor ? ", factor" : "").append(width ? ", d" : "").append(step ? ", step" : "")
            .append(lineSearch ? ", line search" : "").append(dual ? ", dual v" : "");
        for (String k : List.of(INIT_SCALE, SEED, MAX_ITER, TOL)) {
            sb.append(reads.contains(k) ? ", " + k : "");
        }
        if (!defaults.isEmpty()) {
            List<String> d = new java.util.ArrayList<>();
            defaults.forEach((k, v) -> d.add(k + "=" + MethodOption.format(v)));
            sb.append("; defaults ").append(String.join(", ", d));
        }
        if (!optionKeys.isEmpty()) {
            sb.append("; options ").append(String.join(", ", optionKeys));
        }
        return sb.toString();
    }

    /** The general settings it reads, sorted. */
    public Set<String> reads() {
        return reads;
    }

    /** Whether its listener is shown its iterates. */
    public boolean iterative() {
        return iterative;
    }

    /** Whether a trace recorder records its iterates' matrix quantities. */
    public boolean traceable() {
        return traceable;
    }

    /** Whether it solves the convex program and reports an optimality certificate. */
    public boolean convex() {
        return convex;
    }

    /** Whether it records a completion path and resumes from checkpoints. */
    public boolean resumable() {
        return resumable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capabilities c && inits.equals(c.inits) && factor == c.factor && width == c.width && step == c.step
            && lineSearch == c.lineSearch && dual == c.dual && defaults.equals(c.defaults) && optionKeys.equals(c.optionKeys)
            && reads.equals(c.reads) && iterative == c.iterative && traceable == c.traceable && convex == c.convex
            && resumable == c.resumable;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inits, factor, width, step, lineSearch, dual, defaults, optionKeys, reads, iterative, traceable,
            convex, resumable);
    }

    @Override
    public String toString() {
        return "Capabilities[inits=" + inits + ", factor=" + factor + ", width=" + width + ", step=" + step + ", lineSearch=" + lineSearch
            + ", dual=" + dual + ", defaults=" + defaults + ", optionKeys=" + optionKeys + ", reads=" + reads + ", iterative=" + iterative
            + ", traceable=" + traceable + ", convex=" + convex + ", resumable=" + resumable + "]";
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

    /**
     * The default initialization or a given starting matrix: for a method without a factor that starts from a matrix
     * X₀ (n×n, e.g. mirror descent), {@code given} is X₀ itself.
     */
    public static final Set<SolveSettings.Init> DEFAULT_OR_GIVEN = Set.of(SolveSettings.Init.GAUSSIAN, SolveSettings.Init.GIVEN);
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

    /**
     * The init scale ‖U₀‖_F where the user gives none: the declared default ({@code init_scale} in {@link #defaults()}), else
     * {@link SolveSettings#DEFAULT_INIT_SCALE}. The command line and specs both read it here.
     */
    public double initScale() {
        return defaultNumber(INIT_SCALE, SolveSettings.DEFAULT_INIT_SCALE);
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
        for (MethodOption<?> o : options) {
            o.check(s);
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

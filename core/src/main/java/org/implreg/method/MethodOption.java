package org.implreg.method;

import java.util.List;
import java.util.Locale;
import org.implreg.InvalidInputException;

/**
 * One method-specific option, declared once: its name ({@code -o NAME=VALUE}, a spec's {@code options}), type,
 * default, bounds and a one-line description. A method lists its options in {@link Capabilities.Builder#options};
 * from that one declaration come the option keys a method accepts, its defaults (help, {@code implreg methods},
 * progress), the check of a given value (before any work: {@link Capabilities#check}) and the value the method
 * reads ({@link #get}). Values travel as text in {@link SolveSettings#options()}.
 *
 * @param <T> the value's type: Double (real), Long (integer), String (one of a list), Boolean (flag)
 */
public final class MethodOption<T> {
    private enum Kind { REAL, INTEGER, CHOICE, FLAG }

    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final String description;
    private final double min;
    private final boolean minOpen;
    private final double max;
    private final boolean maxOpen;
    private final List<String> choices;
    private final String shown;

    private MethodOption(String name, Kind kind, T defaultValue, String description, double min, boolean minOpen, double max,
                         List<String> choices, String shown) {
        this(name, kind, defaultValue, description, min, minOpen, max, false, choices, shown);
    }

    private MethodOption(String name, Kind kind, T defaultValue, String description, double min, boolean minOpen, double max,
                         boolean maxOpen, List<String> choices, String shown) {
        InvalidInputException.require(name != null && name.matches("[a-z][a-z0-9_]*"), "option name '" + name + "' is not snake_case");
        InvalidInputException.require(description != null && !description.isBlank(), "option " + name + " has no description");
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
        this.min = min;
        this.minOpen = minOpen;
        this.max = max;
        this.maxOpen = maxOpen;
        this.choices = choices;
        this.shown = shown;
    }

    /** A real option (finite) with default {@code def}. */
    public static MethodOption<Double> real(String name, double def, String description) {
        return new MethodOption<>(name, Kind.REAL, def, description, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, List.of(), null);
    }

    /** An integer option with default {@code def}. */
    public static MethodOption<Long> integer(String name, long def, String description) {
        return new MethodOption<>(name, Kind.INTEGER, def, description, Integer.MIN_VALUE, false, Integer.MAX_VALUE, List.of(), null);
    }

    /** An option whose value is one of {@code values}, default {@code def} (one of them). */
    public static MethodOption<String> choice(String name, String def, String description, String... values) {
        InvalidInputException.require(List.of(values).contains(def), "option " + name + ": default '" + def + "' is not one of its values");
        return new MethodOption<>(name, Kind.CHOICE, def, description, 0, false, 0, List.of(values), null);
    }

    /** A true/false option with default {@code def}. */
    public static MethodOption<Boolean> flag(String name, boolean def, String description) {
        return new MethodOption<>(name, Kind.FLAG, def, description, 0, false, 0, List.of("true", "false"), null);
    }

    /** This option, its values at least {@code lo}. */
    public MethodOption<T> atLeast(double lo) {
        return new MethodOption<>(name, kind, defaultValue, description, lo, false, max, maxOpen, choices, shown);
    }

    /** This option, its values greater than {@code lo}. */
    public MethodOption<T> above(double lo) {
        return new MethodOption<>(name, kind, defaultValue, description, lo, true, max, maxOpen, choices, shown);
    }

    /** This option, its values at most {@code hi}. */
    public MethodOption<T> atMost(double hi) {
        return new MethodOption<>(name, kind, defaultValue, description, min, minOpen, hi, false, choices, shown);
    }

    /** This option, its values less than {@code hi} (e.g. a decay rate β ∈ [0, 1)). */
    public MethodOption<T> below(double hi) {
        return new MethodOption<>(name, kind, defaultValue, description, min, minOpen, hi, true, choices, shown);
    }

    /**
     * This option, its default shown in help as {@code text} (a default that is not a value, e.g. max_time "none"
     * with the value {@link Double#POSITIVE_INFINITY} standing for it; such a default is not checked against the bounds).
     */
    public MethodOption<T> shownAs(String text) {
        return new MethodOption<>(name, kind, defaultValue, description, min, minOpen, max, maxOpen, choices, text);
    }

    /** The name, e.g. "rtol". */
    public String name() {
        return name;
    }

    /** The one-line description. */
    public String description() {
        return description;
    }

    /** The default value. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as help and {@code implreg methods} show it: the value, or its text ({@link #shownAs}). */
    public Object shownDefault() {
        return shown != null ? shown : defaultValue;
    }

    /** "rtol (real > 0, default 1e-08): description". */
    public String help() {
        return name + " (" + domain() + ", default " + format(shownDefault()) + "): " + description;
    }

    /** The values it takes, in words: "real > 0", "integer in [0, 10]", "auto | dp853 | ros2", "true | false". */
    public String domain() {
        if (kind == Kind.CHOICE || kind == Kind.FLAG) {
            return String.join(" | ", choices);
        }
        String type = kind == Kind.REAL ? "real" : "integer";
        boolean lo = kind == Kind.REAL ? min > Double.NEGATIVE_INFINITY : min > Integer.MIN_VALUE;
        boolean hi = kind == Kind.REAL ? max < Double.POSITIVE_INFINITY : max < Integer.MAX_VALUE;
        if (lo && hi) {
            return type + " in " + (minOpen ? "(" : "[") + format(min) + ", " + format(max) + (maxOpen ? ")" : "]");
        }
        return lo ? type + (minOpen ? " > " : " ≥ ") + format(min) : hi ? type + (maxOpen ? " < " : " ≤ ") + format(max) : type;
    }

    /**
     * The value in {@code s}, or the default when {@code s} has none.
     *
     * @throws InvalidInputException (one line) when the text is not a value of this option
     */
    @SuppressWarnings("unchecked")
    public T get(SolveSettings s) {
        String text = s.options().get(name);
        return text == null ? defaultValue : (T) parse(text);
    }

    /** Refuses (one line) a value in {@code s} that is not one of this option's. */
    void check(SolveSettings s) {
        get(s);
    }

    private Object parse(String text) {
        String v = text.trim();
        switch (kind) {
            case CHOICE, FLAG -> {
                InvalidInputException.require(choices.contains(v.toLowerCase(Locale.ROOT)), "option " + name + " must be one of "
                    + String.join(", ", choices) + ", got '" + text + "'");
                String c = v.toLowerCase(Locale.ROOT);
                return kind == Kind.FLAG ? (Object) Boolean.valueOf(c) : c;
            }
            default -> {
                double x;
                try {
                    x = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("option " + name + " must be a number, got '" + text + "'");
                }
                InvalidInputException.require(Double.isFinite(x), "option " + name + " must be a finite number, got '" + text + "'");
                InvalidInputException.require(kind == Kind.REAL || x == Math.rint(x), "option " + name + " must be an integer, got '" + text + "'");
                InvalidInputException.require(minOpen ? x > min : x >= min, "option " + name + " must be " + domain() + ", got '" + text + "'");
                InvalidInputException.require(maxOpen ? x < max : x <= max, "option " + name + " must be " + domain() + ", got '" + text + "'");
                return kind == Kind.REAL ? (Object) x : (Object) (long) x;
            }
        }
    }

    /** A default or bound as help shows it: 0.001, 1e-5, 200000. */
    public static String format(Object v) {
        if (v instanceof Double || v instanceof Float) {
            String s = Double.toString(((Number) v).doubleValue()); // 0.001, 1.0E-5, 1.0E12, 200000.0
            return s.replace(".0E", "e").replace("E", "e").replaceAll("\\.0$", "");
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return help();
    }
}

package org.implreg.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.implreg.InvalidInputException;

/**
 * The registry of methods by name: every solver of the library, symmetric and asymmetric, is here and
 * nowhere else. The built-in methods are registered below; further ones come from
 * {@code META-INF/services/org.implreg.method.Method} entries on the class path (one line naming a
 * class with a public no-argument constructor) or from {@link #register}. The command line's help,
 * {@code implreg methods}, spec validation, sweeps and the contract tests read the registry and each
 * method's {@link Method#capabilities()}.
 */
public final class Methods {
    /** The method commands run when none is named. */
    public static final String DEFAULT = "gd";

    private static final Map<String, Method> REGISTRY = new LinkedHashMap<>();

    static {
        register(new GradientDescentMethod());
        register(new ProjectedGradientMethod());
        register(new FlowMethod());
        register(new TimeOrderedExponentialMethod());
        register(new NucminMethod(false));
        register(new NucminMethod(true));
        register(new DeepMethod());
        register(new UduMethod());
        register(new GlrlMethod());
        register(new MomentumMethod());
        register(new MirrorDescentMethod(org.implreg.optimizer.MirrorDescent.Mirror.ENTROPY));
        register(new MirrorDescentMethod(org.implreg.optimizer.MirrorDescent.Mirror.HYPENTROPY));
        for (Method m : ServiceLoader.load(Method.class, Methods.class.getClassLoader())) {
            register(m);
        }
    }

    private Methods() {}

    /** Adds {@code m}; its name must be new. */
    public static synchronized void register(Method m) {
        InvalidInputException.require(m.name() != null && m.name().matches("[a-z][a-z0-9-]*"),
            "method names are lower-case words, got '" + m.name() + "'");
        InvalidInputException.require(!REGISTRY.containsKey(m.name()), "method " + m.name() + " is registered already");
        InvalidInputException.require(!m.capabilities().isEmpty(), "method " + m.name() + " declares no problem kind");
        REGISTRY.put(m.name(), m);
    }

    /** All methods by name, in registration order. */
    public static synchronized Map<String, Method> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(REGISTRY));
    }

    /** The names of the methods that solve {@code kind}, in registration order. */
    public static List<String> names(ProblemKind kind) {
        List<String> out = new ArrayList<>();
        for (Method m : all().values()) {
            if (m.supports(kind)) {
                out.add(m.name());
            }
        }
        return out;
    }

    /** The method called {@code name}. */
    public static synchronized Method get(String name) {
        Method m = REGISTRY.get(name);
        if (m == null) {
            throw new InvalidInputException("unknown method '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        return m;
    }

    /** The method called {@code name}, which must solve {@code kind}. */
    public static Method get(String name, ProblemKind kind) {
        Method m = get(name);
        m.capabilities(kind);
        return m;
    }

    /**
     * Refuses settings that {@code m} does not support on {@code kind} (one line naming the setting as
     * {@code names} spells it); see {@link Capabilities#check}.
     */
    public static void check(Method m, ProblemKind kind, SolveSettings s, UnaryOperator<String> names) {
        m.requireSupported(kind, s, names);
    }

    /**
     * {@link #check(Method, ProblemKind, SolveSettings, UnaryOperator)}, also refusing the init scale or
     * seed where {@code given} names them (the user set them) and {@code m} does not read them.
     */
    public static void check(Method m, ProblemKind kind, SolveSettings s, UnaryOperator<String> names, java.util.Set<String> given) {
        m.requireSupported(kind, s, names, given);
    }
}

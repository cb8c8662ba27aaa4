package org.implreg.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.InvalidInputException;

/** The registry of solve methods by name. */
public final class Methods {
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
    }

    private Methods() {}

    private static void register(Method m) {
        REGISTRY.put(m.name(), m);
    }

    /** All methods by name, in registration order. */
    public static Map<String, Method> all() {
        return Collections.unmodifiableMap(REGISTRY);
    }

    /** The method called {@code name}. */
    public static Method get(String name) {
        Method m = REGISTRY.get(name);
        if (m == null) {
            throw new InvalidInputException("unknown method '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        return m;
    }
}

package org.implreg.reproduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.InvalidInputException;

/** The registry of reproductions by name: adding one is a class plus one line here. */
public final class Reproductions {
    private static final Map<String, Reproduction> REGISTRY = new LinkedHashMap<>();

    static {
        register(new Gunasekar2017());
        register(new Gunasekar2017Grid());
        register(new Gunasekar2017MovieLens());
        register(new Chou2021Reproduction());
        register(new Arora2019Reproduction());
        register(new Hou2024());
        register(new Hou2024Networks());
        register(new Razin2020());
        register(new Li2021());
        register(new Gunasekar2017Theory());
    }

    private Reproductions() {}

    private static void register(Reproduction r) {
        REGISTRY.put(r.name(), r);
    }

    /** All reproductions, in registration order. */
    public static Map<String, Reproduction> all() {
        return Collections.unmodifiableMap(REGISTRY);
    }

    /** The reproduction called {@code name}. */
    public static Reproduction get(String name) {
        Reproduction r = REGISTRY.get(name);
        if (r == null) {
            throw new InvalidInputException("unknown reproduction '" + name + "' (available: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        return r;
    }
}

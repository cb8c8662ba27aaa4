package org.implreg.reproduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.implreg.InvalidInputException;

/**
 * The registry of reproductions by name. The built-in ones are registered below; further ones come from
 * {@code META-INF/services/org.implreg.reproduce.Reproduction} entries on the class path (one line naming a
 * class with a public no-argument constructor, as for methods: {@code org.implreg.method.Methods}), after the
 * built-in ones in the order the service loader finds them. {@code implreg reproduce} (its names, its
 * {@code --help}, "all"), the home page and the page test read this registry, nothing else.
 */
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
        for (Reproduction r : ServiceLoader.load(Reproduction.class, Reproductions.class.getClassLoader())) {
            register(r);
        }
    }

    private Reproductions() {}

    private static void register(Reproduction r) {
        InvalidInputException.require(r.name() != null && r.name().matches("[a-z][a-z0-9-]*"),
            "reproduction names are lower-case words, got '" + r.name() + "'");
        InvalidInputException.require(!REGISTRY.containsKey(r.name()), "reproduction " + r.name() + " is registered already");
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

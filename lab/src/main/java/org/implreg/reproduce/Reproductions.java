package org.implreg.reproduce;

import java.security.CodeSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.implreg.InvalidInputException;

/**
 * The registry of reproductions by name, filled from {@code META-INF/services/org.implreg.reproduce.Reproduction}
 * entries on the class path (one line naming a class with a public no-argument constructor, as for methods:
 * {@code org.implreg.method.Methods}). The built-in ones are the lines of lab's own services file
 * ({@code lab/src/main/resources}), registered first and in that file's order (the home page's and
 * {@code reproduce all}'s order); entries from other class path roots (a jar or folder of one's own, lab's
 * test resources) follow in the order the service loader finds them. So this framework package imports no
 * paper's package: each paper lives in {@code org.implreg.reproduce.<paper>} and is named by one line of
 * the services file. {@code implreg reproduce} (its names, its {@code --help}, "all"), the home page and the
 * page test read this registry, nothing else.
 */
public final class Reproductions {
    private static final Map<String, Reproduction> REGISTRY = new LinkedHashMap<>();

    static {
        List<ServiceLoader.Provider<Reproduction>> found = ServiceLoader.load(Reproduction.class, Reproductions.class.getClassLoader())
            .stream().toList();
        for (boolean builtIn : new boolean[] {true, false}) {
            for (ServiceLoader.Provider<Reproduction> p : found) {
                if (isBuiltIn(p.type()) == builtIn) {
                    register(p.get());
                }
            }
        }
    }

    /** Whether {@code type} was loaded from the class path root that holds this registry (lab's own classes or jar). */
    private static boolean isBuiltIn(Class<?> type) {
        CodeSource own = Reproductions.class.getProtectionDomain().getCodeSource();
        CodeSource its = type.getProtectionDomain().getCodeSource();
        return own != null && its != null && Objects.equals(own.getLocation(), its.getLocation());
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

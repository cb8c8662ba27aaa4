package org.implreg.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.implreg.InvalidInputException;

/**
 * The registry of generated problem families: planted matrices and measurement operators by name.
 * A new family is one class (implementing {@link ProblemSpec.Planted} or {@link ProblemSpec.Measurement})
 * plus one line: a {@code register} line below, or its class name in
 * {@code META-INF/services/org.implreg.problem.ProblemSpec$Planted} / {@code ...$Measurement} on the
 * class path. {@code implreg problem}, spec files and sweeps find families here by name.
 */
public final class ProblemFamilies {
    private static final Map<String, ProblemSpec.Planted> PLANTED = new LinkedHashMap<>();
    private static final Map<String, ProblemSpec.Measurement> MEASUREMENTS = new LinkedHashMap<>();

    static {
        register(ProblemSpec.Planted.LOW_RANK);
        register(ProblemSpec.Planted.DECAYING);
        register(ProblemSpec.Planted.INDEFINITE);
        register(ProblemSpec.Measurement.GAUSSIAN);
        register(ProblemSpec.Measurement.UNIFORM);
        register(ProblemSpec.Measurement.POWER_LAW);
        for (ProblemSpec.Planted p : ServiceLoader.load(ProblemSpec.Planted.class, ProblemFamilies.class.getClassLoader())) {
            register(p);
        }
        for (ProblemSpec.Measurement m : ServiceLoader.load(ProblemSpec.Measurement.class, ProblemFamilies.class.getClassLoader())) {
            register(m);
        }
    }

    private ProblemFamilies() {}

    /** Adds a planted family; its name must be new. */
    public static synchronized void register(ProblemSpec.Planted p) {
        InvalidInputException.require(!PLANTED.containsKey(p.key()), "planted family " + p.key() + " is registered already");
        PLANTED.put(p.key(), p);
    }

    /** Adds a measurement family; its name must be new. */
    public static synchronized void register(ProblemSpec.Measurement m) {
        InvalidInputException.require(!MEASUREMENTS.containsKey(m.key()), "measurement family " + m.key() + " is registered already");
        MEASUREMENTS.put(m.key(), m);
    }

    /** The planted families, in registration order. */
    public static synchronized List<ProblemSpec.Planted> planted() {
        return List.copyOf(PLANTED.values());
    }

    /** The measurement families, in registration order. */
    public static synchronized List<ProblemSpec.Measurement> measurements() {
        return List.copyOf(MEASUREMENTS.values());
    }

    /** The planted family named {@code key}. */
    public static synchronized ProblemSpec.Planted planted(String key) {
        ProblemSpec.Planted p = PLANTED.get(key);
        if (p == null) {
            throw new InvalidInputException("unknown planted family '" + key + "' (expected " + String.join(", ", PLANTED.keySet()) + ")");
        }
        return p;
    }

    /** The measurement family named {@code key}. */
    public static synchronized ProblemSpec.Measurement measurement(String key) {
        ProblemSpec.Measurement m = MEASUREMENTS.get(key);
        if (m == null) {
            throw new InvalidInputException("unknown measurement family '" + key + "' (expected "
                + String.join(", ", MEASUREMENTS.keySet()) + ")");
        }
        return m;
    }

    /** The names of the planted families (for help). */
    public static List<String> plantedNames() {
        return new ArrayList<>(planted().stream().map(ProblemSpec.Planted::key).toList());
    }

    /** The names of the measurement families (for help). */
    public static List<String> measurementNames() {
        return new ArrayList<>(measurements().stream().map(ProblemSpec.Measurement::key).toList());
    }
}

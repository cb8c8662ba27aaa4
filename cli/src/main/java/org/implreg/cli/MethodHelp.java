package org.implreg.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.function.Predicate;
import org.implreg.method.Capabilities;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.reproduce.Reproductions;

/**
 * Help texts computed from the method and reproduction registries (a picocli resource bundle: options name their text
 * with {@code descriptionKey}, keys qualified by the command name), so {@code --help} lists exactly
 * the registered methods, what each supports and its defaults; no method name is written here.
 */
public final class MethodHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        Map<String, String> t = new LinkedHashMap<>();
        ProblemKind sym = ProblemKind.SYMMETRIC;
        ProblemKind comp = ProblemKind.RECTANGULAR_COMPLETION;
        t.put("solve.method", "the method (default: ${DEFAULT-VALUE}): " + String.join(" | ", Methods.names(sym))
            + " on problem files (symmetric, rectangular sensing); " + String.join(" | ", Methods.names(comp))
            + " on asymmetric completion files ('implreg methods' describes them)");
        t.put("solve.d", "factor width d, 1 ≤ d ≤ n (default: n); read by " + names(sym, Capabilities::width));
        t.put("solve.step", "step η; with --line-search the cap of the exact line search (default: " + defaults(sym, "step")
            + "); read by " + names(sym, Capabilities::step));
        t.put("solve.line-search", "exact line search along −∇f, clipped at --step (the paper's η_ELS); "
            + names(sym, Capabilities::lineSearch) + " only");
        t.put("solve.max-iter", "iteration cap (default: " + defaults(sym, "max_iter") + ")");
        t.put("solve.tol", "stop at training error ‖A(X) − y‖/‖y‖ ≤ tol, or the certificate tolerance of convex references (default: "
            + defaults(sym, "tol") + ")");
        t.put("solve.option", "a method-specific option, repeatable (" + options(sym) + ")");
        t.put("solve.init", "gaussian | svd | given | svd-xgd (top-d factor of this problem's X_gd) (default: ${DEFAULT-VALUE}); "
            + "all kinds: " + names(sym, c -> c.inits().size() > 1) + "; gaussian only: " + names(sym, c -> c.inits().size() == 1));
        t.put("solve.save-u", "write the final U (n×d) as .npy (" + names(sym, Capabilities::factor) + ")");
        t.put("solve.save-v", "write the dual vector v (m) as .npy (" + names(sym, Capabilities::dual) + ")");
        t.put("complete.method", "the method (default: ${DEFAULT-VALUE}): " + String.join(" | ", Methods.names(comp)));
        t.put("complete.d", "factor width (default: min(n1, n2)); " + names(comp, Capabilities::width) + " only");
        t.put("complete.step", "step η (default: " + defaults(comp, "step") + ")");
        t.put("complete.init-scale", "‖U0‖_F = ‖V0‖_F (default: " + defaults(comp, "init_scale") + ")");
        t.put("complete.tol", "training error to reach, or the relative duality gap of certified methods (default: "
            + defaults(comp, "tol") + ")");
        t.put("complete.max-iter", "iteration cap (default: " + defaults(comp, "max_iter") + ")");
        t.put("reproduce.names", "reproductions to run (default: all), from the registry:" + Reproductions.all().values().stream()
            .map(x -> "%n  " + x.name() + " — " + x.description().replace("%", "%%")).collect(java.util.stream.Collectors.joining()));
        t.put("usage.footer", "%nRegistered methods: " + String.join(", ", Methods.all().keySet())
            + " ('implreg methods' says what each solves and supports).");
        Object[][] out = new Object[t.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : t.entrySet()) {
            out[i++] = new Object[] {e.getKey(), e.getValue()};
        }
        return out;
    }

    private static String names(ProblemKind kind, Predicate<Capabilities> p) {
        List<String> out = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (m.supports(kind) && p.test(m.capabilities(kind))) {
                out.add(m.name());
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String defaults(ProblemKind kind, String key) {
        List<String> out = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (m.supports(kind) && m.capabilities(kind).defaults().containsKey(key)) {
                out.add(m.name() + " " + org.implreg.method.MethodOption.format(m.capabilities(kind).defaults().get(key)));
            }
        }
        return String.join(", ", out);
    }

    private static String options(ProblemKind kind) {
        List<String> out = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (m.supports(kind) && !m.capabilities(kind).optionKeys().isEmpty()) {
                out.add(m.name() + ": " + String.join(", ", m.capabilities(kind).optionKeys()));
            }
        }
        return String.join("; ", out);
    }

    /** picocli completion candidates: the methods for symmetric problem files. */
    public static final class SymmetricMethods implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Methods.names(ProblemKind.SYMMETRIC).iterator();
        }
    }

    /** picocli completion candidates: the methods for rectangular completion. */
    public static final class CompletionMethods implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Methods.names(ProblemKind.RECTANGULAR_COMPLETION).iterator();
        }
    }
}

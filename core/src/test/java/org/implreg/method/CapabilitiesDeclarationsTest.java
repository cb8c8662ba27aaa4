package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.implreg.InvalidInputException;
import org.implreg.completion.CompletionGd;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.metrics.ViewListener;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/**
 * The declared properties of {@link Capabilities} — iterative, traceable, convex, resumable — agree
 * with what every registered method does, on every problem kind it solves (none is inferred, so the
 * command line reads them as declared):
 *
 * <ul>
 * <li>iterative ⇔ its listener sees at least one iterate ({@code onIteration});</li>
 * <li>traceable ⇔ a {@link TraceRecorder} on its listener records rows whose matrix quantities are
 *     known (‖X‖_* finite on every row: the loop bound an {@code IterateView});</li>
 * <li>convex ⇔ its result carries an optimality certificate (the keys {@code certified} and
 *     {@code lower_bound} among its extras);</li>
 * <li>resumable (completion) ⇔ it asks for a checkpoint store and records a path.</li>
 * </ul>
 *
 * Flipping any one declaration of a method makes {@link #disagreements} non-empty
 * ({@link #aWrongDeclarationIsCaught}), so the check can fail.
 */
class CapabilitiesDeclarationsTest {

    /** Rows a trace keeps per run: every iterate (the contract problems are small). */
    private static final int TRACE_EVERY = 1;
    /** Singular values per trace row. */
    private static final int TRACE_TOP = 3;

    @Test
    void everyMethodsDeclarationsAgreeWithItsBehaviour() {
        List<String> checked = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            assertThat(disagreements(m)).as(m.name()).isEmpty();
            checked.add(m.name());
        }
        assertThat(checked).contains("gd", "nucmin", "csdp", "landweber");
    }

    @Test
    void theDeclarationsTheCommandLineReads() {
        for (String m : List.of("gd", "momentum", "sgd", "adam", "rmsprop", "xgd", "flow", "toe", "deep", "udu", "glrl")) {
            Capabilities c = Methods.get(m).capabilities(ProblemKind.SYMMETRIC);
            assertThat(c.iterative() && c.traceable() && !c.convex() && !c.resumable()).as(m).isTrue();
        }
        Capabilities nucmin = Methods.get("nucmin").capabilities(ProblemKind.SYMMETRIC);
        assertThat(nucmin.iterative() && !nucmin.traceable() && nucmin.convex()).as("nucmin: iterates, not traced, certified").isTrue();
        Capabilities csdp = Methods.get("csdp").capabilities(ProblemKind.SYMMETRIC);
        assertThat(!csdp.iterative() && !csdp.traceable() && csdp.convex()).as("csdp: an external program, certified").isTrue();
        Capabilities gd = Methods.get("gd").capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        assertThat(gd.iterative() && gd.traceable() && gd.resumable() && !gd.convex()).as("gd completion").isTrue();
        Capabilities admm = Methods.get("nucmin").capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        assertThat(admm.iterative() && !admm.traceable() && !admm.resumable() && admm.convex()).as("nucmin completion").isTrue();
        Capabilities closed = Methods.get("xgd").capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        assertThat(closed.iterative() || closed.traceable() || closed.resumable() || closed.convex()).as("pgd completion: a closed form")
            .isFalse();
    }

    @Test
    void aWrongDeclarationIsCaught() {
        record Flip(String method, ProblemKind kind, String property) {
        }
        for (Flip f : List.of(new Flip("gd", ProblemKind.SYMMETRIC, "traceable"), new Flip("nucmin", ProblemKind.SYMMETRIC, "traceable"),
            new Flip("nucmin", ProblemKind.SYMMETRIC, "iterative"), new Flip("csdp", ProblemKind.SYMMETRIC, "iterative"),
            new Flip("nucmin", ProblemKind.SYMMETRIC, "convex"), new Flip("flow", ProblemKind.SYMMETRIC, "convex"),
            new Flip("gd", ProblemKind.RECTANGULAR_COMPLETION, "resumable"),
            new Flip("nucmin", ProblemKind.RECTANGULAR_COMPLETION, "resumable"),
            new Flip("nucmin", ProblemKind.RECTANGULAR_COMPLETION, "traceable"),
            new Flip("xgd", ProblemKind.RECTANGULAR_COMPLETION, "iterative"),
            new Flip("nucmin", ProblemKind.RECTANGULAR_COMPLETION, "convex"))) {
            Method m = Methods.get(f.method());
            Method wrong = declaring(m, f.kind(), flipped(m.capabilities(f.kind()), f.property()));
            assertThat(disagreements(wrong)).as(f.toString()).isNotEmpty().allMatch(d -> d.contains(f.property()));
        }
    }

    @Test
    void inconsistentDeclarationsAreRefused() {
        assertThatThrownBy(() -> Capabilities.builder().traceable().build()).isInstanceOf(InvalidInputException.class)
            .hasMessage("a traceable method is iterative (a trace records iterates)");
        assertThatThrownBy(() -> Capabilities.builder().resumable().build()).isInstanceOf(InvalidInputException.class)
            .hasMessage("a resumable method is iterative (it checkpoints its iterates)");
        assertThatThrownBy(() -> Capabilities.builder().inits(Capabilities.ALL_INITS).build()).isInstanceOf(InvalidInputException.class)
            .hasMessage("a method without a factor accepts the default init, or given (its starting matrix X₀), only");
        assertThatThrownBy(() -> Capabilities.builder().reads(java.util.Set.of("step")).build()).isInstanceOf(InvalidInputException.class)
            .hasMessage("unknown general setting 'step' (known: init_scale, seed, max_iter, tol)");
        Capabilities none = Capabilities.builder().build();
        assertThat(none.inits()).isEqualTo(Capabilities.GAUSSIAN_ONLY);
        assertThat(none.reads()).isEqualTo(Capabilities.GENERAL);
        assertThat(none.factor() || none.width() || none.step() || none.lineSearch() || none.dual() || none.iterative()
            || none.traceable() || none.convex() || none.resumable()).as("nothing declared").isFalse();
        assertThat(Capabilities.builder().step().iterative().build()).isEqualTo(Capabilities.builder().iterative().step().build())
            .isNotEqualTo(Capabilities.builder().step().build());
    }

    /** One line per declared property that the method's behaviour on one of its problem kinds contradicts. */
    static List<String> disagreements(Method m) {
        List<String> out = new ArrayList<>();
        for (ProblemKind kind : m.capabilities().keySet()) {
            Capabilities c = m.capabilities(kind);
            Observed o = switch (kind) {
                case SYMMETRIC -> symmetric(m, c);
                case RECTANGULAR_COMPLETION -> completion(m, c);
                case RECTANGULAR_SENSING -> null; // the symmetric solver on the embedding: checked as SYMMETRIC
            };
            if (o == null) {
                continue;
            }
            compare(out, m, kind, "iterative", c.iterative(), o.iterates > 0);
            compare(out, m, kind, "traceable", c.traceable(), !o.rows.isEmpty() && o.rows.stream().allMatch(r -> Double.isFinite(r.nuclearNorm())));
            compare(out, m, kind, "convex", c.convex(), o.extras.containsKey("certified") && o.extras.containsKey("lower_bound"));
            compare(out, m, kind, "resumable", c.resumable(), kind == ProblemKind.RECTANGULAR_COMPLETION && o.checkpoints && o.path);
        }
        return out;
    }

    private static void compare(List<String> out, Method m, ProblemKind kind, String property, boolean declared, boolean observed) {
        if (declared != observed) {
            out.add(m.name() + " on " + kind.key() + ": declared " + (declared ? "" : "not ") + property + ", behaves "
                + (observed ? "" : "not ") + property);
        }
    }

    /** What one run showed: iterates seen by the listener, trace rows, result keys, checkpoint store asked for, path recorded. */
    private record Observed(long iterates, List<TraceRecorder.Row> rows, Map<String, Object> extras, boolean checkpoints, boolean path) {
    }

    private static Observed symmetric(Method m, Capabilities c) {
        Problem p = MethodsContractTest.symmetric();
        SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1)
            .withMaxIterations(c.reads().contains(Capabilities.MAX_ITER) ? 2_000L : null)
            .withTol(c.reads().contains(Capabilities.TOL) ? 1e-3 : null);
        long[] iterates = {0};
        TraceRecorder trace = new TraceRecorder(TraceSchedule.every(TRACE_EVERY), TRACE_TOP);
        SolveReport r = m.solve(p, s, ViewListener.both(st -> iterates[0]++, trace));
        return new Observed(iterates[0], trace.rows(), r.extras(), false, false);
    }

    private static Observed completion(Method m, Capabilities c) {
        AsymmetricCompletion[] data = MethodsContractTest.completion();
        SolveSettings s = SolveSettings.builder(m.name()).d(c.width() ? 2 : null).initScale(c.defaultNumber("init_scale", 1.0))
            .maxIterations(c.reads().contains(Capabilities.MAX_ITER) ? 2000L : null).seed(3).build();
        long[] iterates = {0};
        boolean[] asked = {false};
        TraceRecorder trace = new TraceRecorder(TraceSchedule.every(TRACE_EVERY), TRACE_TOP);
        CompletionReport r = m.complete(data[0], data[1], s, o -> {
            asked[0] = true;
            return CompletionGd.Checkpoints.NONE;
        }, ViewListener.both(st -> iterates[0]++, trace));
        return new Observed(iterates[0], trace.rows(), r.extras(), asked[0], !r.path().isEmpty());
    }

    /**
     * {@code c} with {@code property} (iterative, traceable, convex or resumable) negated, everything else as declared
     * (iterative is flipped only where neither traceable nor resumable is declared: the builder refuses the rest).
     */
    static Capabilities flipped(Capabilities c, String property) {
        Map<String, Boolean> p = new LinkedHashMap<>(Map.of("iterative", c.iterative(), "traceable", c.traceable(), "convex", c.convex(),
            "resumable", c.resumable()));
        assertThat(p).containsKey(property);
        p.put(property, !p.get(property));
        Map<String, Object> general = new LinkedHashMap<>(c.defaults());
        general.keySet().removeAll(c.optionKeys()); // an option's default is in its declaration
        Capabilities.Builder b = Capabilities.builder().inits(c.inits()).defaults(general).options(c.options().toArray(MethodOption<?>[]::new))
            .reads(c.reads());
        apply(b, c.factor(), Capabilities.Builder::factor);
        apply(b, c.width(), Capabilities.Builder::width);
        apply(b, c.step(), Capabilities.Builder::step);
        apply(b, c.lineSearch(), Capabilities.Builder::lineSearch);
        apply(b, c.dual(), Capabilities.Builder::dual);
        apply(b, p.get("iterative"), Capabilities.Builder::iterative);
        apply(b, p.get("traceable"), Capabilities.Builder::traceable);
        apply(b, p.get("convex"), Capabilities.Builder::convex);
        apply(b, p.get("resumable"), Capabilities.Builder::resumable);
        return b.build();
    }

    private static void apply(Capabilities.Builder b, boolean declared, Function<Capabilities.Builder, Capabilities.Builder> property) {
        if (declared) {
            property.apply(b);
        }
    }

    /** {@code m} declaring {@code c} on {@code kind} (its other kinds dropped), running as {@code m} runs. */
    private static Method declaring(Method m, ProblemKind kind, Capabilities c) {
        return new Method() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public String description() {
                return m.description();
            }

            @Override
            public Map<ProblemKind, Capabilities> capabilities() {
                return Map.of(kind, c);
            }

            @Override
            public boolean external() {
                return m.external();
            }

            @Override
            public SolveReport solve(Problem problem, SolveSettings settings, IterationListener listener) {
                return m.solve(problem, settings, listener);
            }

            @Override
            public CompletionReport complete(AsymmetricCompletion train, AsymmetricCompletion test, SolveSettings settings,
                                             Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints,
                                             IterationListener listener) {
                return m.complete(train, test, settings, checkpoints, listener);
            }
        };
    }
}

package org.implreg.method;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.implreg.InvalidInputException;
import org.implreg.completion.CompletionGd;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;

/**
 * A named solver, registered in {@link Methods}. Adding a method is one class implementing this
 * interface plus one line: a {@code register} line in {@link Methods}, or its class name in a
 * {@code META-INF/services/org.implreg.method.Method} file; the command line (help, {@code methods},
 * {@code solve}, {@code complete}), spec validation, sweeps and the contract tests pick it up from
 * there, reading what it declares in {@link #capabilities()}.
 */
public interface Method {

    /** The name used on the command line and in specs, e.g. "gd". */
    String name();

    /** One line for {@code --help} and {@code implreg methods}. */
    String description();

    /**
     * What it supports, by problem kind: the kinds it solves are the keys. Symmetric methods declare
     * {@link ProblemKind#SYMMETRIC} and {@link ProblemKind#RECTANGULAR_SENSING} (through the embedding),
     * see {@link Capabilities#symmetric}; methods that also solve rectangular completion add
     * {@link ProblemKind#RECTANGULAR_COMPLETION} and implement {@link #complete}.
     */
    Map<ProblemKind, Capabilities> capabilities();

    /**
     * Whether it runs an external program (which must be installed, and whose iterations are not
     * shown to the listener); false for the library's own solvers.
     */
    default boolean external() {
        return false;
    }

    /** Whether it solves problems of {@code kind}. */
    default boolean supports(ProblemKind kind) {
        return capabilities().containsKey(kind);
    }

    /** Its capabilities on {@code kind}; refuses (one line) a kind it does not solve. */
    default Capabilities capabilities(ProblemKind kind) {
        Capabilities c = capabilities().get(kind);
        if (c == null) {
            throw new InvalidInputException("method " + name() + " does not solve " + kind.key() + " problems (supports: "
                + String.join(", ", capabilities().keySet().stream().map(ProblemKind::key).toList()) + ")");
        }
        return c;
    }

    /**
     * Refuses (one line naming the setting as {@code names} spells it) settings it does not support on
     * {@code kind}: see {@link Capabilities#check}.
     */
    default void requireSupported(ProblemKind kind, SolveSettings s, java.util.function.UnaryOperator<String> names) {
        requireSupported(kind, s, names, Set.of());
    }

    /**
     * {@link #requireSupported(ProblemKind, SolveSettings, java.util.function.UnaryOperator)}, and also
     * refuses the init scale or seed where {@code given} names them (init_scale, seed: the user set them)
     * and the method, with these settings, does not read them: see
     * {@link Capabilities#check(String, SolveSettings, java.util.function.UnaryOperator, Set)}. A method
     * whose options decide whether they are read (deep's {@code init}) adds that here.
     */
    default void requireSupported(ProblemKind kind, SolveSettings s, java.util.function.UnaryOperator<String> names, Set<String> given) {
        capabilities(kind).check(name(), s, names, given);
    }

    /**
     * Checks every value of {@code s} as {@link #solve} would on a problem of kind {@code kind} and
     * dimension {@code n}, without solving (a spec is checked whole when it is read, before anything is
     * written, issue 27): what {@link #requireSupported} refuses, and the values of the step, tolerances
     * and {@code -o} options that the method's own option types refuse (e.g. momentum's β ∉ [0, 1)). A
     * method with options overrides this to build them; the default checks what every method shares.
     *
     * @throws InvalidInputException naming the setting and the value
     */
    default void validate(ProblemKind kind, SolveSettings s, int n) {
        requireSupported(kind, s, Capabilities.SPEC_NAMES);
        InvalidInputException.require(s.d() == null || (s.d() >= 1 && s.d() <= n), "d = " + s.d() + " must be in 1..n = " + n);
        InvalidInputException.require(Double.isNaN(s.step()) || (Double.isFinite(s.step()) && s.step() > 0),
            "step must be finite and > 0, got " + s.step());
        InvalidInputException.require(s.tol() == null || (s.tol() >= 0 && Double.isFinite(s.tol())), "tol must be finite and ≥ 0, got " + s.tol());
        InvalidInputException.require(s.maxIterations() == null || s.maxIterations() >= 0, "max_iter must be ≥ 0, got " + s.maxIterations());
        InvalidInputException.require(Double.isFinite(s.initScale()) && s.initScale() >= 0, "init_scale must be finite and ≥ 0, got "
            + s.initScale());
    }

    /**
     * {@link #validate(ProblemKind, SolveSettings, int)} where the number of measurements m is known too (a spec's
     * problem), so settings bounded by m are refused when the spec is read (e.g. a minibatch b ≤ m). The default checks
     * nothing more.
     *
     * @throws InvalidInputException naming the setting and the value
     */
    default void validate(ProblemKind kind, SolveSettings s, int n, int m) {
        validate(kind, s, n);
    }

    /** Names of the method-specific options it reads on symmetric problems (from {@link #capabilities()}). */
    default Set<String> optionKeys() {
        return capabilities(ProblemKind.SYMMETRIC).optionKeys();
    }

    /**
     * Solves the symmetric {@code problem} with {@code settings}.
     *
     * @throws org.implreg.InvalidInputException when the settings do not fit the problem or the method
     */
    SolveReport solve(Problem problem, SolveSettings settings, IterationListener listener);

    /**
     * Solves the rectangular completion {@code train} (if the method declares
     * {@link ProblemKind#RECTANGULAR_COMPLETION}).
     *
     * @param train       observed entries
     * @param test        held-out entries for the test error, or null
     * @param settings    the settings (checked against {@code capabilities(RECTANGULAR_COMPLETION)})
     * @param checkpoints for iterative methods: the checkpoint store of a run with the given options
     *                    ({@code o -> CompletionGd.Checkpoints.NONE} for none)
     * @param listener    sees the iterates
     */
    default CompletionReport complete(AsymmetricCompletion train, AsymmetricCompletion test, SolveSettings settings,
                                      Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints,
                                      IterationListener listener) {
        capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        throw new UnsupportedOperationException("method " + name() + " declares rectangular completion but does not implement it");
    }
}

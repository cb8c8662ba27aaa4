package org.implreg.method;

import org.implreg.run.IterationListener;
import org.implreg.problem.Problem;

/**
 * A named solver of symmetric problems, registered in {@link Methods}. Adding a method is one class
 * implementing this interface plus one line in {@link Methods}; the command line, sweeps and the
 * contract tests pick it up from there.
 */
public interface Method {

    /** The name used on the command line, e.g. "gd". */
    String name();

    /** One line for {@code --help}. */
    String description();

    /** Names of the method-specific options it reads from {@link SolveSettings#options()} (none by default). */
    default java.util.Set<String> optionKeys() {
        return java.util.Set.of();
    }

    /**
     * Solves {@code problem} with {@code settings}.
     *
     * @throws org.implreg.InvalidInputException when the settings do not fit the problem
     */
    SolveReport solve(Problem problem, SolveSettings settings, IterationListener listener);
}

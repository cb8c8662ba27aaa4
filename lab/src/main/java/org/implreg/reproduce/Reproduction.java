package org.implreg.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.implreg.sweep.Monitor;

/**
 * A reproduction of a paper's experiments: it runs them into a folder and writes, besides its own
 * files, {@code summary.json} (its key numbers under documented keys, and its verdicts) and
 * {@code index.html}. Registered by name in {@link Reproductions}.
 */
public interface Reproduction {

    /**
     * Where and how to run.
     *
     * @param dir     output folder of this reproduction (created if needed)
     * @param full    the paper's full grid instead of the quick one
     * @param seed    problem seed
     * @param threads worker threads
     * @param batch   largest batch of runs solved together (1: none)
     * @param monitor progress of the sweeps
     * @param out     where to print the result table (stdout)
     * @param data    folder of a dataset the user gave (null: the reproduction's default search)
     */
    record Context(Path dir, boolean full, long seed, int threads, int batch, Monitor monitor, PrintWriter out, Path data) {}

    /** The name on the command line, e.g. "gunasekar2017". */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Checks what the run needs before any reproduction of a command starts (e.g. that its data set is
     * there), so a missing file fails at once rather than after the others ran.
     *
     * @throws org.implreg.InvalidInputException naming what is missing and how to get it
     */
    default void check(Context ctx) {
    }

    /** Runs the reproduction (resumably: a rerun skips finished runs) and returns its summary. */
    Map<String, Object> run(Context ctx);

    /**
     * This reproduction at CI size: the same code, page and summary keys, at a size that runs in a few
     * seconds on 2 cores (its numbers and verdicts mean nothing). The browser test renders every
     * registered reproduction's page from such a run ({@code HomePageBrowserTest}); a reproduction whose
     * quick mode already takes seconds may keep this default, itself. Data sets are replaced by small
     * synthetic ones written into the run's folder.
     */
    default Reproduction ciSized() {
        return this;
    }
}

package org.implreg.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import static org.implreg.InvalidInputException.oneLine;

import org.implreg.InvalidInputException;
import org.implreg.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code implreg} command. Exit codes: 0 success, 2 bad input (one line on stderr naming what is
 * wrong and where), 1 any other failure. Every error line is formed here, through {@code oneLine}, which
 * caps what a message quotes of the input ({@link InvalidInputException#oneLine}).
 */
@Command(name = "implreg", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Implicit regularization in matrix factorization: problems, solvers, reproductions.",
    subcommands = {ProblemCommand.class, SolveCommand.class, RunCommand.class, MethodsCommand.class, ReproduceCommand.class,
        ConjectureCommand.class, AtlasCommand.class, DataCommand.class, CompleteCommand.class, TheoryCommand.class, PlotCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad input. */
    public static final int EXIT_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandName();
            err.println(cmd + ": error: " + oneLine(ex.getMessage()) + " (see '" + qualifiedName(ex.getCommandLine()) + " --help')");
            return EXIT_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable t = ex;
            while (!(t instanceof InvalidInputException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            String cmd = c.getCommandName();
            if (t instanceof InvalidInputException) {
                err.println(cmd + ": error: " + oneLine(t.getMessage()));
                return EXIT_INPUT;
            }
            if (ex instanceof UncheckedIOException) {
                err.println(cmd + ": error: " + oneLine(ex.getMessage()));
                return 1;
            }
            err.println(cmd + ": internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage())));
            if (System.getenv("IMPLREG_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println(cmd + ": set IMPLREG_DEBUG=1 for the stack trace, and please report it");
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }


    /** Version text: implreg version and git commit, and the BLAS/LAPACK library in use and why. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"implreg " + Provenance.version() + " (commit " + Provenance.gitCommit() + ")",
                "BLAS/LAPACK: " + org.implreg.linalg.Linalg.backend(),
                "(IMPLREG_BLAS=system|bundled|java overrides the choice)"};
        }
    }
}

package org.implreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implreg.analysis.Conjecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code implreg conjecture --problem FILE --out DIR}: the conjecture on a user's problem (logic: {@link Conjecture}). */
@Command(name = "conjecture", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Test the conjecture on your PSD sensing or completion problem (npz): flows from --seeds random U0 per α (smaller α added until they",
    "settle) vs the certified min nuclear norm and GLRL; writes OUT/conjecture.json (answer: nuclear_norm | greedy_low_rank | both | neither | inconclusive | not_converged), a figure, index.html."})
final class ConjectureCommand implements Callable<Integer> {
    @Option(names = "--problem", required = true, description = "problem file (.npz, from 'implreg problem')")
    Path problem;

    @Option(names = "--depth", defaultValue = "2", description = "2: gradient flow on UUᵀ; N > 2: deep GD (default: 2)")
    int depth;

    @Option(names = "--method", defaultValue = "flow", description = "flow: the flow's limits (deep GD at depth > 2); md: mirror descent from X0 = αX·I, tr X0 = ‖U0‖²")
    String method;

    @Option(names = "--alphas", split = ",", description = "init scales relative to ‖X_min‖ (default: 1e-2,1e-4,1e-6,1e-8; deeper: 0.1,0.01,0.001)")
    double[] alphas;

    @Option(names = "--seeds", defaultValue = "3", description = "random U0 per α (default: 3)")
    int seeds;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec; // progress lines go to the command line's err writer

    @Override
    public Integer call() {
        System.out.println(Conjecture.run(problem, Conjecture.Options.of(depth, alphas, seeds, method), out, quiet ? s -> { }
            : spec.commandLine().getErr()::println).evidence() + "\nwrote " + out.resolve("conjecture.json"));
        return 0;
    }
}

package org.implreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.SweepRunner;
import org.implreg.report.SweepReport;
import org.implreg.sweep.Sweeps;
import org.implreg.sweep.SpecFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg run SPEC --out DIR}: expand an experiment spec and run it, resumably. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.implreg.cli.MethodHelp",
    description = {"Run an experiment spec (YAML or JSON, see examples/) into a folder: runs.jsonl (one line a run, appended",
        "as runs finish), runs.csv, provenance.json, aggregate.csv (mean ± std over seeds), figures/ (PNG, SVG), index.html.",
        "Rerunning the same command skips finished runs (after a crash or",
        "Ctrl-C nothing is lost or duplicated). Runs are spread over --threads workers; results do not depend on it."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (.yaml, .yml or .json)")
    Path spec;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--threads", description = "worker threads (default: the machine's cores)")
    Integer threads;

    @Option(names = "--batch", defaultValue = "" + SweepRunner.DEFAULT_MAX_BATCH, description = {
        "largest number of runs solved together where a method batches (fixed-step GD on a Gaussian operator);",
        "1 disables batching (default: ${DEFAULT-VALUE})"})
    int batch;

    @Option(names = "--max-runs", defaultValue = "" + SpecFiles.DEFAULT_MAX_RUNS, description = {
        "refuse a spec that expands to more runs than this (counted before expanding; default: ${DEFAULT-VALUE})"})
    long maxRuns;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Mixin
    EngineOptions engineOptions;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        InvalidInputException.require(maxRuns >= 1, "--max-runs must be ≥ 1, got " + maxRuns);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        InvalidInputException.require(t >= 1, "--threads must be ≥ 1, got " + t);
        InvalidInputException.require(batch >= 1, "--batch must be ≥ 1, got " + batch);
        engineOptions.validate(t, quiet); // the options, then the spec and outputs, then the engine starts; files are written after
        ExperimentSpec s = SpecFiles.read(spec, maxRuns);
        Sweeps.checkOutputs(s, out, "--out");
        engineOptions.requireSupported(s, spec.toString());
        return engineOptions.run(e -> {
            Sweeps.run(e, s, spec.toString(), out, t, batch, ProgressMonitor.of(quiet, commandSpec.commandLine().getErr()), SweepReport::write);
            return 0;
        });
    }
}

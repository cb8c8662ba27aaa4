package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.experiment.ExperimentSpec;
import org.implreg.experiment.RunConfig;
import org.implreg.experiment.SweepRunner;
import org.implreg.io.Json;
import org.implreg.io.RunsFile;
import org.implreg.io.SpecFiles;
import org.implreg.io.SweepOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg run SPEC --out DIR}: expand an experiment spec and run it, resumably. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
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

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        ExperimentSpec s = SpecFiles.read(spec);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        InvalidInputException.require(t >= 1, "--threads must be ≥ 1, got " + t);
        long start = System.nanoTime();
        java.util.Map<String, Object> provenance = SweepOutput.provenance(s, t, spec.toString());
        Json.write(provenance, out.resolve("provenance.json"));
        int ran;
        try (RunsFile runs = RunsFile.open(out.resolve("runs.jsonl"))) {
            List<RunConfig> todo = new ArrayList<>();
            java.util.Set<String> queued = new java.util.HashSet<>();
            for (RunConfig c : s.runs()) {
                String key = c.key();
                if (!runs.has(key) && queued.add(key)) {
                    todo.add(c);
                }
            }
            ran = todo.size();
            try (Progress bar = new Progress(s.name(), todo.size(), quiet)) {
                int[] done = {0};
                new SweepRunner(t).run(todo, o -> {
                    runs.append(SweepOutput.record(o));
                    bar.step(++done[0]);
                });
            }
            SweepOutput.writeCsv(out.resolve("runs.csv"), s, runs.records());
            org.implreg.report.SweepReport.write(out, s, runs.records(), provenance);
            if (!quiet) {
                commandSpec.commandLine().getErr().println(SweepOutput.summary(s, runs.records(), ran, (System.nanoTime() - start) / 1e9));
            }
        }
        return 0;
    }
}

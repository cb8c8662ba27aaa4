package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.sweep.SweepRunner;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Reproductions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code implreg reproduce [NAME...] [--full] [--out DIR]}: the reproductions implemented so far
 * (all when no name is given). Each writes its sweep, figures, {@code index.html} and
 * {@code summary.json} under {@code OUT/NAME/}; rerunning skips finished runs.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.implreg.cli.MethodHelp",
    description = {"Reproduce the papers' experiments (all implemented ones when no NAME is given) into OUT/NAME/, OUT/index.html linking them:",
        "index.html (each figure beside the paper's finding and implreg's verdict), summary.json (key numbers),",
        "figures/ (PNG, SVG), spec.yaml, runs.jsonl, runs.csv, aggregate.csv, provenance.json.",
        "A rerun skips the runs already finished (e.g. after Ctrl-C); --full reuses the quick mode's runs."})
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", descriptionKey = "reproduce.names", completionCandidates = Names.class)
    List<String> names = new ArrayList<>();

    @Option(names = "--full", description = "the papers' full grids (default: the quick grids, minutes on 2 cores)")
    boolean full;

    @Option(names = "--out", defaultValue = "results", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "problem seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "worker threads (default: the machine's cores)")
    Integer threads;

    @Option(names = "--batch", defaultValue = "" + SweepRunner.DEFAULT_MAX_BATCH,
        description = "largest batch of runs solved together; 1 disables batching (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--data", description = "data for the reproduction named: the MovieLens-100k folder (ua.base, ua.test) for "
        + "gunasekar2017-movielens (default: $IMPLREG_DATA/ml-100k, data/ml-100k, ../shared/data/ml-100k), the digits file or folder "
        + "for hou2024-nn (default: data/sklearn)")
    Path data;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Option(names = "--ci-size", hidden = true, description = "seconds-sized grids whose numbers mean nothing (tests: pages, keys, engines)")
    boolean ciSize;

    @Mixin
    EngineOptions engineOptions;

    @Spec
    CommandSpec commandSpec;

    static final class Names extends ArrayList<String> {
        Names() {
            super(Reproductions.all().keySet());
        }
    }

    @Override
    public Integer call() {
        List<String> run = names.isEmpty() ? new ArrayList<>(Reproductions.all().keySet()) : names;
        List<Reproduction> rs = new ArrayList<>();
        for (String n : run) {
            rs.add(ciSize ? Reproductions.get(n).ciSized() : Reproductions.get(n));
        }
        InvalidInputException.require(data == null || run.size() == 1,
            "--data is the data set of one reproduction: name exactly one (e.g. 'implreg reproduce gunasekar2017-movielens --data DIR')");
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        InvalidInputException.require(t >= 1, "--threads must be ≥ 1, got " + t);
        InvalidInputException.require(batch >= 1, "--batch must be ≥ 1, got " + batch);
        engineOptions.validate(t, quiet); // before the reproductions check their outputs and data, and before the engine starts
        org.implreg.io.OutputFiles.checkFolder(out, "--out");
        List<Reproduction.Context> contexts = new ArrayList<>();
        for (Reproduction r : rs) {
            org.implreg.io.OutputFiles.checkFolder(out.resolve(r.name()), "--out");
            Reproduction.Context c = new Reproduction.Context(out.resolve(r.name()), full, seed, t, batch,
                ProgressMonitor.of(quiet, commandSpec.commandLine().getErr()), commandSpec.commandLine().getOut(), data);
            r.check(c);
            contexts.add(c);
        }
        return engineOptions.run(e -> {
            for (int i = 0; i < rs.size(); i++) {
                rs.get(i).run(contexts.get(i).on(e));
            }
            return 0;
        });
    }
}

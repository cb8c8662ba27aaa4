package org.implreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.atlas.Atlas;
import org.implreg.atlas.AtlasSpec;
import org.implreg.atlas.AtlasSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code implreg atlas SPEC|quick|full|large --out DIR}: a phase diagram, resumably (logic: {@link Atlas}). */
@Command(name = "atlas", mixinStandardHelpOptions = true, sortOptions = false, description = {"Draw a phase diagram: for each rank × m "
    + "cell, random planted instances solved by every solver (nucmin first); writes OUT/spec.json, atlas.jsonl (one line an instance, "
    + "appended as each finishes: a rerun skips finished ones) and atlas.json. SPEC: a YAML/JSON atlas spec, or a preset: quick, full, large."})
final class AtlasCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "atlas spec (.yaml, .json) or a preset: quick, full, large") String spec;
    @Option(names = "--out", required = true, description = "output folder") Path out;
    @Option(names = "--threads", description = "worker threads (default: the machine's cores)") Integer threads;
    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr") boolean quiet;
    @Mixin EngineOptions engineOptions;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec cs;

    @Override
    public Integer call() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        InvalidInputException.require(t >= 1, "--threads must be ≥ 1, got " + t);
        engineOptions.validate(t, quiet); // the options, the spec and the outputs, then the engine starts; files are written after
        AtlasSpec s = AtlasSpecs.resolve(spec);
        Atlas.checkOutputs(out, "--out");
        Atlas.report(s, out, engineOptions.run(e -> Atlas.run(s, out, e, t, quiet ? x -> { } : cs.commandLine().getErr()::println)));
        cs.commandLine().getOut().println("wrote " + out.resolve("atlas.json"));
        return 0;
    }
}

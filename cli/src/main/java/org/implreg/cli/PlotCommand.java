package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implreg.io.OutputFiles;
import org.implreg.report.TracePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg plot}: a figure of one quantity along one or more traces. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plot traces (solve --trace, sweep traces/) against flow time (or iteration k), log-scaled, as PNG or SVG.",
        "One line per trace, or per singular value for --y singular_values; the legend names the runs' differing settings.",
        "Read line by line; long lines downsampled on the log x axis; at most the top 20 singular values of a trace drawn."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files (.jsonl)")
    List<Path> traces = new ArrayList<>();

    @Option(names = "--y", defaultValue = "singular_values",
        description = "singular_values | loss | train_error | rel_error | nuclear_norm | effective_rank | u_norm (default: ${DEFAULT-VALUE})")
    String y;

    @Option(names = "--x", defaultValue = "auto", description = "auto (flow time where every trace has it, else k) | flow_time | iteration")
    String x;

    @Option(names = "--title", description = "figure title (default: the quantity)")
    String title;

    @Option(names = "--out", required = true, description = "figure file, .png or .svg")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "do not say on stderr what the figure leaves out (singular values beyond the top 20)")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TracePlot.requireKey(y);
        String format = TracePlot.format(out, "--out");
        try (OutputFiles files = new OutputFiles()) {
            traces.forEach(t -> files.input(t, "trace"));
            files.output(out, "--out");
            TracePlot.Figure fig = TracePlot.plot(traces, y, title != null ? title : y, x); // read line by line, downsampled
            files.put(out, TracePlot.bytes(fig.chart(), format));
            files.commit();
            if (!quiet) {
                fig.notes().forEach(n -> spec.commandLine().getErr().println("plot: " + n)); // the err writer flushes on println
            }
        }
        return 0;
    }
}

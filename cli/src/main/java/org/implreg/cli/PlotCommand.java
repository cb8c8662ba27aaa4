package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implreg.io.OutputFiles;
import org.implreg.io.TraceFile;
import org.implreg.report.TracePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code implreg plot}: a figure of one quantity along one or more traces. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plot traces (solve --trace, sweep traces/) against flow time (or iteration k), log-scaled, as PNG or SVG.",
        "One line per trace, or per singular value for --y singular_values; the legend names the runs' differing settings."})
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

    @Override
    public Integer call() {
        TracePlot.requireKey(y);
        String format = TracePlot.format(out, "--out");
        OutputFiles files = new OutputFiles();
        traces.forEach(t -> files.input(t, "trace"));
        files.output(out, "--out");
        List<TraceFile.Trace> read = traces.stream().map(TraceFile::read).toList();
        files.put(out, TracePlot.bytes(TracePlot.chart(read, y, title != null ? title : y, x), format));
        files.commit();
        return 0;
    }
}

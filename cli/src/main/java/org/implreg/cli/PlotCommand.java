package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implreg.io.OutputFiles;
import org.implreg.report.FigureFormat;
import org.implreg.report.TracePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg plot}: a figure of one quantity along one or more traces (checks and drawing: {@link TracePlot}, {@link FigureFormat}). */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plot traces (solve --trace, sweep traces/) against flow time (or iteration k) on 10^k log axes, as PNG, SVG or PDF.",
        "A line per trace, or per σ_i for --y singular_values (several traces: a colour per trace, a line style per σ_i), σ_i(X*) dashed.",
        "Read line by line; long lines downsampled on the log x axis; at most the top 20 singular values of a trace drawn."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files (.jsonl)")
    List<Path> traces = new ArrayList<>();
    @Option(names = "--y", defaultValue = "singular_values",
        description = "singular_values | loss | train_error | rel_error | nuclear_norm | effective_rank | u_norm (default: ${DEFAULT-VALUE})")
    String y;
    @Option(names = "--x", defaultValue = "auto", description = "auto (flow time where every trace has it, else k) | flow_time | iteration")
    String x;
    @Option(names = "--title", description = "figure title (default: the quantity)") String title;
    @Option(names = "--out", required = true, description = "figure file: .png, .svg or .pdf")
    Path out;
    @Option(names = "--format", description = "png | svg | pdf (default: the extension of --out)") String format;
    @Option(names = "--width", description = "width in points, 1/72 in (default: 760; a long legend may widen it)")
    Integer width;
    @Option(names = "--height", description = "height in points (default: 520; a long legend may heighten it)")
    Integer height;
    @Option(names = "--dpi", description = "PNG resolution: pixels = points × dpi/72 (default: 72)") Integer dpi;
    @Option(names = "--problem", description = "problem file whose σ_i(X*) (‖X*‖_* for --y nuclear_norm) are drawn dashed (default: the one the traces' run lines name, where it exists)")
    Path problem;
    @Option(names = {"-q", "--quiet"}, description = "do not say on stderr what the figure leaves out (e.g. σ beyond the top 20)") boolean quiet;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        FigureFormat figure = FigureFormat.of(out, "--out", format, width, height, dpi);
        try (OutputFiles files = new OutputFiles()) {
            traces.forEach(t -> files.input(t, "trace"));
            files.input(problem, "--problem").output(out, "--out");
            TracePlot.Figure fig = TracePlot.plot(traces, y, title, x, problem, true); // checks y, x; read line by line, downsampled
            files.put(out, figure.render(fig.chart()));
            files.commit();
            if (!quiet) {
                fig.notes().forEach(n -> spec.commandLine().getErr().println("plot: " + n)); // the err writer flushes on println
            }
        }
        return 0;
    }
}

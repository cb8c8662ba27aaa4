package org.implreg.cli;

import java.nio.file.Path;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.io.OutputFiles;
import org.implreg.io.TraceFile;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import picocli.CommandLine.Option;

/** The trace options of {@code solve} and {@code complete} (a picocli mixin). */
final class TraceOptions {
    @Option(names = "--trace", description = "write the dynamics as JSON lines: k, flow time, loss, errors, ‖X‖_*, effective rank, top singular values, ‖U‖_F")
    Path file;

    @Option(names = "--trace-every", paramLabel = "K", description = "trace every K-th iterate (default: log-spaced)")
    Long every;

    @Option(names = "--trace-log-spaced", paramLabel = "N", description = "trace N iterates per decade of k (default: 50)")
    Long perDecade;

    @Option(names = "--trace-top", paramLabel = "K", description = "singular values per trace line (default: 10)")
    Integer top;

    private TraceFile.Spool spool;

    /** The recorder (null without --trace: then no other trace option may be given), streaming into a scratch file of {@code files}. */
    TraceRecorder recorder(boolean traceable, String method, OutputFiles files) {
        InvalidInputException.require(file != null || (every == null && perDecade == null && top == null),
            "--trace-every, --trace-log-spaced and --trace-top need --trace FILE");
        InvalidInputException.require(file == null || traceable, "method " + method + " does not support --trace (no iterates to trace)");
        InvalidInputException.require(top == null || top >= 1, "--trace-top must be ≥ 1, got " + top);
        spool = file == null ? null : new TraceFile.Spool(files, file, TraceSchedule.of(every, perDecade, "--trace-every",
            "--trace-log-spaced"), top == null ? TraceRecorder.DEFAULT_TOP : top);
        return spool == null ? null : spool.recorder();
    }

    /** Stages the trace file, its first line {@code run}, when there is one (call when the method has returned). */
    void put(Map<String, Object> run) {
        if (spool != null) {
            spool.stage(run);
        }
    }
}

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

    private TraceRecorder recorder;
    private TraceFile.Spool spool;

    /**
     * The recorder, or null without --trace (then no other trace option may be given). It streams its lines
     * into a scratch file beside --trace, which {@code files} (where --trace is a registered output) removes
     * unless {@link #put} stages the trace and the command commits.
     */
    TraceRecorder recorder(boolean iterative, String method, OutputFiles files) {
        InvalidInputException.require(file != null || (every == null && perDecade == null && top == null),
            "--trace-every, --trace-log-spaced and --trace-top need --trace FILE");
        InvalidInputException.require(file == null || iterative, "method " + method + " does not support --trace (no iterates to trace)");
        InvalidInputException.require(top == null || top >= 1, "--trace-top must be ≥ 1, got " + top);
        if (file == null) {
            return null;
        }
        spool = new TraceFile.Spool(files, file);
        recorder = new TraceRecorder(TraceSchedule.of(every, perDecade, "--trace-every", "--trace-log-spaced"),
            top == null ? TraceRecorder.DEFAULT_TOP : top, spool);
        return recorder;
    }

    /** Stages the trace file (the run's settings as its first line), when there is one; call when the method has returned. */
    void put(OutputFiles files, Map<String, Object> run) {
        if (recorder != null) {
            recorder.finish();
            files.put(file, spool.content(run));
        }
    }
}

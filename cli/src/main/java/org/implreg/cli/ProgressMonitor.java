package org.implreg.cli;

import java.io.PrintWriter;
import org.implreg.sweep.Monitor;

/** A {@link Monitor} that shows a sweep's runs as a {@link Progress} bar and prints its summary line. */
final class ProgressMonitor implements Monitor {
    private final boolean quiet;
    private final PrintWriter err;
    private Progress bar;

    private ProgressMonitor(boolean quiet, PrintWriter err) {
        this.quiet = quiet;
        this.err = err;
    }

    /** Progress on stderr, or none when {@code quiet}. */
    static Monitor of(boolean quiet, PrintWriter err) {
        return quiet ? Monitor.NONE : new ProgressMonitor(false, err);
    }

    @Override
    public void start(String task, int total) {
        bar = new Progress(task, total, quiet);
    }

    @Override
    public void step(int done) {
        bar.step(done);
    }

    @Override
    public void finish(String summary) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        err.println(summary);
        err.flush();
    }
}

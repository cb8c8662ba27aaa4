package org.implreg.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.implreg.run.IterationListener;

/**
 * Progress on stderr fed by an iteration listener: a bar on a terminal, a plain line every
 * {@value #LOG_INTERVAL_SECONDS} s otherwise (logs, CI); nothing when quiet.
 */
final class Progress implements AutoCloseable {
    static final long LOG_INTERVAL_SECONDS = 10;
    private final ProgressBar bar;
    private final String task;
    private final boolean log;
    private long lastLog = System.nanoTime();

    /** A bar up to {@code max} iterations; {@code max} ≤ 0 for an open-ended run (e.g. a flow). */
    Progress(String task, long max, boolean quiet) {
        boolean terminal = System.console() != null;
        this.task = task;
        this.log = !quiet && !terminal;
        this.bar = quiet || !terminal ? null : new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max <= 0 ? -1 : max)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
            .showSpeed()
            .build();
    }

    /** A listener that advances the bar every 64 iterations and shows the training error. */
    IterationListener listener() {
        return listener(64);
    }

    /** A listener that advances the bar every {@code every} iterations and shows the training error. */
    IterationListener listener(long every) {
        if (log) {
            return IterationListener.every(every, s -> {
                long now = System.nanoTime();
                if (now - lastLog >= LOG_INTERVAL_SECONDS * 1_000_000_000L) {
                    lastLog = now;
                    System.err.printf("%s: iteration %d,%s train_error %.3e%n", task, s.iteration(),
                        Double.isNaN(s.time()) ? "" : String.format(" t %.4g,", s.time()), s.trainError());
                }
            });
        }
        if (bar == null) {
            return IterationListener.NONE;
        }
        return IterationListener.every(every, s -> {
            bar.stepTo(s.iteration());
            bar.setExtraMessage(Double.isNaN(s.time()) ? String.format(" train_err %.2e", s.trainError())
                : String.format(" t %.3g train_err %.2e", s.time(), s.trainError()));
        });
    }

    /** Sets the progress to {@code done} units (runs of a sweep). */
    void step(long done) {
        if (bar != null) {
            bar.stepTo(done);
        } else if (log) {
            long now = System.nanoTime();
            if (now - lastLog >= LOG_INTERVAL_SECONDS * 1_000_000_000L) {
                lastLog = now;
                System.err.printf("%s: %d done%n", task, done);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

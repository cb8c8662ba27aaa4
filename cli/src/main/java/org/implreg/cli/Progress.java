package org.implreg.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.implreg.optimizer.IterationListener;

/** A progress bar on stderr fed by an iteration listener; silent when quiet. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long max, boolean quiet) {
        this.bar = quiet ? null : new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(1, max))
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
            .showSpeed()
            .build();
    }

    /** A listener that advances the bar every 64 iterations and shows the training error. */
    IterationListener listener() {
        if (bar == null) {
            return IterationListener.NONE;
        }
        return IterationListener.every(64, s -> {
            bar.stepTo(s.iteration());
            bar.setExtraMessage(String.format(" train_err %.2e", s.trainError()));
        });
    }

    void step(long k) {
        if (bar != null) {
            bar.stepTo(k);
        }
    }

    void message(String m) {
        if (bar != null) {
            bar.setExtraMessage(m);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

package org.implreg.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SweepEngine;

/**
 * A test engine, {@code --engine recording} (registered in this module's test services file), that records the calls
 * a command makes: {@code --master bad} fails validation, {@code --master down} fails to start, any other master runs
 * the units on {@link SweepEngine#LOCAL}; it records no traces.
 */
public final class RecordingEngineFactory implements SweepEngine.Factory {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public void validate(Map<String, String> settings) {
        CALLS.add("validate");
        InvalidInputException.require(!"bad".equals(settings.get("master")), "--master bad: not a master");
    }

    @Override
    public SweepEngine create(Map<String, String> settings) {
        CALLS.add("create");
        if ("down".equals(settings.get("master"))) {
            throw new UncheckedIOException("--master down: nothing answers", new IOException("down"));
        }
        return new SweepEngine() {
            @Override
            public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                                 Consumer<Map<String, Object>> sink) {
                CALLS.add("runUnits");
                SweepEngine.LOCAL.runUnits(spec, units, threads, batch, sink);
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
    }
}

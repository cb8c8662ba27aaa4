package org.implreg.sweep;

/** Receives the progress of a sweep (runs done of a total); the command line shows it on stderr. */
public interface Monitor {
    /** A monitor that shows nothing. */
    Monitor NONE = new Monitor() {
        @Override
        public void start(String task, int total) {}

        @Override
        public void step(int done) {}

        @Override
        public void finish(String summary) {}
    };

    /** A sweep called {@code task} with {@code total} runs to do begins. */
    void start(String task, int total);

    /** {@code done} runs of the current sweep are finished. */
    void step(int done);

    /** The current sweep ended; {@code summary} is one line about it. */
    void finish(String summary);
}

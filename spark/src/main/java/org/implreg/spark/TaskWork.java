package org.implreg.spark;

import java.io.Serializable;
import org.implreg.InvalidInputException;
import org.implreg.sweep.SweepEngine;

/**
 * What an executor is sent for one {@link SweepEngine.Task} of {@link SparkSweepEngine#runTasks}, and what it does with it:
 * the task itself (Java-serialized by Spark, a few bytes for a task that regenerates its instance from a seed) and its
 * position in the caller's list (for messages). The executor runs {@link SweepEngine.Task#run} and returns the record as
 * one JSON line ({@link UnitWork#line}: non-finite numbers as null, every double written by {@link Double#toString}, so
 * that reading it back on the driver gives the same bits); it writes no file.
 *
 * @param index position of the task in the caller's list
 * @param total length of that list
 * @param task  the task
 */
record TaskWork(int index, int total, SweepEngine.Task task) implements Serializable {

    /** Runs the task on this thread; a failure comes back as a {@link Failed} naming the task. */
    String run() {
        try {
            return UnitWork.line(task.run());
        } catch (RuntimeException | Error e) {
            throw new Failed(describe() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** "task I of N (the task's own description)", on one line with long tokens cut. */
    String describe() {
        return InvalidInputException.oneLine("task " + index + " of " + total + " (" + task + ")");
    }

    /** A task's failure on an executor, as it travels back to the driver (its cause the task's own exception). */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(InvalidInputException.oneLine(message), cause);
        }
    }
}

package org.implreg.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;

/** {@link SweepEngine#runTasks} on threads of this JVM. */
final class Tasks {
    private Tasks() {}

    /**
     * Runs the tasks on {@code threads} daemon threads; each record ({@link Json#sanitize}d, as it would come back
     * from elsewhere) goes to {@code sink} as its task finishes, calls serialized. A task that throws ends the call once
     * the running tasks are done: bad input as itself, anything else as one line naming the task ("local engine: task
     * I of N (the task): …", its cause the task's exception), as the Spark engine names it.
     */
    @SuppressWarnings("unchecked")
    static void runLocally(List<? extends SweepEngine.Task> tasks, int threads, Consumer<Map<String, Object>> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "implreg-task");
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                SweepEngine.Task task = tasks.get(i);
                String name = "task " + i + " of " + tasks.size() + " (" + task + ")";
                fs.add(pool.submit(() -> {
                    Map<String, Object> rec;
                    try {
                        rec = (Map<String, Object>) Json.sanitize(task.run());
                    } catch (InvalidInputException e) {
                        throw e; // bad input stays itself (exit 2, its own line)
                    } catch (RuntimeException e) { // named as the Spark engine names it
                        throw new IllegalStateException(InvalidInputException.oneLine("local engine: " + name + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()), e);
                    }
                    synchronized (lock) {
                        sink.accept(rec);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tasks interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.implreg.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.implreg.io.Json;

/** {@link SweepEngine#runTasks} on threads of this JVM. */
final class Tasks {
    private Tasks() {}

    /**
     * Runs the tasks on {@code threads} daemon threads; each record ({@link Json#sanitize}d, as it would come back
     * from elsewhere) goes to {@code sink} as its task finishes, calls serialized. A task that throws ends the call
     * with its exception once the running tasks are done.
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
            for (SweepEngine.Task task : tasks) {
                fs.add(pool.submit(() -> {
                    Map<String, Object> rec = (Map<String, Object>) Json.sanitize(task.run());
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

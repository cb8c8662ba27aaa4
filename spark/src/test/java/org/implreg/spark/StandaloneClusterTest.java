package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implreg.spark.SparkTesting.assertSameRecords;
import static org.implreg.spark.SparkTesting.localReference;
import static org.implreg.spark.SparkTesting.normalizedRecords;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: a Spark standalone master and two workers (one core each), separate JVMs on
 * 127.0.0.1 started by the test; the sweep is submitted to spark://127.0.0.1:PORT, one worker is killed
 * with SIGKILL (with its executor) mid-job, and the result is still complete, every key once, equal to
 * the local runner's. Every process is killed at the end, whatever happened.
 *
 * <p>Workers build their executors' command from SPARK_HOME (an empty folder here: jars/ and conf/) and
 * spark.executor.extraClassPath (this test's class path): nothing is downloaded or installed.
 */
class StandaloneClusterTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    @Test
    @Timeout(300) // interrupts the test: the processes are killed on the way out
    void sweepSurvivesAWorkerKilledMidJob() throws Exception {
        Map<String, String> reference = localReference("kill.yaml", shared);
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
            "SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        int port = JavaProcesses.freePort();
        String url = "spark://127.0.0.1:" + port;
        JavaSparkContext sc = null;
        try (JavaProcesses jvms = new JavaProcesses()) {
            Path masterLog = tmp.resolve("master.log");
            Process master = jvms.start("org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"), env, "256m", true, masterLog);
            JavaProcesses.awaitPort(port, master, 60_000, masterLog);
            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Path dir = Files.createDirectories(tmp.resolve("worker" + w));
                workers.add(jvms.start("org.apache.spark.deploy.worker.Worker",
                    List.of(url, "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "640m",
                        "--work-dir", dir.toString()), env, "256m", true, tmp.resolve("worker" + w + ".log")));
            }

            // started as implreg starts it: the master probed, then registered within implreg.master.timeout, here 60 s: a
            // driver whose Spark classes are warm (after SparkLocalEngineTest in this JVM) asks a master that bound its port
            // a moment ago, the first request is lost, and Spark asks again after 20 s (measured: 20.5 s; 2.8 s when cold)
            SparkConf conf = SparkTesting.conf(url).set("spark.cores.max", "2").set(SparkSettings.MASTER_TIMEOUT, "60s");
            SparkSweepEngine engine = new SparkSweepEngine(conf, System.err);
            sc = engine.context();
            long deadline = System.currentTimeMillis() + 90_000;
            while (sc.sc().statusTracker().getExecutorInfos().length < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100); // the driver and two executors
            }
            assertThat(sc.sc().statusTracker().getExecutorInfos()).as("two executors up: " + JavaProcesses.tail(tmp.resolve("worker0.log")))
                .hasSize(3);

            AtomicInteger executorsLost = new AtomicInteger();
            AtomicInteger tasksLost = new AtomicInteger();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                    executorsLost.incrementAndGet();
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (!e.taskInfo().successful()) {
                        tasksLost.incrementAndGet();
                    }
                }
            });
            Path out = tmp.resolve("out");
            Path runs = out.resolve("runs.jsonl");
            CompletableFuture<Void> sweep = CompletableFuture.runAsync(() -> SparkTesting.run(engine, "kill.yaml", out));
            while (JavaProcesses.completeLines(runs) < 4 && !sweep.isDone() && System.currentTimeMillis() < deadline + 60_000) {
                Thread.sleep(20);
            }
            assertThat(sweep.isDone()).as("sweep still running when the worker is killed").isFalse();
            JavaProcesses.kill(workers.get(0)); // SIGKILL the worker and its executor
            int atKill = JavaProcesses.completeLines(runs);
            sweep.get(180, TimeUnit.SECONDS);
            assertThat(atKill).as("worker killed mid-job").isLessThan(32);
            assertThat(executorsLost.get()).as("the killed worker's executor is gone").isEqualTo(1);
            System.err.println("cluster test: " + atKill + " records at the kill, " + tasksLost.get() + " task(s) lost and run again");
            assertSameRecords(normalizedRecords(out), reference);
            sc.stop(); // before the processes go, so that the driver does not log their loss
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code implreg run SPEC --engine spark}, the command line in its own JVM: SIGKILL the driver mid-sweep,
 * run the same command again, and find every run once, equal to the local runner's.
 */
class DriverKillTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static List<String> command(Path out) {
        List<String> args = new ArrayList<>(List.of("run", SparkTesting.spec("kill.yaml").toString(), "--out", out.toString(),
            "--engine", "spark", "--master", "local[2]", "--batch", Integer.toString(SparkTesting.BATCH), "--quiet"));
        SparkTesting.loopback().forEach((k, v) -> {
            if (!k.equals("spark.executor.extraClassPath")) {
                args.add("--conf");
                args.add(k + "=" + v);
            }
        });
        return args;
    }

    @Test
    @Timeout(300) // interrupts the test: the processes are killed on the way out
    void killedDriverLosesAndDuplicatesNothingOnRerun() throws Exception {
        Map<String, String> reference = localReference("kill.yaml", shared);
        assertThat(reference).hasSize(32);
        Path out = tmp.resolve("out");
        Path runs = out.resolve("runs.jsonl");
        try (JavaProcesses jvms = new JavaProcesses()) {
            Path log1 = tmp.resolve("driver1.log");
            Process driver = jvms.start("org.implreg.cli.Main", command(out), Map.of(), "768m", false, log1);
            long deadline = System.currentTimeMillis() + 120_000;
            while (JavaProcesses.completeLines(runs) < 3 && driver.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(driver.isAlive()).as("driver still running after its first records: " + JavaProcesses.tail(log1)).isTrue();
            JavaProcesses.kill(driver); // SIGKILL: no shutdown hook, no flush
            int before = JavaProcesses.completeLines(runs);
            assertThat(before).as("killed mid-sweep").isBetween(3, 31);
            List<String> kept = Files.readString(runs).lines().limit(before).toList();

            Path log2 = tmp.resolve("driver2.log");
            Process rerun = jvms.start("org.implreg.cli.Main", command(out), Map.of(), "768m", false, log2);
            assertThat(rerun.waitFor(180, TimeUnit.SECONDS)).as("rerun finished").isTrue();
            assertThat(rerun.exitValue()).as(JavaProcesses.tail(log2)).isZero();
            // the records written before the kill are kept as they were, the rest appended once
            assertThat(Files.readString(runs).lines().limit(before).toList()).isEqualTo(kept);
            assertSameRecords(normalizedRecords(out), reference);
            assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(33);
        }
    }
}

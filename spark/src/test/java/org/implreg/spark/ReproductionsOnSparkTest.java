package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.implreg.cli.Main;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Reproductions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reproduction that runs sweeps ({@link Reproduction#runsSweeps()}, which lab's {@code ReproductionPagesTest}
 * checks against what each one does) at CI size through the command line, in this JVM:
 * {@code implreg reproduce NAME... --ci-size --engine spark --master local[2]} (gunasekar2017 among them: its
 * traced dynamics sweep runs on the driver, its main sweep on Spark) against the same command on the local engine.
 * Each writes its page and a home page row, and its summary.json equals the local one's as text (numbers are written
 * with Double.toString, so equal text is equal bits), {@value #TIMING} and {@value #PROVENANCE} aside; the
 * provenance names the engine each ran on.
 */
class ReproductionsOnSparkTest {
    /** The summary's wall-clock time, which differs from one execution to the next on any engine. */
    static final String TIMING = "seconds";
    /** The summary's provenance (time stamps, the engine). */
    static final String PROVENANCE = "provenance";

    @TempDir
    Path tmp;

    @Test
    void everyReproductionThatRunsSweepsWritesThePageAndTheSummaryOfTheLocalEngineOnSparkLocal2() throws IOException {
        List<String> names = Reproductions.all().values().stream().filter(r -> r.ciSized().runsSweeps()).map(Reproduction::name).toList();
        assertThat(names).contains("gunasekar2017", "hou2024");
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");
        reproduce(names, local);
        reproduce(names, spark, "--engine", "spark", "--master", "local[2]");
        String home = Files.readString(spark.resolve("index.html"));
        for (String name : names) {
            Path dir = spark.resolve(name);
            assertThat(home).as(name).contains("<tr class=\"reproduction\" id=\"" + name + "\">");
            assertThat(Files.readString(dir.resolve("index.html"))).as(name).contains("class=\"badge verdict-");
            ObjectNode s = summary(dir);
            ObjectNode l = summary(local.resolve(name));
            assertThat(s.at("/provenance/options/engine").asText()).as(name).startsWith("spark local[2]");
            assertThat(l.at("/provenance/options/engine").asText()).as(name).isEqualTo("local");
            assertThat(Files.readString(dir.resolve("provenance.json"))).as(name + ": its sweep ran on Spark").contains("spark local[2]");
            s.remove(List.of(TIMING, PROVENANCE));
            l.remove(List.of(TIMING, PROVENANCE));
            assertThat(s.size()).as(name + ": keys besides timing and provenance").isGreaterThan(3);
            assertThat(s.toString()).as(name + ": summary.json on Spark and on the local engine").isEqualTo(l.toString());
        }
        // gunasekar2017's traced dynamics sweep ran on this JVM, since Spark's engine records no traces
        assertThat(Files.readString(spark.resolve("gunasekar2017/dynamics/provenance.json"))).contains("\"local\"")
            .doesNotContain("spark local");
        assertThat(spark.resolve("gunasekar2017/dynamics/traces")).isDirectory();
    }

    /** {@code implreg reproduce NAMES --ci-size -q --threads 2 --batch 32 --seed 1 --out OUT EXTRA...} in this JVM; fails on a non-zero exit. */
    static void reproduce(List<String> names, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("reproduce"));
        args.addAll(names);
        args.addAll(List.of("--ci-size", "-q", "--threads", "2", "--batch", "32", "--seed", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    }

    static ObjectNode summary(Path dir) throws IOException {
        JsonNode n = SparkTesting.JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(n).as(dir + "/summary.json").isInstanceOf(ObjectNode.class);
        return (ObjectNode) n;
    }
}

package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One problem solved through {@code java -jar cli/target/implreg.jar} with {@code OPENBLAS_NUM_THREADS} unset
 * and through the {@code ./implreg} launcher gives bitwise-equal results (issue 27): the library sets its
 * BLAS thread count itself ({@link org.implreg.linalg.BlasBackend#threads()}) instead of relying on the
 * launcher's {@code OPENBLAS_NUM_THREADS=1}. Before, an OpenBLAS loaded without the variable ran one thread
 * per core and its threaded kernels summed in another order: gd, nucmin and flow differed at rounding level
 * on a 2-core machine. Runs after the shade plugin (cli/pom.xml's {@code launchers} execution).
 */
class LaunchersIT {
    @TempDir
    Path tmp;

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path JAR = ROOT.resolve("cli/target/implreg.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    record Out(int code, String text) {}

    static Out start(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(ROOT.toFile());
        for (String v : List.of("OPENBLAS_NUM_THREADS", "IMPLREG_BLAS_THREADS", "OMP_NUM_THREADS", "GOTO_NUM_THREADS", "IMPLREG_JAVA_OPTS")) {
            pb.environment().remove(v);
        }
        pb.environment().put("JAVA", JAVA);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + text).isTrue();
        return new Out(p.exitValue(), text);
    }

    static List<String> jar(String... args) {
        List<String> c = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        c.addAll(List.of(args));
        return c;
    }

    static List<String> launcher(String... args) {
        List<String> c = new ArrayList<>(List.of("bash", ROOT.resolve("implreg").toString()));
        c.addAll(List.of(args));
        return c;
    }

    /** result.json without what differs from run to run (wall-clock times, the provenance's date). */
    static JsonNode numbers(Path f) throws Exception {
        ObjectNode j = (ObjectNode) Json.MAPPER.readTree(f.toFile());
        j.remove("seconds");
        j.remove("provenance");
        j.remove("problem"); // names the problem file's path
        return j;
    }

    @Test
    void javaJarAndTheLauncherGiveBitwiseEqualResults() throws Exception {
        assertThat(JAR).as("the shaded jar (built in package)").exists();
        // the launcher rebuilds when a source is newer than the jar: this test runs on the jar just built
        Files.setLastModifiedTime(JAR, FileTime.fromMillis(System.currentTimeMillis()));
        Path p = tmp.resolve("p.npz");
        Out made = start(jar("problem", "--n", "40", "--rank", "2", "--seed", "1", "--out", p.toString()));
        assertThat(made.code()).as(made.text()).isZero();
        for (String[] run : new String[][] {{"--method", "gd", "--d", "40", "--init-scale", "1e-3", "--step", "0.05", "--max-iter", "2000"},
            {"--method", "nucmin"}}) {
            String m = run[1];
            List<String> args = new ArrayList<>(List.of("solve", "--problem", p.toString()));
            args.addAll(List.of(run));
            args.add("--quiet");
            Out a = start(jar(with(args, "--out", tmp.resolve(m + "-jar.json"), "--save-x", tmp.resolve(m + "-jar.npy"))));
            assertThat(a.code()).as(a.text()).isZero();
            Out b = start(launcher(with(args, "--out", tmp.resolve(m + "-launcher.json"), "--save-x", tmp.resolve(m + "-launcher.npy"))));
            assertThat(b.code()).as(b.text()).isZero();
            assertThat(Files.readAllBytes(tmp.resolve(m + "-jar.npy"))).as(m + ": X bitwise")
                .isEqualTo(Files.readAllBytes(tmp.resolve(m + "-launcher.npy")));
            assertThat(numbers(tmp.resolve(m + "-jar.json"))).as(m + ": result.json's numbers").isEqualTo(numbers(tmp.resolve(m + "-launcher.json")));
            for (String f : List.of(m + "-jar.json", m + "-launcher.json")) {
                JsonNode prov = Json.MAPPER.readTree(tmp.resolve(f).toFile()).get("provenance");
                assertThat(prov.get("blas_threads").asInt()).as(f + ": BLAS threads in provenance").isEqualTo(1);
            }
        }
    }

    private static String[] with(List<String> args, String o1, Path v1, String o2, Path v2) {
        List<String> c = new ArrayList<>(args);
        c.addAll(List.of(o1, v1.toString(), o2, v2.toString()));
        return c.toArray(String[]::new);
    }
}

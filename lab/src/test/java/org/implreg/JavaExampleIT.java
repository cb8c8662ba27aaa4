package org.implreg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/java}, a Maven project of a Java user that depends on {@code implreg-lab} only, is built
 * and run as a user builds and runs it (issue 28.6): implreg-parent, implreg-core and implreg-lab (poms and
 * the jars this build made) are laid into a fresh local repository under {@code lab/target/examples-java/repo}
 * as {@code mvn install} lays them; {@code mvn package} of a copy of the project resolves implreg-lab and
 * everything it declares from there (third-party artifacts come from the build's own local repository as a
 * {@code file:} mirror, so nothing is downloaded and nothing is written to {@code ~/.m2/repository/org/implreg});
 * then {@code java -cp target/classes:$(cat target/classpath.txt) org.implreg.examples.QuickStart}, the README's
 * recipe, must print {@code quickstart: ok} (GD and the flow fit the data and end near the certified minimum).
 * A BLAS binding, ODE solver or YAML reader that were not a declared dependency would be missing from that
 * class path and fail here (NoClassDefFoundError), as would a test library leaking into it.
 *
 * <p>Runs after lab's jar is packaged (lab/pom.xml's {@code examples} execution, integration-test phase).
 */
class JavaExampleIT {
    static final Path ROOT = ReadmeJavaExampleTest.repositoryRoot();
    static final String VERSION = System.getProperty("implreg.version", "0.1.0-SNAPSHOT");
    static final long BUILD_MINUTES = 5;
    static final long RUN_MINUTES = 3;

    @Test
    void examplesJavaBuildsAndRunsAgainstTheDeclaredDependencies() throws Exception {
        Path work = ROOT.resolve("lab/target/examples-java");
        deleteTree(work);
        Path repo = Files.createDirectories(work.resolve("repo"));
        install(repo, "implreg-parent", ROOT.resolve("pom.xml"), null);
        install(repo, "implreg-core", ROOT.resolve("core/pom.xml"), ROOT.resolve("core/target/implreg-core-" + VERSION + ".jar"));
        install(repo, "implreg-lab", ROOT.resolve("lab/pom.xml"), ROOT.resolve("lab/target/implreg-lab-" + VERSION + ".jar"));

        Path cache = Path.of(System.getProperty("implreg.test.local.repository",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>build-cache</id><mirrorOf>*</mirrorOf><url>"
            + cache.toUri() + "</url></mirror></mirrors></settings>\n", StandardCharsets.UTF_8);
        Path project = work.resolve("project");
        copyTree(ROOT.resolve("examples/java"), project);

        long t0 = System.nanoTime();
        List<String> mvn = new ArrayList<>(List.of(mavenExecutable(), "-B", "-q", "-o", "-Daether.offline.protocols=file",
            "-s", settings.toString(), "-Dmaven.repo.local=" + repo, "package"));
        Result build = run(mvn, project, BUILD_MINUTES);
        assertThat(build.code()).as("mvn package in examples/java:\n" + build.output()).isZero();
        double buildSeconds = (System.nanoTime() - t0) / 1e9;

        List<String> cp = Arrays.asList(Files.readString(project.resolve("target/classpath.txt")).strip().split(File.pathSeparator));
        assertThat(cp).as("implreg-lab's declared dependencies, resolved").anySatisfy(e -> assertThat(e).contains("implreg-core"))
            .anySatisfy(e -> assertThat(e).contains("netlib" + File.separator + "blas"))
            .anySatisfy(e -> assertThat(e).contains("netlib" + File.separator + "lapack"))
            .anySatisfy(e -> assertThat(e).contains("hipparchus-ode"));
        assertThat(cp).as("no test library on a user's run-time class path").noneMatch(e -> e.contains("junit") || e.contains("assertj"));
        assertThat(cp).as("every entry from the repository made here").allMatch(e -> Path.of(e).startsWith(repo));

        t0 = System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result example = run(List.of(java, "-cp", "target/classes" + File.pathSeparator + String.join(File.pathSeparator, cp),
            "org.implreg.examples.QuickStart"), project, RUN_MINUTES);
        double runSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(example.code()).as("QuickStart:\n" + example.output()).isZero();
        assertThat(example.output()).contains("quickstart: ok").doesNotContain("Exception");
        System.err.printf("examples/java: mvn package %.1f s, QuickStart %.1f s%n", buildSeconds, runSeconds);
    }

    /** Lays one artifact into a local repository as {@code mvn install} does (pom, and jar when given). */
    static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("org/implreg").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertThat(jar).as("built by this build's package phase").isRegularFile();
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The mvn of the Maven running this build ({@code maven.home}, passed by lab/pom.xml), else the one on the PATH. */
    static String mavenExecutable() {
        String home = System.getProperty("implreg.test.maven.home", "");
        if (!home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    record Result(int code, String output) {}

    static Result run(List<String> cmd, Path dir, long minutes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + minutes + " min: " + String.join(" ", cmd) + "\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}

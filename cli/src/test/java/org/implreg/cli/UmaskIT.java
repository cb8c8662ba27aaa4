package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the command line writes honours the user's umask (issue 28): under {@code umask 022} a problem
 * file, result.json, saved X, a streamed trace, a figure and a whole sweep folder (runs.jsonl, runs.csv,
 * provenance.json, figures, index.html) are {@code rw-r--r--} and their folders {@code rwxr-xr-x}; under
 * {@code umask 027} the same files are {@code rw-r-----}. Files used to be written {@code rw-------}
 * whatever the umask (through {@code Files.createTempFile} before the atomic move). The commands run
 * in a shell that sets the umask, as a user's would, through {@code java -jar cli/target/implreg.jar}
 * (after the shade plugin: cli/pom.xml's {@code launchers} execution).
 */
class UmaskIT {
    @TempDir
    Path tmp;

    static final String SPEC = """
        name: umask
        problem: {n: 8, rank: 1, measurement: gaussian, planted: low-rank, seed: 1}
        methods:
          - {method: gd, init_scale: 1e-3, step: 0.01, tol: 1e-4, max_iter: 2000, grid: {d: [1, 8]}}
          - {method: nucmin}
        seeds: [0]
        """;

    /** Runs the commands below in a shell with {@code umask} and returns each written path with its permissions. */
    Map<String, String> writeUnder(String umask) throws Exception {
        Path out = tmp.resolve("umask-" + umask);
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
        String jar = "'" + LaunchersIT.JAVA + "' -jar '" + LaunchersIT.JAR + "' ";
        String o = "'" + out + "'";
        String script = String.join(" && ",
            "umask " + umask,
            "mkdir " + o,
            jar + "problem --n 8 --rank 1 --seed 1 --out " + o + "/p.npz",
            jar + "solve --problem " + o + "/p.npz --method gd --d 8 --init-scale 1e-3 --step 0.05 --max-iter 500 --quiet"
                + " --out " + o + "/solve/result.json --save-x " + o + "/solve/x.npy --trace " + o + "/solve/trace.jsonl",
            jar + "plot " + o + "/solve/trace.jsonl --quiet --out " + o + "/figures/trace.png",
            jar + "run '" + spec + "' --quiet --threads 1 --out " + o + "/sweep");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).directory(LaunchersIT.ROOT.toFile());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: " + text).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        Map<String, String> perms = new TreeMap<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(f -> !f.equals(out)).toList()) {
                perms.put((Files.isDirectory(f) ? "dir " : "file ") + out.relativize(f), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }
        return perms;
    }

    @Test
    void writtenFilesHonourTheUmask() throws Exception {
        assertThat(LaunchersIT.JAR).as("the shaded jar (built in package)").exists();
        Files.setLastModifiedTime(LaunchersIT.JAR, FileTime.fromMillis(System.currentTimeMillis()));
        for (String[] um : new String[][] {{"022", "rw-r--r--", "rwxr-xr-x"}, {"027", "rw-r-----", "rwxr-x---"}}) {
            Map<String, String> perms = writeUnder(um[0]);
            assertThat(perms.keySet()).as("the outputs under umask " + um[0]).contains("file p.npz", "file solve/result.json",
                "file solve/x.npy", "file solve/trace.jsonl", "file figures/trace.png", "file sweep/runs.jsonl", "file sweep/runs.csv",
                "file sweep/index.html", "file sweep/provenance.json", "dir sweep/figures");
            List<String> wrong = new ArrayList<>();
            perms.forEach((f, p) -> {
                if (!p.equals(f.startsWith("dir ") ? um[2] : um[1])) {
                    wrong.add(f + " " + p);
                }
            });
            assertThat(wrong).as("files and folders with other permissions than umask " + um[0] + " gives").isEmpty();
        }
    }
}

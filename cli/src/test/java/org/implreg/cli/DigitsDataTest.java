package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.implreg.io.DigitsData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digits data: the shipped copy, extraction from a wheel with its digest, malformed files. */
class DigitsDataTest {
    static final Path SHIPPED = Path.of("../data/sklearn/digits.csv.gz");

    @TempDir
    Path tmp;

    Path wheel(byte[] content) throws Exception {
        Path w = tmp.resolve("scikit_learn-0-py3-none-any.whl");
        try (OutputStream os = Files.newOutputStream(w); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("sklearn/__init__.py"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("sklearn/datasets/data/digits.csv.gz"));
            z.write(content);
            z.closeEntry();
        }
        return w;
    }

    @Test
    void theShippedCopyHasTheDigestAndTheShapeOfScikitLearns() throws Exception {
        DigitsData.Digits d = DigitsData.read(SHIPPED);
        assertThat(d.n()).isEqualTo(1797);
        assertThat(d.pixels()).hasSize(1797 * 64);
        Path w = wheel(Files.readAllBytes(SHIPPED));
        CliTest.Run r = CliTest.run("data", "sklearn-digits", "--wheel", w.toString(), "--to", tmp.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("out/digits.csv.gz"))).isEqualTo(Files.readAllBytes(SHIPPED));
    }

    @Test
    void tamperedOrMalformedDataExitTwo() throws Exception {
        byte[] bytes = Files.readAllBytes(SHIPPED);
        bytes[bytes.length / 2] ^= 1;
        CliTest.Run r = CliTest.run("data", "sklearn-digits", "--wheel", wheel(bytes).toString(), "--to", tmp.resolve("bad").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("SHA-256");
        assertThat(Files.exists(tmp.resolve("bad/digits.csv.gz"))).isFalse();
        Path csv = tmp.resolve("d.csv");
        Files.writeString(csv, "0,".repeat(64) + "3\n" + "0,".repeat(63) + "17,3\n");
        CliTest.Run rr = CliTest.run("reproduce", "hou2024-nn", "--data", csv.toString(), "--out", tmp.resolve("rep").toString(), "--quiet");
        assertThat(rr.code()).isEqualTo(2);
        assertThat(rr.err()).contains("d.csv:2").contains("outside 0..16");
    }
}

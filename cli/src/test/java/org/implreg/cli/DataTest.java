package org.implreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code implreg data movielens-100k}: served from a local file URL (never the network). */
class DataTest {
    @TempDir
    Path tmp;

    /** The shared MovieLens copy (../shared/data/ml-100k from the repository), or null. */
    static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            Path c = p.resolve("shared/data/ml-100k");
            if (Files.isRegularFile(c.resolve("u.data"))) {
                return c;
            }
            c = p.resolveSibling("shared").resolve("data/ml-100k");
            if (Files.isRegularFile(c.resolve("u.data"))) {
                return c;
            }
        }
        return null;
    }

    private Path zip(Path src, String corrupt) throws Exception {
        Path z = tmp.resolve(corrupt == null ? "ml-100k.zip" : "bad.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            out.putNextEntry(new ZipEntry("ml-100k/"));
            for (String f : List.of("u.data", "ua.base", "ua.test", "ub.base", "ub.test", "README")) {
                out.putNextEntry(new ZipEntry("ml-100k/" + f));
                byte[] b = Files.readAllBytes(src.resolve(f));
                if (f.equals(corrupt)) {
                    b[b.length / 2] ^= 1;
                }
                out.write(b);
            }
        }
        return z;
    }

    @Test
    void fetchesChecksAndUnpacksTheArchive() throws Exception {
        Path src = shared();
        Assumptions.assumeTrue(src != null, "shared MovieLens copy not found");
        Path dest = tmp.resolve("data");
        CliTest.Run ok = CliTest.run("data", "movielens-100k", "--to", dest.toString(), "--url", zip(src, null).toUri().toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.mismatch(dest.resolve("ml-100k/ua.base"), src.resolve("ua.base"))).isEqualTo(-1L);
        assertThat(dest.resolve("ml-100k/README")).exists();
        // a second fetch into the same place is refused, the data untouched
        CliTest.Run again = CliTest.run("data", "movielens-100k", "--to", dest.toString(), "--url", zip(src, null).toUri().toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");

        Path bad = tmp.resolve("bad");
        CliTest.Run corrupted = CliTest.run("data", "movielens-100k", "--to", bad.toString(), "--url", zip(src, "ua.test").toUri().toString());
        assertThat(corrupted.code()).isEqualTo(2);
        assertThat(corrupted.err().strip().lines().count()).isEqualTo(1);
        assertThat(corrupted.err()).contains("ua.test has SHA-256").doesNotContain("Exception");
        assertThat(bad.resolve("ml-100k")).doesNotExist();
        try (var s = Files.list(bad)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void badSourcesEndWithExitTwo() throws Exception {
        Path notZip = tmp.resolve("not.zip");
        Files.writeString(notZip, "hello");
        CliTest.Run r = CliTest.run("data", "movielens-100k", "--to", tmp.resolve("d").toString(), "--url", notZip.toUri().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not the MovieLens-100k archive");
        CliTest.Run missing = CliTest.run("data", "movielens-100k", "--to", tmp.resolve("e").toString(), "--url",
            tmp.resolve("nothing.zip").toUri().toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("download failed");
        assertThat(CliTest.run("data", "netflix", "--to", tmp.toString()).code()).isEqualTo(2);
    }
}

package org.implreg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files implreg writes honour the user's umask (issue 28): they get the permissions any new file in the
 * folder gets, not {@code Files.createTempFile}'s 0600, and no temporary file is left beside them.
 */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writtenFilesHaveThePermissionsOfANewFile() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Set<PosixFilePermission> asNew = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("reference")));
        Path a = tmp.resolve("a.json");
        AtomicFiles.write(a, "{}".getBytes(StandardCharsets.UTF_8));
        Path b = tmp.resolve("sub/b.json");
        OutputFiles files = new OutputFiles().output(b, "--out");
        files.put(b, "{}".getBytes(StandardCharsets.UTF_8));
        files.commit();
        assertThat(Files.getPosixFilePermissions(a)).as("AtomicFiles.write").isEqualTo(asNew);
        assertThat(Files.getPosixFilePermissions(b)).as("OutputFiles.commit").isEqualTo(asNew);
        try (var l = Files.walk(tmp)) {
            assertThat(l.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }
}

package org.implreg.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.implreg.InvalidInputException;

/**
 * Whole-file writes that never leave a half-written file: the bytes go to a temporary file in the
 * same folder, which is then renamed over the target (atomically where the file system allows). The
 * temporary file is created as any new file is (mode 0666 less the user's umask), not as
 * {@link Files#createTempFile} makes it (0600), so results can be shared with a group or served as written.
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * A new empty file {@code .NAME.RANDOM.tmp} in {@code dir} for the output {@code name}, created with the
     * permissions the user's umask gives new files (never an existing file: the name is drawn again).
     */
    public static Path newTemporary(Path dir, String name) throws IOException {
        for (int tries = 0; ; tries++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (tries >= 100) {
                    throw e;
                }
            }
        }
    }

    public static void write(Path target, byte[] bytes) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot create folder " + dir + " (" + e.getMessage() + ")", e);
        }
        Path tmp = null;
        boolean moved = false;
        try {
            tmp = newTemporary(dir, abs.getFileName().toString());
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null && !moved) { // whatever stopped the write (an I/O error, an interrupt, an Error): no .tmp left
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}

package org.implreg.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;

/**
 * The output files of one command, checked before any work and committed together at the end:
 * {@link #output} refuses (exit code 2, naming the option) a path that is a folder, lies in a folder
 * that cannot be written or created, is one of the command's inputs or another output; {@link #put}
 * only stages bytes; {@link #commit} writes every staged file to a temporary file beside its target
 * and only then renames them all into place. A command that fails before {@code commit} leaves every
 * existing file as it was.
 */
public final class OutputFiles {
    private final Map<Path, String> inputs = new LinkedHashMap<>();
    private final Map<Path, String> outputs = new LinkedHashMap<>();
    private final Map<Path, byte[]> staged = new LinkedHashMap<>();

    /** Registers an input (an output may not overwrite it); null is ignored. */
    public OutputFiles input(Path file, String option) {
        if (file != null) {
            Path k = key(file);
            InvalidInputException.require(!outputs.containsKey(k), option + " " + file + ": is also the output " + outputs.get(k));
            inputs.put(k, option);
        }
        return this;
    }

    /** Registers and checks an output path; null is ignored. */
    public OutputFiles output(Path file, String option) {
        if (file == null) {
            return this;
        }
        Path k = key(file);
        InvalidInputException.require(!inputs.containsKey(k), option + " " + file + ": is the input " + inputs.get(k)
            + " (it would be overwritten)");
        InvalidInputException.require(!outputs.containsKey(k), option + " " + file + ": is also " + outputs.get(k));
        check(file, option);
        outputs.put(k, option);
        return this;
    }

    /** Throws unless {@code file} can be written: not a folder, its nearest existing folder writable. */
    public static void check(Path file, String option) {
        Path abs = file.toAbsolutePath().normalize();
        InvalidInputException.require(!Files.isDirectory(abs), option + " " + file + ": is a folder");
        InvalidInputException.require(abs.getFileName() != null, option + " " + file + ": not a file name");
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        InvalidInputException.require(dir != null && Files.isDirectory(dir), option + " " + file + ": " + dir + " is not a folder");
        InvalidInputException.require(Files.isWritable(dir), option + " " + file + ": folder " + dir + " is not writable");
    }

    /**
     * Throws unless {@code dir} can hold a command's output files: it is a writable folder, or it does not
     * exist and its nearest existing ancestor is a writable folder (so that it can be made). A path that is
     * a file, or lies under one, is refused here, before any work, not when the first file is written.
     */
    public static void checkFolder(Path dir, String option) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            InvalidInputException.require(Files.isDirectory(abs), option + " " + dir + ": is a file, not a folder");
            InvalidInputException.require(Files.isWritable(abs), option + " " + dir + ": folder is not writable");
            return;
        }
        Path up = abs.getParent();
        while (up != null && !Files.exists(up)) {
            up = up.getParent();
        }
        InvalidInputException.require(up != null && Files.isDirectory(up), option + " " + dir + ": lies under " + up
            + ", which is a file, not a folder");
        InvalidInputException.require(Files.isWritable(up), option + " " + dir + ": folder " + up + " is not writable");
    }

    /** Stages the bytes of a registered output (written only by {@link #commit}); null file is ignored. */
    public void put(Path file, byte[] bytes) {
        if (file == null) {
            return;
        }
        Path k = key(file);
        if (!outputs.containsKey(k)) {
            throw new IllegalStateException(file + " was not registered as an output");
        }
        staged.put(file, bytes);
    }

    /** Writes every staged file: all temporary files first, then the renames. */
    public void commit() {
        List<Path[]> moves = new ArrayList<>();
        boolean done = false;
        try {
            for (Map.Entry<Path, byte[]> e : staged.entrySet()) {
                Path abs = e.getKey().toAbsolutePath();
                Path dir = abs.getParent();
                try {
                    Files.createDirectories(dir);
                } catch (IOException ex) {
                    throw new InvalidInputException(e.getKey() + ": cannot create folder " + dir + " (" + ex.getMessage() + ")", ex);
                }
                Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
                moves.add(new Path[] {tmp, abs});
                Files.write(tmp, e.getValue());
            }
            for (Path[] m : moves) {
                try {
                    Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(m[0], m[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs (" + e.getMessage() + ")", e);
        } finally {
            if (!done) { // an I/O error, an interrupt or an Error: no temporary file is left behind
                for (Path[] m : moves) {
                    try {
                        Files.deleteIfExists(m[0]);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
        staged.clear();
    }

    private static Path key(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}

package org.implreg.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
 * only stages bytes (or a {@link Content} that writes itself, for outputs too large to hold in memory);
 * {@link #commit} writes every staged file to a temporary file beside its target and only then renames
 * them all into place. Content that grows during the run (a trace) goes to a {@link #scratch} file beside
 * its target. A command that fails before {@code commit} leaves every existing file as it was, and
 * {@link #close} (the command's try-with-resources) removes the scratch and temporary files it made.
 */
public final class OutputFiles implements AutoCloseable {
    /** What a staged output writes into its temporary file at {@link #commit}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private final Map<Path, String> inputs = new LinkedHashMap<>();
    private final Map<Path, String> outputs = new LinkedHashMap<>();
    private final Map<Path, Content> staged = new LinkedHashMap<>();
    private final List<Scratch> scratch = new ArrayList<>();
    private final List<Path> createdFolders = new ArrayList<>();
    private boolean committed;

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
        put(file, tmp -> Files.write(tmp, bytes));
    }

    /** Stages a registered output whose content writes itself at {@link #commit}; null file is ignored. */
    public void put(Path file, Content content) {
        if (file == null) {
            return;
        }
        requireOutput(file);
        staged.put(file, content);
    }

    /**
     * A temporary file beside an output, written during the run (e.g. a trace, line by line) and read by
     * the output's {@link Content} at {@link #commit}.
     *
     * @param path   the file ({@code .NAME.*.tmp} beside the output)
     * @param writer UTF-8, buffered; closed by {@link #commit} and {@link #close} (closing it again is harmless)
     */
    public record Scratch(Path path, Writer writer) {}

    /**
     * A new empty scratch file beside the registered output {@code file} (its folder created if need be);
     * deleted by {@link #commit} once every output is in place, or by {@link #close}.
     */
    public Scratch scratch(Path file) throws IOException {
        requireOutput(file);
        Path tmp = AtomicFiles.newTemporary(folder(file), file.toAbsolutePath().getFileName().toString());
        Scratch s;
        try {
            s = new Scratch(tmp, Files.newBufferedWriter(tmp, StandardCharsets.UTF_8));
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        scratch.add(s);
        return s;
    }

    private void requireOutput(Path file) {
        if (!outputs.containsKey(key(file))) {
            throw new IllegalStateException(file + " was not registered as an output");
        }
    }

    /** The folder of {@code file}, created (and remembered, for {@link #close}) where missing. */
    private Path folder(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(d);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new InvalidInputException(file + ": cannot create folder " + dir + " (" + ex.getMessage() + ")", ex);
        }
        createdFolders.addAll(missing); // deepest first
        return dir;
    }

    /** Writes every staged file: all temporary files first, then the renames; then removes the scratch files. */
    public void commit() {
        List<Path[]> moves = new ArrayList<>();
        boolean done = false;
        try {
            for (Map.Entry<Path, Content> e : staged.entrySet()) {
                Path abs = e.getKey().toAbsolutePath();
                Path dir = folder(e.getKey());
                Path tmp = AtomicFiles.newTemporary(dir, abs.getFileName().toString());
                moves.add(new Path[] {tmp, abs});
                e.getValue().writeTo(tmp);
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
        committed = true;
        deleteScratch();
    }

    /**
     * Removes what a command that did not {@link #commit} made: its scratch files and the folders created
     * for its outputs (when empty). After a commit, only scratch files that are left. Never throws.
     */
    @Override
    public void close() {
        deleteScratch();
        if (!committed) {
            for (Path d : createdFolders) {
                try {
                    Files.deleteIfExists(d); // only when empty
                } catch (IOException ignored) {
                    // not empty, or already gone
                }
            }
        }
        createdFolders.clear();
    }

    private void deleteScratch() {
        for (Scratch f : scratch) {
            try {
                f.writer().close();
            } catch (IOException ignored) {
                // deleted below all the same
            }
            try {
                Files.deleteIfExists(f.path());
            } catch (IOException ignored) {
                // best effort
            }
        }
        scratch.clear();
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

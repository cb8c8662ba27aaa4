package org.implreg.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.implreg.InvalidInputException;

/**
 * Reading a spec file into a tree, within limits: at most {@link #MAX_FILE_BYTES} bytes (checked before
 * the file is read), YAML or JSON (JSON is YAML) read by {@link YamlTree}: aliases resolved to at most
 * {@link #MAX_NODES} nodes in all, a key written twice in one mapping refused. Every failure is one
 * {@link InvalidInputException} line naming the file.
 */
public final class SpecReader {
    private SpecReader() {}

    /** Largest spec file read, in bytes (specs are a few hundred bytes; this refuses a huge file before reading it). */
    static final long MAX_FILE_BYTES = 1 << 20;
    /** Largest number of YAML nodes a spec may hold, aliases expanded (bounds "billion laughs" expansions). */
    static final int MAX_NODES = 100_000;

    /** The tree of a spec file. */
    public static JsonNode read(Path file) {
        String text;
        try {
            long size = Files.size(file);
            InvalidInputException.require(size <= MAX_FILE_BYTES, file + ": " + size + " bytes is too large for a spec (at most "
                + MAX_FILE_BYTES + ")");
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString(), file.getFileName().toString());
    }

    /**
     * The tree of a spec's text (e.g. a preset bundled as a resource), within the same limits as a file's;
     * errors name {@code where}.
     */
    public static JsonNode parse(String text, String where) {
        InvalidInputException.require(text.length() <= MAX_FILE_BYTES, where + ": " + text.length() + " characters is too large for a spec");
        return parse(text, where, where);
    }

    private static JsonNode parse(String text, String where, String name) {
        try {
            return YamlTree.read(text, name, MAX_NODES);
        } catch (JacksonException e) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException(where + ": not valid YAML/JSON" + loc + " (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read (" + e.getMessage() + ")");
        }
    }
}

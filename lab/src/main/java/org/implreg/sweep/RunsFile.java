package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.io.AtomicFiles;

/**
 * The resume store of implreg: a file of keyed JSON records, one a line, one line a finished unit of work
 * (a sweep's run in {@code runs.jsonl}, a reproduction's row in {@code rows.jsonl}, a block of the
 * Figure 4 grid in {@code blocks.jsonl}), appended as each run finishes
 * (one {@code write} of the whole line, then {@code force}). A process killed mid-write can leave at
 * most a partial last line: {@link #open} drops it (rewriting the file atomically) and keeps every
 * complete record, so rerunning a sweep loses and duplicates nothing.
 */
public final class RunsFile implements AutoCloseable {
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final Path path;
    private final Map<String, JsonNode> records;
    private final FileChannel channel;

    private RunsFile(Path path, Map<String, JsonNode> records, FileChannel channel) {
        this.path = path;
        this.records = records;
        this.channel = channel;
    }

    /** Opens (creating if needed) the file, reading and repairing what is there. */
    public static RunsFile open(Path path) {
        Map<String, JsonNode> records = new LinkedHashMap<>();
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            if (Files.exists(path)) {
                List<String> good = new ArrayList<>();
                boolean repaired = false;
                String text = Files.readString(path, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i];
                    if (line.isBlank()) {
                        continue;
                    }
                    boolean last = i == lines.length - 1; // no trailing newline: an interrupted write
                    JsonNode node = null;
                    if (!last) {
                        try {
                            node = COMPACT.readTree(line);
                        } catch (IOException e) {
                            node = null;
                        }
                    }
                    if (node == null || !node.has("key")) {
                        if (!last) {
                            throw new org.implreg.InvalidInputException(path + ":" + (i + 1)
                                + ": not a run record; runs.jsonl must hold only implreg's own lines");
                        }
                        repaired = true;
                        continue;
                    }
                    if (records.putIfAbsent(node.get("key").asText(), node) == null) {
                        good.add(line);
                    } else {
                        repaired = true;
                    }
                }
                if (repaired) {
                    StringBuilder sb = new StringBuilder();
                    good.forEach(l -> sb.append(l).append('\n'));
                    AtomicFiles.write(path, sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new RunsFile(path, records, ch);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** The complete records by key, in file order. */
    public Map<String, JsonNode> records() {
        return records;
    }

    /** The record with this key, or null. */
    public synchronized JsonNode get(String key) {
        return records.get(key);
    }

    /** Whether a run with this key is recorded. */
    public synchronized boolean has(String key) {
        return records.containsKey(key);
    }

    /** Appends one record (must have a "key"); the line reaches the disk before this returns. */
    public synchronized void append(Map<String, Object> record) {
        try {
            String line = COMPACT.writeValueAsString(Json.sanitize(record));
            JsonNode node = COMPACT.readTree(line);
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            records.put(node.get("key").asText(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot append (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

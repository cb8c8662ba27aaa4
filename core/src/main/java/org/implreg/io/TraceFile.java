package org.implreg.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.metrics.TraceRecorder;

/**
 * Trace files ({@code trace.jsonl}): JSON lines, the first {@code {"run": {…}}} describing the run (method,
 * settings, problem: what a plot's legend shows), then one line per recorded iterate with the keys of
 * {@link TraceRecorder.Row#KEYS} (iteration, flow_time, loss, train_error, rel_error, nuclear_norm,
 * effective_rank, singular_values, u_norm; null where unknown).
 */
public final class TraceFile {
    private static final ObjectMapper LINE = new ObjectMapper();

    private TraceFile() {}

    /**
     * A trace read back.
     *
     * @param file  where it was read from
     * @param run   the run's description (empty when the file has no run line)
     * @param lines the recorded iterates, as key/values (numbers as Double or Long, arrays as lists, null kept)
     */
    public record Trace(Path file, Map<String, Object> run, List<Map<String, Object>> lines) {}

    /** The file's bytes: the run line, then one line per row. */
    public static byte[] bytes(Map<String, Object> run, List<TraceRecorder.Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(line(Map.of("run", run))).append('\n');
        for (TraceRecorder.Row r : rows) {
            b.append(line(r.describe())).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A trace written while it is recorded: a {@link TraceRecorder} sink that writes each row as its line
     * to a {@link OutputFiles#scratch scratch file} beside the target at once (bounded memory, whatever the
     * number of lines; the file is made at the first row). {@link #content} is the trace file at commit: the
     * run line (known only when the run has ended), then the spooled lines, copied file to file. The format is
     * that of {@link #bytes}.
     */
    public static final class Spool implements java.util.function.Consumer<TraceRecorder.Row> {
        private final OutputFiles files;
        private final Path target;
        private OutputFiles.Scratch body;
        private long lines;

        /** A spool for the trace file {@code target}, a registered output of {@code files}. */
        public Spool(OutputFiles files, Path target) {
            this.files = files;
            this.target = target;
        }

        @Override
        public void accept(TraceRecorder.Row row) {
            try {
                if (body == null) {
                    body = files.scratch(target);
                }
                body.writer().write(line(row.describe()));
                body.writer().write('\n');
                lines++;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(target + ": cannot write the trace (" + e.getMessage() + ")", e);
            }
        }

        /** Lines spooled so far. */
        public long lines() {
            return lines;
        }

        /** The trace file: {@code {"run": run}}, then every line spooled (call when the recorder has finished). */
        public OutputFiles.Content content(Map<String, Object> run) {
            return tmp -> {
                try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    java.nio.ByteBuffer head = java.nio.ByteBuffer.wrap((line(Map.of("run", run)) + "\n").getBytes(StandardCharsets.UTF_8));
                    while (head.hasRemaining()) {
                        out.write(head);
                    }
                    if (body != null) {
                        body.writer().close();
                        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(body.path())) {
                            long size = in.size();
                            for (long at = 0; at < size; ) {
                                at += in.transferTo(at, size - at, out);
                            }
                        }
                    }
                }
            };
        }
    }

    /** One compact JSON line (NaN and ±∞ as null). */
    public static String line(Object value) {
        try {
            return LINE.writeValueAsString(Json.sanitize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a trace file; refuses (one line naming file:line) a line that is not a JSON object or a
     * recorded line without an integer iteration, and a file without any recorded line.
     */
    @SuppressWarnings("unchecked")
    public static Trace read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, Object> run = Map.of();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String t = text.get(i).strip();
            if (t.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = LINE.readTree(t);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(where + "not a JSON line (" + e.getOriginalMessage() + ")");
            }
            InvalidInputException.require(node != null && node.isObject(), where + "not a JSON object");
            Map<String, Object> m = LINE.convertValue(node, LinkedHashMap.class);
            if (m.containsKey("run") && !m.containsKey("iteration")) {
                InvalidInputException.require(m.get("run") instanceof Map, where + "run must be an object");
                run = (Map<String, Object>) m.get("run");
                continue;
            }
            InvalidInputException.require(node.path("iteration").canConvertToLong() && node.path("iteration").isIntegralNumber()
                && node.path("iteration").asLong() >= 0, where + "a trace line needs an integer iteration ≥ 0");
            lines.add(m);
        }
        InvalidInputException.require(!lines.isEmpty(), file + ": no trace lines");
        return new Trace(file, run, lines);
    }
}

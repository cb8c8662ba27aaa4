package org.implreg.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
        private final TraceRecorder recorder;
        private OutputFiles.Scratch body;
        private long lines;

        /** A spool for the trace file {@code target}, a registered output of {@code files}. */
        public Spool(OutputFiles files, Path target) {
            this(files, target, null, 0);
        }

        /** A spool and its {@link #recorder} ({@code schedule} null: none). */
        public Spool(OutputFiles files, Path target, org.implreg.metrics.TraceSchedule schedule, int top) {
            this.files = files;
            this.target = target;
            this.recorder = schedule == null ? null : new TraceRecorder(schedule, top, this);
        }

        /** The recorder that writes into this spool (null when made without a schedule). */
        public TraceRecorder recorder() {
            return recorder;
        }

        /** Stages the trace file in {@code files}, its run line {@code run} (the run's loop has finished the recorder). */
        public void stage(Map<String, Object> run) {
            files.put(target, content(run));
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

    /** The longest line {@link #scan} reads (16 Mi characters: ~700,000 singular values); a longer one is refused. */
    public static final int MAX_LINE_CHARS = 1 << 24;

    /**
     * Reads a trace file; refuses (one line naming file:line) a line that is not a JSON object or a
     * recorded line without an integer iteration, and a file without any recorded line. Holds every line:
     * for large files, {@link #scan}.
     */
    public static Trace read(Path file) {
        List<Map<String, Object>> lines = new ArrayList<>();
        Map<String, Object> run = scan(file, lines::add);
        return new Trace(file, run, lines);
    }

    /**
     * Reads a trace file line by line, handing each recorded line to {@code lines} as it is read (the file is
     * never held: memory is one line's), and returns the run line's description (empty without one). Refuses
     * what {@link #read} refuses, and a line longer than {@link #MAX_LINE_CHARS}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> scan(Path file, Consumer<Map<String, Object>> lines) {
        Map<String, Object> run = Map.of();
        long recorded = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LineReader text = new LineReader(in);
            String raw;
            for (long no = 1; (raw = text.next(MAX_LINE_CHARS)) != null; no++) {
                String where = file + ":" + no + ": ";
                InvalidInputException.require(!text.tooLong(), where + "a line longer than " + MAX_LINE_CHARS + " characters");
                String t = raw.strip();
                if (t.isEmpty()) {
                    continue;
                }
                Map<String, Object> m;
                try {
                    m = LINE.readValue(t, LinkedHashMap.class); // numbers as Integer, Long, BigInteger or Double
                } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
                    m = null; // valid JSON, not an object
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException(where + "not a JSON line (" + e.getOriginalMessage() + ")");
                }
                InvalidInputException.require(m != null, where + "not a JSON object");
                if (m.containsKey("run") && !m.containsKey("iteration")) {
                    InvalidInputException.require(m.get("run") instanceof Map, where + "run must be an object");
                    run = (Map<String, Object>) m.get("run");
                    continue;
                }
                Object k = m.get("iteration");
                InvalidInputException.require((k instanceof Integer || k instanceof Long) && ((Number) k).longValue() >= 0,
                    where + "a trace line needs an integer iteration ≥ 0");
                lines.accept(m);
                recorded++;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        InvalidInputException.require(recorded > 0, file + ": no trace lines");
        return run;
    }

    /**
     * Lines of a reader (ended by \n, \r\n or \r, as {@link Files#readAllLines} splits them), none longer
     * than a cap: a longer one is read to its end without being kept, and {@link #tooLong} says so.
     */
    static final class LineReader {
        private final Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int len;
        private boolean tooLong;
        private final StringBuilder line = new StringBuilder();

        LineReader(Reader in) {
            this.in = in;
        }

        /** The next line (without its ending), at most {@code max} characters of it; null at the end. */
        String next(int max) throws IOException {
            line.setLength(0);
            tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return any ? line.toString() : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                    pos++;
                }
                int take = Math.min(pos - start, Math.max(0, max - line.length()));
                line.append(buf, start, take);
                tooLong |= take < pos - start;
                if (pos < len) {
                    char end = buf[pos++];
                    if (end == '\r') {
                        if (pos == len) {
                            len = in.read(buf, 0, buf.length);
                            pos = 0;
                            len = Math.max(len, 0);
                        }
                        if (pos < len && buf[pos] == '\n') {
                            pos++;
                        }
                    }
                    return line.toString();
                }
            }
        }

        /** Whether the last line was cut at the cap. */
        boolean tooLong() {
            return tooLong;
        }
    }
}

package org.implreg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.run.IterationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces in bounded memory (issue 27): a streamed trace has the bytes of one held in memory, is committed with
 * the other outputs and leaves nothing after a failed run; traces are read line by line, no line beyond a cap.
 */
class TraceSpoolTest {
    @TempDir
    Path tmp;

    static TraceRecorder.Row row(long k) {
        return new TraceRecorder.Row(k, 0.1 * k, 1.0 / (k + 1), 0.5, Double.NaN, 2, 1.5, new double[] {1, 1.0 / (k + 1)}, 0.2);
    }

    static final Map<String, Object> RUN = Map.of("method", "gd", "step", 0.1);

    @Test
    void aSpooledTraceHasTheBytesOfOneHeldInMemory() throws IOException {
        Path t = tmp.resolve("sub/t.jsonl");
        List<TraceRecorder.Row> rows = List.of(row(0), row(1), row(5));
        try (OutputFiles files = new OutputFiles()) {
            files.output(t, "--trace");
            TraceFile.Spool spool = new TraceFile.Spool(files, t);
            rows.forEach(spool);
            assertThat(spool.lines()).isEqualTo(3);
            assertThat(Files.exists(t)).isFalse();
            assertThat(names(t.getParent())).singleElement().satisfies(n -> assertThat(n).startsWith(".t.jsonl.").endsWith(".tmp"));
            files.put(t, spool.content(RUN));
            files.commit();
        }
        assertThat(Files.readAllBytes(t)).isEqualTo(TraceFile.bytes(RUN, rows));
        assertThat(names(t.getParent())).containsExactly("t.jsonl");
    }

    @Test
    void aRecorderWithASinkKeepsNoRows() {
        List<TraceRecorder.Row> seen = new java.util.ArrayList<>();
        TraceRecorder r = new TraceRecorder(TraceSchedule.every(2), 3, seen::add);
        for (long k = 0; k <= 5; k++) {
            r.onIteration(new IterationState(k, 1.0 / (k + 1), 1, 1, 0.1, 0, null, 0.1 * k));
        }
        r.finish(org.implreg.run.RunLifecycle.End.of(org.implreg.run.StopReason.MAX_ITER, "iterations >= 5"));
        assertThat(r.rows()).isEmpty();
        assertThat(seen).extracting(TraceRecorder.Row::iteration).containsExactly(0L, 2L, 4L, 5L);
        assertThat(r.count()).isEqualTo(4);
    }

    @Test
    void aRunThatFailsLeavesTheOldTraceAndNoTemporaryFile() throws IOException {
        Path t = tmp.resolve("t.jsonl");
        Files.writeString(t, "old");
        try (OutputFiles files = new OutputFiles()) {
            files.output(t, "--trace");
            TraceFile.Spool spool = new TraceFile.Spool(files, t);
            spool.accept(row(0));
            spool.accept(row(1));
            throw new IllegalStateException("the run fails");
        } catch (IllegalStateException expected) {
            // closed before it got here
        }
        assertThat(Files.readString(t)).isEqualTo("old");
        assertThat(names(tmp)).containsExactly("t.jsonl");
        // a folder made for the trace goes too
        Path deep = tmp.resolve("a/b/t.jsonl");
        try (OutputFiles files = new OutputFiles()) {
            files.output(deep, "--trace");
            new TraceFile.Spool(files, deep).accept(row(0));
            assertThat(Files.isDirectory(tmp.resolve("a/b"))).isTrue();
        }
        assertThat(names(tmp)).containsExactly("t.jsonl");
    }

    @Test
    void aCommitThatFailsLeavesNoTemporaryFile() throws IOException {
        Path t = tmp.resolve("t.jsonl");
        Path other = tmp.resolve("r.json");
        Files.writeString(t, "old");
        try (OutputFiles files = new OutputFiles()) {
            files.output(t, "--trace").output(other, "--out");
            TraceFile.Spool spool = new TraceFile.Spool(files, t);
            spool.accept(row(0));
            files.put(t, spool.content(RUN));
            files.put(other, f -> {
                throw new IOException("disk full");
            });
            assertThatThrownBy(files::commit).hasMessageContaining("disk full");
        }
        assertThat(Files.readString(t)).isEqualTo("old");
        assertThat(names(tmp)).containsExactly("t.jsonl");
        assertThat(Files.readString(t, StandardCharsets.UTF_8)).isEqualTo("old");
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void linesAreReadOneAtATimeAndNoneBeyondTheCap() throws IOException {
        TraceFile.LineReader r = new TraceFile.LineReader(new java.io.StringReader("a\nbb\r\n\rcccccc\ndd"));
        assertThat(r.next(4)).isEqualTo("a");
        assertThat(r.next(4)).isEqualTo("bb");
        assertThat(r.next(4)).isEmpty();
        assertThat(r.next(4)).isEqualTo("cccc");
        assertThat(r.tooLong()).isTrue();
        assertThat(r.next(4)).isEqualTo("dd");
        assertThat(r.tooLong()).isFalse();
        assertThat(r.next(4)).isNull();
        Path t = tmp.resolve("t.jsonl");
        Files.writeString(t, "{\"run\": {\"method\": \"gd\"}}\n\n{\"iteration\": 3, \"loss\": 1}\n");
        List<Map<String, Object>> seen = new java.util.ArrayList<>();
        assertThat(TraceFile.scan(t, seen::add)).containsEntry("method", "gd");
        assertThat(seen).singleElement().satisfies(m -> assertThat(m).containsEntry("iteration", 3));
        Files.writeString(t, "[1]\n");
        assertThatThrownBy(() -> TraceFile.read(t)).hasMessageEndingWith("t.jsonl:1: not a JSON object");
        Files.writeString(t, "{\"iteration\": 1.5}\n");
        assertThatThrownBy(() -> TraceFile.read(t)).hasMessageEndingWith("t.jsonl:1: a trace line needs an integer iteration ≥ 0");
        Files.writeString(t, "{\"iteration\": 18446744073709551616}\n");
        assertThatThrownBy(() -> TraceFile.read(t)).hasMessageEndingWith("t.jsonl:1: a trace line needs an integer iteration ≥ 0");
    }
}

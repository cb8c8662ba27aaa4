package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.implreg.io.Provenance;
import org.implreg.sweep.ProvenanceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached rows live in the same keyed record store as sweep runs: one rows.jsonl, a record a row, each with its build. */
class RowsTest {
    @TempDir
    Path tmp;

    @Test
    void aRowIsComputedOnceAndReadBackUnderItsKey() {
        AtomicInteger calls = new AtomicInteger();
        Rows.Slot slot = new Rows.Slot(tmp, "gd");
        java.util.function.Supplier<Map<String, Object>> job = () -> {
            calls.incrementAndGet();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", 0.1 + 0.2);
            m.put("nan", Double.NaN);
            m.put("list", new double[] {1, 2});
            return m;
        };
        Map<String, Object> first = Rows.cached(slot, "k1", job);
        Map<String, Object> again = Rows.cached(slot, "k1", job);
        assertThat(calls).hasValue(1);
        assertThat(again).isEqualTo(first);
        assertThat(again.get("x")).isEqualTo(0.1 + 0.2);
        assertThat(again.get("nan")).isNull();
        assertThat(again.get("list")).isEqualTo(List.of(1.0, 2.0));
        // new settings: a new record beside the old one
        Rows.cached(slot, "k2", job);
        assertThat(calls).hasValue(2);
        assertThat(Files.exists(tmp.resolve(Rows.FILE))).isTrue();
        assertThat(Rows.records(tmp)).hasSize(2);
        assertThat(ProvenanceFile.build(Rows.records(tmp).iterator().next())).isEqualTo(Provenance.Build.current());
    }
}

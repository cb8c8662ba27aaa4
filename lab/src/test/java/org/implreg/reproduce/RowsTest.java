package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.implreg.io.Provenance;
import org.implreg.sweep.ProvenanceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached rows live in the same keyed record store as sweep runs: one rows.jsonl, a record a row, each with its build. */
class RowsTest {
    @TempDir
    Path tmp;

    /** A row: a number, a non-finite one, a vector. */
    record Row(double x, double nan, double[] list) {}

    @Test
    void aRowIsComputedOnceAndReadBackUnderItsKey() {
        AtomicInteger calls = new AtomicInteger();
        Rows.Slot slot = new Rows.Slot(tmp, "gd");
        java.util.function.Supplier<Row> job = () -> {
            calls.incrementAndGet();
            return new Row(0.1 + 0.2, Double.NaN, new double[] {1, 2});
        };
        Row first = Rows.cached(slot, "k1", Row.class, job);
        Row again = Rows.cached(slot, "k1", Row.class, job);
        assertThat(calls).hasValue(1);
        assertThat(again.x()).isEqualTo(first.x()).isEqualTo(0.1 + 0.2);
        assertThat(again.nan()).isNaN(); // stored as null, read back as NaN, the first run's record the same
        assertThat(first.nan()).isNaN();
        assertThat(again.list()).containsExactly(1.0, 2.0);
        assertThat(Rows.records(tmp).iterator().next().get("row").get("nan").isNull()).isTrue();
        // new settings: a new record beside the old one
        Rows.cached(slot, "k2", Row.class, job);
        assertThat(calls).hasValue(2);
        assertThat(Files.exists(tmp.resolve(Rows.FILE))).isTrue();
        assertThat(Rows.records(tmp)).hasSize(2);
        assertThat(ProvenanceFile.build(Rows.records(tmp).iterator().next())).isEqualTo(Provenance.Build.current());
    }
}

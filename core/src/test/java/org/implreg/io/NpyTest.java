package org.implreg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures written by NumPy (scripts/make_npy_fixtures.py) read back exactly; NumPy reads what implreg writes. */
class NpyTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/fixtures/npy/" + name).toURI());
    }

    /** base(shape) of the fixture script: arange(size) * 0.5 − 1.25 in C order. */
    static double[] base(int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = i * 0.5 - 1.25;
        }
        return v;
    }

    @Test
    void readsEveryDtypeOrderAndEndianness() throws Exception {
        for (String f : new String[] {"f8_c.npy", "f8_fortran.npy", "f4_c.npy", "f4_fortran_be.npy", "f8_be.npy"}) {
            NdArray a = Npy.read(fixture(f));
            assertThat(a.shape()).as(f).containsExactly(3, 4);
            assertThat(a.values()).as(f).containsExactly(base(12));
        }
        NdArray a3 = Npy.read(fixture("f8_3d_fortran.npy"));
        assertThat(a3.shape()).containsExactly(2, 3, 4);
        assertThat(a3.values()).containsExactly(base(24));
        for (String f : new String[] {"i4.npy", "i8_be.npy"}) {
            NdArray i = Npy.read(fixture(f));
            assertThat(i.isInteger()).isTrue();
            assertThat(i.values()).containsExactly(0, 1, 2, 3, 4, 5);
        }
        NdArray s = Npy.read(fixture("scalar.npy"));
        assertThat(s.shape()).isEmpty();
        assertThat(s.values()).containsExactly(2.5);
    }

    @Test
    void readsNumpyArchivesStoredAndDeflated() throws Exception {
        Map<String, NdArray> stored = Npz.read(fixture("completion_stored.npz"));
        assertThat(stored.keySet()).containsExactly("indices", "y", "X_star", "n");
        Map<String, NdArray> deflated = Npz.read(fixture("dense_deflated.npz"));
        Map<String, NdArray> expected = Npz.read(fixture("dense_expected.npz"));
        assertThat(deflated.get("A").values()).containsExactly(expected.get("A").values());
        assertThat(deflated.get("y").values()).containsExactly(expected.get("y").values());
        assertThat(deflated.get("A").dtype()).isEqualTo("f4");
    }

    @Test
    void roundTripsThroughImplregsOwnWriter() {
        NdArray a = NdArray.ofDoubles(base(6), 2, 3);
        assertThat(Npy.parse(Npy.toBytes(a), "x")).isEqualTo(a);
        NdArray t = NdArray.ofText("{\"a\": \"ü\"}");
        assertThat(Npy.parse(Npy.toBytes(t), "t").text()).isEqualTo(t.text());
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("i", NdArray.ofLongs(new long[] {1, 2, 3}, 3));
        for (boolean compress : new boolean[] {false, true}) {
            Path f = tmp.resolve("rt" + compress + ".npz");
            Npz.write(m, f, compress);
            Map<String, NdArray> back = Npz.read(f);
            assertThat(back.get("a")).isEqualTo(a);
            assertThat(back.get("i").values()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void malformedFilesAreInputErrorsNamingTheFile() throws IOException {
        byte[] good = Npy.toBytes(NdArray.ofDoubles(base(6), 2, 3));
        Path trunc = tmp.resolve("trunc.npy");
        Files.write(trunc, java.util.Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> Npy.read(trunc)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("trunc.npy").hasMessageContaining("truncated");
        Path junk = tmp.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        assertThatThrownBy(() -> Npz.read(junk)).isInstanceOf(InvalidInputException.class).hasMessageContaining("junk.npz");
        Path obj = tmp.resolve("obj.npy");
        Files.write(obj, new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f8", "|O8")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npy.read(obj)).isInstanceOf(InvalidInputException.class).hasMessageContaining("dtype");
    }

    @Test
    void numpyLoadsWhatImplregWrites() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Path npy = tmp.resolve("m.npy");
        Npy.write(NdArray.ofColumnMajor(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), npy);
        Path npz = tmp.resolve("p.npz");
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("y", NdArray.ofDoubles(new double[] {0.5, -1}, 2));
        m.put("indices", NdArray.ofLongs(new long[] {0, 1, 2, 2}, 2, 2));
        m.put("meta", NdArray.ofText("{\"k\": 1}"));
        Npz.write(m, npz, true);
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/npy_check.py");
        Process p = new ProcessBuilder("python3", script.toString(), npy.toString(), npz.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode j = Json.MAPPER.readTree(out);
        JsonNode a = j.get(npy.toString());
        assertThat(a.get("shape").toString()).isEqualTo("[2,3]");
        // column-major [1..6] for a 2×3 matrix is rows (1,3,5), (2,4,6): C order starts 1, 3
        assertThat(a.get("sum").asDouble()).isEqualTo(21.0);
        assertThat(a.get("first").asDouble()).isEqualTo(1.0);
        JsonNode z = j.get(npz.toString());
        assertThat(z.get("indices").get("dtype").asText()).isEqualTo("<i8");
        assertThat(z.get("y").get("sum").asDouble()).isEqualTo(-0.5);
        assertThat(z.get("meta").get("text").asText()).isEqualTo("{\"k\": 1}");
    }

    static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

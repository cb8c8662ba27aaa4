package org.implreg.convex;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.implreg.InvalidInputException;
import org.implreg.run.StopReason;
import org.implreg.problem.MeasurementOperator;

/**
 * The external SDP solver CSDP (Borchers; Debian package {@code coinor-csdp}) as an independent
 * reference for {@link InteriorPointNucmin}.
 *
 * <p>The problem min tr(X) s.t. ⟨A_i, X⟩ = y_i, X ⪰ 0 is written in SDPA sparse format as CSDP's
 * primal max ⟨C, X⟩ with C = −I (one block of size n, upper-triangle entries, 1-based). CSDP's dual
 * variable w of min yᵀw s.t. Σ w_i A_i − C ⪰ 0 is −v. The solution file holds w on its first
 * line, then "1 1 i j Z_ij" and "2 1 i j X_ij" entries. CSDP's exit codes: 0 solved, 1 primal
 * infeasible, 2 dual infeasible, 3 partial success, 4 iteration limit, 5–10 numerical trouble.
 */
public final class Csdp {
    /** Environment variable or system property naming the csdp executable (default: csdp on PATH). */
    public static final String EXECUTABLE_PROPERTY = "implreg.csdp";

    private Csdp() {}

    /** The csdp executable, if one is configured or on the PATH. */
    public static Optional<Path> executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY, System.getenv("IMPLREG_CSDP"));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "csdp");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Writes the trace-minimization SDP in SDPA sparse format. */
    public static void writeSdpa(MeasurementOperator op, double[] y, Path file) {
        int n = op.n();
        int m = op.m();
        double[] stack = op.toDenseStack();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("\"implreg: min tr(X) s.t. <A_i, X> = y_i, X psd\"\n");
            w.write(m + "\n1\n" + n + "\n");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < m; i++) {
                sb.append(i == 0 ? "" : " ").append(fmt(y[i]));
            }
            w.write(sb.append('\n').toString());
            for (int i = 1; i <= n; i++) {
                w.write("0 1 " + i + " " + i + " -1\n");
            }
            for (int c = 0; c < m; c++) {
                int base = c * n * n;
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        double v = stack[base + i * n + j];
                        if (v != 0) {
                            w.write((c + 1) + " 1 " + (i + 1) + " " + (j + 1) + " " + fmt(v) + "\n");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.17g", v);
    }

    /** A parsed CSDP solution: X (n×n column-major) and v = −w. */
    public record Solution(double[] x, double[] v) {
    }

    /** Reads a CSDP solution file for an n×n, m-constraint problem. */
    public static Solution readSolution(Path file, int n, int m) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            InvalidInputException.require(!lines.isEmpty(), file + ": empty CSDP solution");
            String[] first = lines.get(0).trim().split("\\s+");
            InvalidInputException.require(first.length == m, file + ": line 1 has " + first.length + " values, expected m = " + m);
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = -Double.parseDouble(first[i]);
            }
            double[] x = new double[n * n];
            for (int li = 1; li < lines.size(); li++) {
                String line = lines.get(li).trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\\s+");
                InvalidInputException.require(f.length == 5, file + ":" + (li + 1) + ": expected 5 fields");
                if (f[0].equals("2")) {
                    int i = Integer.parseInt(f[2]) - 1;
                    int j = Integer.parseInt(f[3]) - 1;
                    double val = Double.parseDouble(f[4]);
                    x[i + j * n] = val;
                    x[j + i * n] = val;
                }
            }
            return new Solution(x, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ": malformed number in CSDP solution (" + e.getMessage() + ")");
        }
    }

    /**
     * Solves with CSDP in a fresh temporary directory (removed afterwards). The certificate is
     * recomputed from CSDP's X and v by {@link NucminCertificate}; seconds include writing, the
     * csdp process and parsing.
     *
     * @throws InvalidInputException when csdp is not installed
     */
    public static NucminResult solve(MeasurementOperator op, double[] y, long timeoutSeconds) {
        Path exe = executable().orElseThrow(() -> new InvalidInputException(
            "csdp not found: install it (Debian: apt-get install coinor-csdp) or set -D" + EXECUTABLE_PROPERTY + "=PATH"));
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("implreg-csdp");
            Path in = dir.resolve("problem.dat-s");
            Path out = dir.resolve("solution.sol");
            writeSdpa(op, y, in);
            Process p = new ProcessBuilder(exe.toString(), in.toString(), out.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("csdp.log").toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("csdp did not finish within " + timeoutSeconds + " s");
            }
            int code = p.exitValue();
            String log = Files.readString(dir.resolve("csdp.log"), StandardCharsets.US_ASCII);
            int iters = (int) log.lines().filter(l -> l.startsWith("Iter:")).count();
            if (code == 1 || !Files.exists(out)) {
                return new NucminResult(null, new double[op.m()], op.n(), null,
                    code == 1 ? StopReason.INFEASIBLE : StopReason.STALLED, "csdp exit code " + code, iters,
                    (System.nanoTime() - t0) / 1e9, Double.NaN);
            }
            Solution s = readSolution(out, op.n(), op.m());
            NucminCertificate c = NucminCertificate.of(op, y, s.x(), s.v());
            StopReason reason = code == 0 ? StopReason.CONVERGED : code == 4 ? StopReason.MAX_ITER : StopReason.STALLED;
            return new NucminResult(s.x(), s.v(), op.n(), c, reason, "csdp exit code " + code, iters,
                (System.nanoTime() - t0) / 1e9, Double.NaN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for csdp", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.list(dir)) {
            s.forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
        dir.toFile().delete();
    }
}

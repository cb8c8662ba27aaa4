package org.implreg.completion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.io.AtomicFiles;

/**
 * The path of a {@link CompletionGd} run as CSV: {@code iteration,loss,train_error,test_error,nuclear_norm,seconds},
 * one row a recorded point; values not computed (test error without a test set, nuclear norm between its
 * points) are empty. Written atomically; read back exactly (shortest round-trip decimal doubles).
 */
public final class GdPathCsv {
    /** The header line. */
    public static final String HEADER = "iteration,loss,train_error,test_error,nuclear_norm,seconds";

    private GdPathCsv() {}

    public static void write(Path file, List<CompletionGd.PathPoint> path) {
        AtomicFiles.write(file, bytes(path));
    }

    /** The bytes {@link #write} writes. */
    public static byte[] bytes(List<CompletionGd.PathPoint> path) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (CompletionGd.PathPoint p : path) {
            sb.append(p.iteration()).append(',').append(p.loss()).append(',').append(p.trainError()).append(',')
                .append(num(p.testError())).append(',').append(num(p.nuclearNorm())).append(',').append(p.seconds()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws InvalidInputException naming the file when it is missing or malformed */
    public static List<CompletionGd.PathPoint> read(Path file) {
        List<CompletionGd.PathPoint> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            InvalidInputException.require(!lines.isEmpty() && lines.get(0).equals(HEADER), file + ": not a GD path file (header)");
            for (int k = 1; k < lines.size(); k++) {
                String[] f = lines.get(k).split(",", -1);
                InvalidInputException.require(f.length == 6, file + ":" + (k + 1) + ": expected 6 fields, got " + f.length);
                out.add(new CompletionGd.PathPoint(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    value(f[3]), value(f[4]), Double.parseDouble(f[5])));
            }
        } catch (IOException | NumberFormatException e) {
            throw new InvalidInputException(file + ": unreadable GD path (" + e.getMessage() + ")");
        }
        return out;
    }

    private static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "";
    }

    private static double value(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}

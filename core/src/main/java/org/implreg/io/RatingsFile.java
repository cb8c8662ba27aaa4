package org.implreg.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.problem.AsymmetricCompletion;

/**
 * Ratings files in the MovieLens {@code u.data} layout: one rating a line, "user item rating
 * [timestamp]" separated by tabs or spaces, ids 1-based. Errors name the file and the line.
 */
public final class RatingsFile {
    private RatingsFile() {}

    /** The UTF-8 byte order mark EF BB BF as read in ISO-8859-1. */
    private static final String UTF8_BOM = "\u00ef\u00bb\u00bf";

    /**
     * Reads a ratings file as a completion problem (rows = users − 1, columns = items − 1).
     *
     * @param file  the file
     * @param n1    number of users, or 0 for the largest user id in the file
     * @param n2    number of items, or 0 for the largest item id in the file
     * @throws InvalidInputException on malformed lines, ids out of range, duplicate pairs or a missing file
     */
    public static AsymmetricCompletion read(Path file, int n1, int n2) {
        return read(file, n1, n2, Double.NaN, Double.NaN);
    }

    /**
     * As {@link #read(Path, int, int)}, also requiring every rating to lie in [lo, hi] (NaN bounds: no
     * check), e.g. 1..5 for MovieLens.
     */
    public static AsymmetricCompletion read(Path file, int n1, int n2, double lo, double hi) {
        InvalidInputException.require(!(lo > hi), "rating range " + lo + ".." + hi + " is empty");
        int cap = 1024;
        int[] rows = new int[cap];
        int[] cols = new int[cap];
        double[] vals = new double[cap];
        int k = 0;
        int maxU = 0;
        int maxI = 0;
        Map<Long, Integer> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (no == 1 && line.startsWith(UTF8_BOM)) {
                    line = line.substring(UTF8_BOM.length()); // a UTF-8 byte order mark, as some editors write
                }
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String where = file + ":" + no;
                String[] f = t.split("[\\t ]+");
                InvalidInputException.require(f.length == 3 || f.length == 4,
                    where + ": expected 'user item rating [timestamp]', got " + f.length + " fields");
                int u = id(f[0], where, "user");
                int i = id(f[1], where, "item");
                double v;
                try {
                    v = Double.parseDouble(f[2]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + ": rating '" + f[2] + "' is not a number");
                }
                InvalidInputException.require(Double.isFinite(v), where + ": rating " + f[2] + " is not finite");
                InvalidInputException.require(!(v < lo) && !(v > hi), where + ": rating " + f[2] + " is outside the range "
                    + fmt(lo) + ".." + fmt(hi));
                InvalidInputException.require(n1 <= 0 || u <= n1, where + ": user " + u + " is out of range 1.." + n1);
                InvalidInputException.require(n2 <= 0 || i <= n2, where + ": item " + i + " is out of range 1.." + n2);
                Integer prev = seen.put(((long) u << 32) | i, no);
                if (prev != null) {
                    throw new InvalidInputException(where + ": duplicate rating of item " + i + " by user " + u
                        + " (first on line " + prev + ")");
                }
                if (k == rows.length) {
                    rows = Arrays.copyOf(rows, 2 * k);
                    cols = Arrays.copyOf(cols, 2 * k);
                    vals = Arrays.copyOf(vals, 2 * k);
                }
                rows[k] = u - 1;
                cols[k] = i - 1;
                vals[k] = v;
                k++;
                maxU = Math.max(maxU, u);
                maxI = Math.max(maxI, i);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        InvalidInputException.require(k > 0, file + ": no ratings");
        Map<String, Object> desc = new java.util.LinkedHashMap<>();
        desc.put("source", "ratings");
        desc.put("file", file.toString());
        desc.put("ratings", k);
        return new AsymmetricCompletion(n1 > 0 ? n1 : maxU, n2 > 0 ? n2 : maxI, Arrays.copyOf(rows, k),
            Arrays.copyOf(cols, k), Arrays.copyOf(vals, k), desc);
    }

    /** A training and a test set on the same users × items. */
    public record Split(AsymmetricCompletion train, AsymmetricCompletion test) {}

    /**
     * Reads a training and a test ratings file onto one shape: n1 × n2 if given (&gt; 0), else the
     * largest user and item ids over both files. Ratings must lie in [lo, hi] (NaN: unchecked).
     */
    public static Split readSplit(Path train, Path test, int n1, int n2, double lo, double hi) {
        AsymmetricCompletion a = read(train, n1, n2, lo, hi);
        AsymmetricCompletion b = read(test, n1, n2, lo, hi);
        int m1 = Math.max(a.n1(), b.n1());
        int m2 = Math.max(a.n2(), b.n2());
        return new Split(reshape(a, m1, m2), reshape(b, m1, m2));
    }

    private static AsymmetricCompletion reshape(AsymmetricCompletion c, int n1, int n2) {
        return c.n1() == n1 && c.n2() == n2 ? c : new AsymmetricCompletion(n1, n2, c.rows(), c.cols(), c.values(), c.description());
    }

    private static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private static int id(String s, String where, String what) {
        try {
            int v = Integer.parseInt(s);
            InvalidInputException.require(v >= 1, where + ": " + what + " id " + v + " must be ≥ 1");
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": " + what + " id '" + s + "' is not an integer");
        }
    }

    /**
     * A completion data set from a ratings file or an asymmetric completion .npz: {@code sh} = {n1, n2}
     * ({0, 0}: from the data, see {@link #parseShape}), {@code range} = {lo, hi} ({@link #parseRange}).
     */
    public static AsymmetricCompletion readEither(Path f, int[] sh, double[] range) {
        if (f.getFileName().toString().endsWith(".npz")) {
            AsymmetricCompletion c = ProblemFiles.readAsymmetric(f);
            InvalidInputException.require(sh[0] == 0 || (sh[0] == c.n1() && sh[1] == c.n2()),
                f + ": shape " + c.n1() + "×" + c.n2() + " differs from --shape");
            for (int e = 0; e < c.size(); e++) {
                double v = c.values()[e];
                InvalidInputException.require(!(v < range[0]) && !(v > range[1]), f + "[values]: entry " + e + " is " + v
                    + ", outside --rating-range");
            }
            return c;
        }
        return read(f, sh[0], sh[1], range[0], range[1]);
    }

    /** N1xN2 (or N1×N2) as {n1, n2}; null gives {0, 0} (from the data). */
    public static int[] parseShape(String shape) {
        if (shape == null) {
            return new int[] {0, 0};
        }
        String[] f = shape.toLowerCase(java.util.Locale.ROOT).split("[x×]");
        try {
            InvalidInputException.require(f.length == 2, "--shape: expected N1xN2, got '" + shape + "'");
            int a = Integer.parseInt(f[0].strip());
            int b = Integer.parseInt(f[1].strip());
            InvalidInputException.require(a >= 1 && b >= 1, "--shape: sizes must be ≥ 1, got '" + shape + "'");
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--shape: expected N1xN2, got '" + shape + "'");
        }
    }

    /** LO:HI as {lo, hi} (the --rating-range option); null gives {NaN, NaN} (no check). */
    public static double[] parseRange(String ratingRange) {
        if (ratingRange == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        String[] f = ratingRange.split(":");
        try {
            InvalidInputException.require(f.length == 2, "--rating-range: expected LO:HI, got '" + ratingRange + "'");
            double lo = Double.parseDouble(f[0].strip());
            double hi = Double.parseDouble(f[1].strip());
            InvalidInputException.require(lo <= hi, "--rating-range: LO must be ≤ HI, got '" + ratingRange + "'");
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--rating-range: expected LO:HI, got '" + ratingRange + "'");
        }
    }
}

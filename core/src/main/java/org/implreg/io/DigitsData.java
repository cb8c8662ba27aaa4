package org.implreg.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.implreg.InvalidInputException;

/**
 * The 8×8 handwritten digits of scikit-learn ({@code digits.csv.gz}: 1 797 rows of 64 pixel counts
 * 0…16 and a label 0…9, UCI "Optical Recognition of Handwritten Digits", CC BY 4.0). A copy ships in
 * the repository ({@code data/sklearn/}); {@link #extractFromWheel} takes it from a scikit-learn wheel
 * downloaded from PyPI, checking its SHA-256.
 */
public final class DigitsData {
    /** File name inside the data folder. */
    public static final String FILE = "digits.csv.gz";
    /** SHA-256 of scikit-learn's digits.csv.gz. */
    public static final String SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";
    /** Size of scikit-learn's digits.csv.gz in bytes. */
    public static final long BYTES = 57_523;
    /** The most bytes {@link #extractFromWheel} inflates of the digits member before refusing it (4 MiB: the real one is 57 kB). */
    public static final int MAX_BYTES = 4 << 20;
    /** Where {@link #locate} looks when no folder is given. */
    public static final List<String> SEARCH_PATH = List.of("$IMPLREG_DATA/sklearn", "data/sklearn");

    /**
     * The data set: {@code pixels} n×64 row-major (values 0…16), {@code labels} 0…9.
     */
    public record Digits(double[] pixels, int[] labels, int n) {
        /** Pixels per image. */
        public static final int D = 64;
    }

    private DigitsData() {}

    /** Reads a digits CSV (gzip or plain, by the ".gz" suffix); errors name file and line. */
    public static Digits read(Path file) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split(",");
                String where = file + ":" + no;
                InvalidInputException.require(f.length == Digits.D + 1, where + ": expected 65 comma-separated values, got " + f.length);
                double[] px = new double[Digits.D];
                for (int k = 0; k < Digits.D; k++) {
                    try {
                        px[k] = Double.parseDouble(f[k]);
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(where + ": pixel " + (k + 1) + " '" + f[k] + "' is not a number");
                    }
                    InvalidInputException.require(px[k] >= 0 && px[k] <= 16, where + ": pixel " + (k + 1) + " = " + f[k] + " is outside 0..16");
                }
                int label;
                try {
                    label = (int) Double.parseDouble(f[Digits.D]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + ": label '" + f[Digits.D] + "' is not a number");
                }
                InvalidInputException.require(label >= 0 && label <= 9 && label == Double.parseDouble(f[Digits.D]),
                    where + ": label " + f[Digits.D] + " is not a digit 0..9");
                rows.add(px);
                labels.add(label);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        InvalidInputException.require(!rows.isEmpty(), file + ": no rows");
        double[] px = new double[rows.size() * Digits.D];
        int[] lab = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, px, i * Digits.D, Digits.D);
            lab[i] = labels.get(i);
        }
        return new Digits(px, lab, rows.size());
    }

    /** The digits file: in {@code given} (a folder or the file itself) or the first of {@link #SEARCH_PATH} holding it. */
    public static Path locate(Path given) {
        if (given != null) {
            Path f = Files.isRegularFile(given) ? given : given.resolve(FILE);
            InvalidInputException.require(Files.isRegularFile(f), given + ": no " + FILE + " there (see data/sklearn/README.md)");
            return f;
        }
        List<String> tried = new ArrayList<>();
        for (String c : SEARCH_PATH) {
            if (c.startsWith("$IMPLREG_DATA")) {
                String env = System.getenv("IMPLREG_DATA");
                if (env == null || env.isBlank()) {
                    continue;
                }
                c = env + c.substring("$IMPLREG_DATA".length());
            }
            tried.add(c);
            Path f = Path.of(c).resolve(FILE);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new InvalidInputException(FILE + " not found (looked in " + String.join(", ", tried) + "): run from the implreg folder, "
            + "pass --data DIR, or extract it with 'implreg data sklearn-digits --wheel scikit_learn-*.whl --to DIR'");
    }

    /**
     * Extracts {@code sklearn/datasets/data/digits.csv.gz} from a scikit-learn wheel into {@code dir},
     * checking its SHA-256 (computed as the member streams); nothing is written when it is missing or
     * differs, and a member that inflates beyond {@link #MAX_BYTES} is refused when it gets there (a zip
     * bomb never reaches memory).
     */
    public static Path extractFromWheel(Path wheel, Path dir) {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(wheel))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals("sklearn/datasets/data/" + FILE)) {
                    String tooLarge = wheel + ": " + e.getName() + " inflates to more than " + MAX_BYTES + " bytes (the cap: "
                        + "scikit-learn's is " + BYTES + " bytes), not the digits file";
                    InvalidInputException.require(e.getSize() <= MAX_BYTES, tooLarge); // -1 when the size is not declared
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    InputStream in = new DigestInputStream(zip, md); // hashed while it streams, read no further than the cap
                    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) >= 0; ) {
                        kept.write(buf, 0, r);
                        InvalidInputException.require(kept.size() <= MAX_BYTES, tooLarge);
                    }
                    byte[] bytes = kept.toByteArray();
                    String have = HexFormat.of().formatHex(md.digest());
                    InvalidInputException.require(have.equals(SHA256), wheel + ": " + FILE + " has SHA-256 " + have + ", expected " + SHA256);
                    Path out = dir.resolve(FILE);
                    AtomicFiles.write(out, bytes);
                    return out;
                }
            }
        } catch (NoSuchFileException ex) {
            throw new InvalidInputException(wheel + ": no such file");
        } catch (IOException ex) {
            throw new InvalidInputException(wheel + ": not a readable wheel (" + ex.getMessage() + ")");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        throw new InvalidInputException(wheel + ": no sklearn/datasets/data/" + FILE + " inside (is it a scikit-learn wheel?)");
    }
}

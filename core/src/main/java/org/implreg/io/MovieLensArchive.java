package org.implreg.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.implreg.InvalidInputException;

/**
 * The official MovieLens-100k archive ({@code ml-100k.zip} from GroupLens): download, check, unpack.
 * The archive's ratings files are checked against the SHA-256 digests of the official files
 * ({@link #SHA256}), so a truncated, corrupted or different download is refused before anything is
 * written to the destination.
 */
public final class MovieLensArchive {
    /** Where GroupLens publishes the archive. */
    public static final String OFFICIAL_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip";

    /** SHA-256 of the official ratings files (the 100 000 ratings and the ua/ub splits with 10 test ratings per user). */
    public static final Map<String, String> SHA256 = Map.of(
        "u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
        "ua.base", "67b5bcdb380c29f85d56a012ecd88612ae020f30a6730d117a334ee8203b91f2",
        "ua.test", "d0497e202417720f57a184ec8c66be2d1afa4ff41bb53787c57b28d6bf79bc42",
        "ub.base", "237254d253b6ad7de84f919d041055428646254f34ed8f562703c899430cd881",
        "ub.test", "d54a72d05730d5892062734b2bec73e976f9b713d18c828a18b968d6cce442da");

    private MovieLensArchive() {}

    /**
     * Downloads the archive from {@code url} (http, https or file), checks it and unpacks its
     * {@code ml-100k/} files into {@code dir/ml-100k/}. Nothing is left in {@code dir} on failure.
     *
     * @return the folder holding u.data, ua.base, ua.test, …
     * @throws InvalidInputException when the download fails, the archive is not a zip, lacks a ratings
     *                               file, or a ratings file's digest differs from the official one
     */
    public static Path fetch(String url, Path dir) {
        Path target = dir.resolve("ml-100k");
        InvalidInputException.require(!Files.exists(target), target + ": already exists (remove it to fetch again)");
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".ml-100k-");
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        try {
            Map<String, String> got = new LinkedHashMap<>();
            try (InputStream in = URI.create(url).toURL().openStream(); ZipInputStream zip = new ZipInputStream(in)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    String name = e.getName();
                    int slash = name.lastIndexOf('/');
                    String base = name.substring(slash + 1);
                    if (e.isDirectory() || base.isEmpty() || base.startsWith(".") || name.contains("..")) {
                        continue;
                    }
                    Path out = tmp.resolve(base);
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (var os = Files.newOutputStream(out)) {
                        byte[] buf = new byte[1 << 16];
                        int k;
                        while ((k = zip.read(buf)) > 0) {
                            md.update(buf, 0, k);
                            os.write(buf, 0, k);
                        }
                    }
                    got.put(base, HexFormat.of().formatHex(md.digest()));
                }
            } catch (IllegalArgumentException | IOException e) {
                throw new InvalidInputException(url + ": download failed (" + e.getMessage() + ")");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (Map.Entry<String, String> want : SHA256.entrySet()) {
                String have = got.get(want.getKey());
                InvalidInputException.require(have != null, url + ": not the MovieLens-100k archive (no " + want.getKey() + ")");
                InvalidInputException.require(have.equals(want.getValue()), url + ": " + want.getKey() + " has SHA-256 " + have
                    + ", expected " + want.getValue() + " (corrupted or not the official archive)");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot write (" + e.getMessage() + ")");
        } finally {
            deleteTree(tmp);
        }
    }

    /** Where {@link #locate} looks when no folder is given, in order (relative to the working folder). */
    public static final java.util.List<String> SEARCH_PATH = java.util.List.of("$IMPLREG_DATA/ml-100k", "data/ml-100k",
        "../shared/data/ml-100k");

    /**
     * The MovieLens-100k folder: {@code given} if not null (it must hold ua.base and ua.test; a folder
     * holding {@code ml-100k/} is accepted too), else the first of {@link #SEARCH_PATH} that does.
     *
     * @throws InvalidInputException naming the places looked at and how to get the data
     */
    public static Path locate(Path given) {
        if (given != null) {
            for (Path p : new Path[] {given, given.resolve("ml-100k")}) {
                if (Files.isRegularFile(p.resolve("ua.base")) && Files.isRegularFile(p.resolve("ua.test"))) {
                    return p;
                }
            }
            throw new InvalidInputException(given + ": no MovieLens-100k files there (ua.base, ua.test); get them with "
                + "'implreg data movielens-100k --to DIR'");
        }
        java.util.List<String> tried = new java.util.ArrayList<>();
        for (String c : SEARCH_PATH) {
            String env = System.getenv("IMPLREG_DATA");
            if (c.startsWith("$IMPLREG_DATA")) {
                if (env == null || env.isBlank()) {
                    continue;
                }
                c = env + c.substring("$IMPLREG_DATA".length());
            }
            tried.add(c);
            Path p = Path.of(c);
            if (Files.isRegularFile(p.resolve("ua.base")) && Files.isRegularFile(p.resolve("ua.test"))) {
                return p;
            }
        }
        throw new InvalidInputException("MovieLens-100k not found (looked in " + String.join(", ", tried) + "): run "
            + "'implreg data movielens-100k --to data' or pass --data DIR");
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}

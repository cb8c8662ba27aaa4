package org.implreg.reproduce;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPOutputStream;
import org.implreg.problem.Rng;

/**
 * What the CI-sized reproductions ({@link Reproduction#ciSized()}) need besides smaller sizes: small
 * synthetic stand-ins for the data sets, written into the run's folder ({@code ci-data/}) when it runs.
 */
public final class CiSize {
    /** The folder, inside a reproduction's folder, of its synthetic data. */
    static final String DATA = "ci-data";

    private CiSize() {}

    /**
     * The reproduction {@code named} at CI size: its run writes synthetic data into {@code DIR/ci-data}
     * and runs {@code make.apply(DIR/ci-data)} there.
     */
    public static Reproduction withData(Reproduction named, Function<Path, Reproduction> make) {
        return new Reproduction() {
            @Override
            public String name() {
                return named.name();
            }

            @Override
            public String description() {
                return named.description();
            }

            @Override
            public boolean runsSweeps() {
                return named.runsSweeps();
            }

            @Override
            public Summary run(Context ctx) {
                return make.apply(ctx.dir().resolve(DATA)).run(ctx);
            }

            @Override
            public Reproduction ciSized() {
                return this;
            }
        };
    }

    /**
     * MovieLens-shaped ratings {@code ua.base}, {@code ua.test} in {@code dir}: 40 users × 60 items, a
     * rank-2 matrix clipped to 1…5, about 50% of the entries for training and 10% for testing.
     */
    public static Path[] ratings(Path dir) {
        RandomGenerator rng = Rng.stream(11, "ml-test");
        double[] a = Rng.gaussian(rng, 40 * 2);
        double[] b = Rng.gaussian(rng, 60 * 2);
        StringBuilder tr = new StringBuilder();
        StringBuilder te = new StringBuilder();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 60; i++) {
                double x = 3 + 0.5 * (a[2 * u] * b[2 * i] + a[2 * u + 1] * b[2 * i + 1]);
                double r = Math.max(1, Math.min(5, x));
                double p = rng.nextDouble();
                StringBuilder sb = p < 0.5 ? tr : p < 0.6 ? te : null;
                if (sb != null) {
                    sb.append(u + 1).append('\t').append(i + 1).append('\t').append(r).append('\t').append(0).append('\n');
                }
            }
        }
        Path[] f = {dir.resolve("ua.base"), dir.resolve("ua.test")};
        try {
            Files.createDirectories(dir);
            Files.writeString(f[0], tr.toString());
            Files.writeString(f[1], te.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /**
     * A digits-shaped file {@code digits.csv.gz} in {@code dir}: 200 images of 64 pixels 0…16 (a random
     * prototype per label 0…9, plus noise), in the format of scikit-learn's.
     */
    public static Path digits(Path dir) {
        RandomGenerator rng = Rng.stream(12, "digits-test");
        double[][] proto = new double[10][64];
        for (double[] p : proto) {
            for (int k = 0; k < 64; k++) {
                p[k] = rng.nextDouble() < 0.4 ? 8 + 8 * rng.nextDouble() : 0;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            int label = i % 10;
            for (int k = 0; k < 64; k++) {
                sb.append((long) Math.max(0, Math.min(16, Math.rint(proto[label][k] + 3 * rng.nextGaussian())))).append(',');
            }
            sb.append(label).append('\n');
        }
        Path f = dir.resolve("digits.csv.gz");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
                out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}

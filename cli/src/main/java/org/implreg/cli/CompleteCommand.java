package org.implreg.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.convex.CompletionNucmin;
import org.implreg.method.CompletionGd;
import org.implreg.io.GdCheckpointFile;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.Npy;
import org.implreg.io.Npz;
import org.implreg.io.ProblemFiles;
import org.implreg.io.Provenance;
import org.implreg.io.RatingsFile;
import org.implreg.metrics.CompletionMetrics;
import org.implreg.problem.AsymmetricCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code implreg complete}: rectangular matrix completion on the user's own data (ratings files or
 * asymmetric completion .npz): GD on X = UVᵀ, X_gd or the certified minimum nuclear norm completion,
 * with training and test error and the nuclear norm.
 */
@Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Complete a rectangular matrix from observed entries and report training / test error and nuclear norm.",
        "Data: a ratings file ('user item rating [timestamp]' a line, ids 1-based, MovieLens u.data layout) or an asymmetric",
        "completion .npz ('implreg problem --ratings'). Errors are ‖P(X) − y‖/‖y‖ on the training / test entries (X = 0 gives 1).",
        "gd: gradient descent on f(U, V) = Σ_Ω ((UVᵀ)_ij − M_ij)², U ← U − η·2RV, V ← V − η·2RᵀU, from Gaussian U0, V0 with",
        "  ‖U0‖_F = ‖V0‖_F = --init-scale, until training error ≤ --tol; stable for η below about 0.5/σ₁(P_Ω(M)).",
        "xgd: the zero-filled observations (the limit of GD on X from 0); nucmin: min ‖X‖_* s.t. X_Ω = M_Ω, certified by a",
        "  duality gap."})
final class CompleteCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "training entries: ratings file or .npz")
    Path train;

    @Option(names = "--test", description = "held-out entries for the test error: ratings file or .npz")
    Path test;

    @Option(names = "--shape", description = "users×items, e.g. 943x1682 (default: the largest ids over --train and --test)")
    String shape;

    @Option(names = "--rating-range", description = "require ratings in LO:HI, e.g. 1:5 (default: any finite value)")
    String ratingRange;

    @Option(names = "--method", defaultValue = "gd", description = "gd | xgd | nucmin (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--d", description = "gd: factor width (default: min(n1, n2))")
    Integer d;

    @Option(names = "--step", defaultValue = "5e-4", description = "gd: step η (default: ${DEFAULT-VALUE})")
    double step;

    @Option(names = "--init-scale", defaultValue = "1e-3", description = "gd: ‖U0‖_F = ‖V0‖_F (default: ${DEFAULT-VALUE})")
    double initScale;

    @Option(names = "--tol", description = "gd: training error to reach (default 1e-2); nucmin: relative duality gap (default 1e-4)")
    Double tol;

    @Option(names = "--max-iter", description = "iteration cap (default: gd 100000, nucmin 5000)")
    Long maxIter;

    @Option(names = "--seed", defaultValue = "0", description = "gd: seed of U0, V0 (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--record-every", defaultValue = "10", description = "gd: path point every this many steps (default: ${DEFAULT-VALUE})")
    int recordEvery;

    @Option(names = "--norm-every", defaultValue = "0",
        description = "gd: also ‖UVᵀ‖_* at path points every this many steps (forms UVᵀ; 0: only at the end; default: ${DEFAULT-VALUE})")
    int normEvery;

    @Option(names = "--checkpoint", description = "gd: checkpoint file (.npz), written every --checkpoint-every steps; a rerun resumes from it")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "gd: steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--out", required = true, description = "result JSON file")
    Path out;

    @Option(names = "--path", description = "gd: write the path (iteration, loss, train/test error, nuclear norm, seconds) as CSV")
    Path pathCsv;

    @Option(names = "--save-factors", description = "gd: write U (n1×d) and V (n2×d) as .npz (keys u, v)")
    Path saveFactors;

    @Option(names = "--save-x", description = "xgd, nucmin: write X (n1×n2) as .npy")
    Path saveX;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InvalidInputException.require(method.equals("gd") || method.equals("xgd") || method.equals("nucmin"),
            "--method must be gd, xgd or nucmin, got '" + method + "'");
        boolean gd = method.equals("gd");
        InvalidInputException.require(gd || (d == null && pathCsv == null && saveFactors == null && checkpoint == null),
            "--d, --path, --save-factors and --checkpoint apply to --method gd only");
        InvalidInputException.require(!gd || saveX == null, "--save-x applies to xgd and nucmin (gd: --save-factors)");
        int[] sh = parseShape(shape);
        double[] range = range();
        AsymmetricCompletion tr = read(train, sh, range);
        AsymmetricCompletion te = test == null ? null : read(test, sh, range);
        if (te != null && (te.n1() != tr.n1() || te.n2() != tr.n2())) {
            int n1 = Math.max(tr.n1(), te.n1());
            int n2 = Math.max(tr.n2(), te.n2());
            tr = new AsymmetricCompletion(n1, n2, tr.rows(), tr.cols(), tr.values(), tr.description());
            te = new AsymmetricCompletion(n1, n2, te.rows(), te.cols(), te.values(), te.description());
        }
        int n1 = tr.n1();
        int n2 = tr.n2();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("method", method);
        options.put("train", train.toString());
        options.put("test", test == null ? null : test.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", method);
        json.put("kind", "asymmetric-completion");
        json.put("n1", n1);
        json.put("n2", n2);
        json.put("train_entries", tr.size());
        json.put("test_entries", te == null ? 0 : te.size());
        String line;
        if (gd) {
            int width = d == null ? Math.min(n1, n2) : d;
            InvalidInputException.require(width >= 1 && width <= Math.max(n1, n2), "--d must be in 1.." + Math.max(n1, n2) + ", got " + width);
            CompletionGd.Options o = new CompletionGd.Options(width, step, initScale, tol == null ? 1e-2 : tol,
                maxIter == null ? 100_000 : maxIter, seed, recordEvery, normEvery, checkpointEvery);
            options.putAll(o.describe());
            CompletionGd.Checkpoints cp = checkpoint == null ? CompletionGd.Checkpoints.NONE
                : new GdCheckpointFile(checkpoint, GdCheckpointFile.key(tr, o), n1, n2, width);
            CompletionGd.Result r;
            try (Progress bar = new Progress("gd", o.maxIterations(), quiet)) {
                r = CompletionGd.run(tr, te, o, cp, bar.listener(16));
            }
            json.put("stop_reason", r.stopReason().name());
            json.put("criterion", r.criterion());
            json.put("iterations", r.iterations());
            json.put("train_error", r.trainError());
            json.put("test_error", te == null ? null : r.testError());
            json.put("nuclear_norm", r.nuclearNorm());
            json.put("seconds", r.seconds());
            json.put("resumed_from", r.resumedFrom());
            if (pathCsv != null) {
                org.implreg.io.GdPathCsv.write(pathCsv, r.path());
            }
            if (saveFactors != null) {
                Map<String, NdArray> a = new LinkedHashMap<>();
                a.put("u", NdArray.ofDoubles(r.u(), n1, width));
                a.put("v", NdArray.ofDoubles(r.v(), n2, width));
                Npz.write(a, saveFactors, false);
            }
            if (checkpoint != null) {
                ((GdCheckpointFile) cp).delete();
            }
            line = String.format(Locale.ROOT, "gd: %s after %d steps, train_error %.3e, test_error %s, nuclear_norm %.4f, %.1f s",
                r.stopReason(), r.iterations(), r.trainError(), te == null ? "-" : String.format(Locale.ROOT, "%.4f", r.testError()),
                r.nuclearNorm(), r.seconds());
        } else {
            double[] x;
            long t0 = System.nanoTime();
            if (method.equals("xgd")) {
                x = tr.zeroFilled();
                json.put("stop_reason", "CLOSED_FORM");
                json.put("iterations", 0);
                json.put("nuclear_norm", CompletionMetrics.nuclearNorm(x, n1, n2));
            } else {
                CompletionNucmin.Options o = CompletionNucmin.Options.defaults().withTol(tol == null ? 1e-4 : tol);
                if (maxIter != null) {
                    o = o.withMaxIterations((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxIter)));
                }
                options.put("tol", o.tol());
                options.put("max_iter", o.maxIterations());
                CompletionNucmin.Result r;
                try (Progress bar = new Progress("nucmin", o.maxIterations(), quiet)) {
                    r = new CompletionNucmin(o).optimize(tr, bar.listener(10));
                }
                x = r.x();
                json.put("stop_reason", r.stopReason().name());
                json.put("iterations", r.iterations());
                json.put("nuclear_norm", r.nuclearNorm());
                json.put("lower_bound", r.lowerBound());
                json.put("duality_gap", r.dualityGap());
                json.put("certified", r.dualityGap() <= o.tol());
                json.put("rank", r.rank());
            }
            json.put("train_error", CompletionMetrics.relativeError(tr, x));
            json.put("test_error", te == null ? null : CompletionMetrics.relativeError(te, x));
            json.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (saveX != null) {
                Npy.write(NdArray.ofColumnMajor(x, n1, n2), saveX);
            }
            line = String.format(Locale.ROOT, "%s: %s, train_error %.3e, test_error %s, nuclear_norm %.4f, %.1f s", method,
                json.get("stop_reason"), (Double) json.get("train_error"), te == null ? "-"
                    : String.format(Locale.ROOT, "%.4f", (Double) json.get("test_error")), (Double) json.get("nuclear_norm"),
                (Double) json.get("seconds"));
        }
        json.put("train", tr.description());
        json.put("test", te == null ? null : te.description());
        json.put("provenance", Provenance.of(options));
        Json.write(json, out);
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static AsymmetricCompletion read(Path f, int[] sh, double[] range) {
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
        return RatingsFile.read(f, sh[0], sh[1], range[0], range[1]);
    }

    /** N1xN2 (or N1×N2) as {n1, n2}; null gives {0, 0} (from the data). */
    static int[] parseShape(String shape) {
        if (shape == null) {
            return new int[] {0, 0};
        }
        String[] f = shape.toLowerCase(Locale.ROOT).split("[x×]");
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

    private double[] range() {
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

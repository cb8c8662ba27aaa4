package org.implreg.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.method.Capabilities;
import org.implreg.completion.CompletionGd;
import org.implreg.method.CompletionReport;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveSettings;
import org.implreg.completion.GdCheckpointFile;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.OutputFiles;
import org.implreg.io.Npy;
import org.implreg.io.Npz;
import org.implreg.io.Provenance;
import org.implreg.io.RatingsFile;
import org.implreg.result.ResultJson;
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
@Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.implreg.cli.MethodHelp",
    description = {"Complete a rectangular matrix from observed entries and report training / test error and nuclear norm.",
        "Data: a ratings file ('user item rating [timestamp]' a line, ids 1-based, MovieLens u.data layout) or an asymmetric",
        "completion .npz ('implreg problem --ratings'). Errors are ‖P(X) − y‖/‖y‖ on the training / test entries (X = 0 gives 1).",
        "GD on X = UVᵀ minimizes f(U, V) = Σ_Ω ((UVᵀ)_ij − M_ij)², U ← U − η·2RV, V ← V − η·2RᵀU, from Gaussian U0, V0 with",
        "‖U0‖_F = ‖V0‖_F = --init-scale, until training error ≤ --tol; stable for η below about 0.5/σ₁(P_Ω(M)).",
        "'implreg methods' describes the methods; settings a method does not support are refused (exit 2)."})
final class CompleteCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "training entries: ratings file or .npz")
    Path train;

    @Option(names = "--test", description = "held-out entries for the test error: ratings file or .npz")
    Path test;

    @Option(names = "--shape", description = "users×items, e.g. 943x1682 (default: the largest ids over --train and --test)")
    String shape;

    @Option(names = "--rating-range", description = "require ratings in LO:HI, e.g. 1:5 (default: any finite value)")
    String ratingRange;

    @Option(names = "--method", defaultValue = Methods.DEFAULT, descriptionKey = "complete.method",
        completionCandidates = MethodHelp.CompletionMethods.class, description = "the method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--d", descriptionKey = "complete.d", description = "factor width (default: min(n1, n2))")
    Integer d;

    @Option(names = "--step", descriptionKey = "complete.step", description = "step η (default: the method's)")
    Double step;

    @Option(names = "--init-scale", descriptionKey = "complete.init-scale", description = "‖U0‖_F = ‖V0‖_F (default: the method's)")
    Double initScale;

    @Option(names = "--tol", descriptionKey = "complete.tol", description = "training error to reach (default: the method's)")
    Double tol;

    @Option(names = "--max-iter", descriptionKey = "complete.max-iter", description = "iteration cap (default: the method's)")
    Long maxIter;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "a method-specific option, e.g. batch=1000, repeatable")
    Map<String, String> methodOptions = new LinkedHashMap<>();

    @Option(names = "--seed", description = "seed of U0, V0 (and of sgd's minibatches) (default: 0)")
    Long seed;

    @Option(names = "--record-every", description = "iterative methods: path point every this many steps (default: ${DEFAULT-VALUE})")
    Integer recordEvery;

    @Option(names = "--norm-every",
        description = "iterative methods: also ‖UVᵀ‖_* at path points every this many steps (forms UVᵀ; 0: only at the end; default: ${DEFAULT-VALUE})")
    Integer normEvery;

    @Option(names = "--checkpoint", description = "iterative methods: checkpoint file (.npz), written every --checkpoint-every steps; a rerun resumes from it")
    Path checkpoint;

    @Option(names = "--checkpoint-every", description = "iterative methods: steps between checkpoints (default: ${DEFAULT-VALUE})")
    Integer checkpointEvery;

    @Option(names = "--out", required = true, description = "result JSON file")
    Path out;

    @Option(names = "--path", description = "iterative methods: write the path (iteration, loss, train/test error, nuclear norm, seconds) as CSV")
    Path pathCsv;

    @Option(names = "--save-factors", description = "factored methods: write U (n1×d) and V (n2×d) as .npz (keys u, v)")
    Path saveFactors;

    @Option(names = "--save-x", description = "write X (n1×n2) as .npy")
    Path saveX;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    TraceOptions traceOptions = new TraceOptions();

    @Override
    public Integer call() {
        Method m = Methods.get(method);
        Capabilities c = m.capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        OptionChecks.requireFinite("--step", step);
        OptionChecks.requireFinite("--init-scale", initScale);
        OptionChecks.requireFinite("--tol", tol);
        // every output checked before any work; the checkpoint is read and rewritten, so it may be no other file
        try (OutputFiles files = new OutputFiles().input(train, "--train").input(test, "--test").input(checkpoint, "--checkpoint")
            .output(out, "--out").output(pathCsv, "--path").output(saveFactors, "--save-factors").output(saveX, "--save-x")
            .output(traceOptions.file, "--trace")) { // closing removes a failed run's scratch files (the streamed trace)
            return complete(m, c, files);
        }
    }

    private Integer complete(Method m, Capabilities c, OutputFiles files) {
        if (checkpoint != null) {
            OutputFiles.check(checkpoint, "--checkpoint");
        }
        Map<String, String> opts = new LinkedHashMap<>(methodOptions);
        putOption(opts, "record_every", recordEvery);
        putOption(opts, "norm_every", normEvery);
        putOption(opts, "checkpoint_every", checkpointEvery);
        SolveSettings s = SolveSettings.builder(method).d(d)
            .initScale(initScale != null ? initScale : c.initScale())
            .step(step == null ? Double.NaN : step).maxIterations(maxIter).tol(tol).seed(seed == null ? 0L : seed).options(opts)
            .build();
        // a default the user did not write is never refused
        m.requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.CLI_NAMES, Capabilities.given(initScale, seed));
        boolean factored = c.factor();
        boolean resumable = c.resumable(); // a recorded path: the steps, resumed_from
        InvalidInputException.require(factored || saveFactors == null, "method " + method + " does not support --save-factors (no factors)");
        InvalidInputException.require(resumable || (pathCsv == null && checkpoint == null),
            "method " + method + " does not support --path or --checkpoint (no iterations to record)");
        InvalidInputException.require(!factored || saveX == null, "--save-x applies to methods without factors (" + method
            + ": --save-factors)");
        org.implreg.metrics.TraceRecorder trace = traceOptions.recorder(c.traceable(), method, files);
        int[] sh = RatingsFile.parseShape(shape);
        double[] range = RatingsFile.parseRange(ratingRange);
        AsymmetricCompletion tr = RatingsFile.readEither(train, sh, range);
        AsymmetricCompletion te = test == null ? null : RatingsFile.readEither(test, sh, range);
        if (te != null && (te.n1() != tr.n1() || te.n2() != tr.n2())) {
            int n1 = Math.max(tr.n1(), te.n1());
            int n2 = Math.max(tr.n2(), te.n2());
            tr = new AsymmetricCompletion(n1, n2, tr.rows(), tr.cols(), tr.values(), tr.description());
            te = new AsymmetricCompletion(n1, n2, te.rows(), te.cols(), te.values(), te.description());
        }
        int n1 = tr.n1();
        int n2 = tr.n2();
        final AsymmetricCompletion trainSet = tr;
        GdCheckpointFile[] cp = {null};
        CompletionReport r;
        try (Progress bar = new Progress(method, maxIter != null ? maxIter : (long) c.defaultNumber("max_iter", -1), quiet)) {
            r = m.complete(tr, te, s, o -> {
                if (checkpoint == null) {
                    return CompletionGd.Checkpoints.NONE;
                }
                cp[0] = new GdCheckpointFile(checkpoint, GdCheckpointFile.key(trainSet, o), n1, n2, o.d());
                return cp[0];
            }, org.implreg.metrics.ViewListener.both(bar.listener(factored ? 16 : 10), trace));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("method", method);
        options.put("train", train.toString());
        options.put("test", test == null ? null : test.toString());
        options.putAll(r.used());
        Map<String, Object> json = ResultJson.completion(r, tr, te, factored, resumable);
        traceOptions.put(options);
        if (pathCsv != null) {
            files.put(pathCsv, org.implreg.completion.GdPathCsv.bytes(r.path()));
        }
        if (saveFactors != null) {
            Map<String, NdArray> a = new LinkedHashMap<>();
            a.put("u", NdArray.ofDoubles(r.u(), n1, r.d()));
            a.put("v", NdArray.ofDoubles(r.v(), n2, r.d()));
            files.put(saveFactors, Npz.toBytes(a, false));
        }
        if (saveX != null) {
            files.put(saveX, Npy.toBytes(NdArray.ofColumnMajor(r.matrix(), n1, n2)));
        }
        String line = ResultJson.completionLine(r, te != null, resumable);
        json.put("provenance", Provenance.of(options));
        files.put(out, Json.bytes(json));
        files.commit();
        if (cp[0] != null) {
            cp[0].delete(); // only once every output is in place: a failed run resumes from it
        }
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void putOption(Map<String, String> opts, String key, Integer value) {
        java.util.Optional.ofNullable(value).ifPresent(x -> opts.put(key, Integer.toString(x)));
    }
}

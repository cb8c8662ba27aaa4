package org.implreg.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.method.Capabilities;
import org.implreg.method.CompletionReport;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.io.Json;
import org.implreg.io.NdArray;
import org.implreg.io.OutputFiles;
import org.implreg.io.Npy;
import org.implreg.io.ProblemFiles;
import org.implreg.result.ResultJson;
import org.implreg.problem.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code implreg solve}: run one method on a problem file and write result.json. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.implreg.cli.MethodHelp",
    description = {"Solve a problem file with one registered method and write result.json (and optionally X, U as .npy).",
        "Factorized methods minimize f(U) = ‖A(UUᵀ) − y‖² (∇f = 4A*(r)U) from U0. 'implreg methods' describes every method;",
        "settings a method does not support are refused (exit 2), never ignored."})
final class SolveCommand implements Callable<Integer> {
    @Option(names = "--problem", required = true, description = "problem .npz (see 'implreg problem')")
    Path problem;

    @Option(names = "--method", defaultValue = Methods.DEFAULT, descriptionKey = "solve.method", completionCandidates = MethodHelp.SymmetricMethods.class,
        description = "the method (see 'implreg methods'; default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--d", descriptionKey = "solve.d", description = "factor width d, 1 ≤ d ≤ n (default: n)")
    Integer d;

    @Option(names = "--init-scale", description = "‖U0‖_F of the Gaussian init (default: 1e-4; rectangular completion: the method's)")
    Double initScale;

    @Option(names = "--step", descriptionKey = "solve.step", description = "step η (default: the method's)")
    Double step;

    @Option(names = "--line-search", descriptionKey = "solve.line-search", description = "exact line search along −∇f, clipped at --step (the paper's η_ELS)")
    boolean lineSearch;

    @Option(names = "--max-iter", descriptionKey = "solve.max-iter", description = "iteration cap (default: the method's)")
    Long maxIter;

    @Option(names = "--tol", descriptionKey = "solve.tol", description = "training error to reach (default: the method's)")
    Double tol;

    @Option(names = "--integrator", description = "shorthand for -o integrator=auto | dp853 | ros2 | bdf | dp853_ros2 (auto: Dormand–Prince, then NDF in the stiff tail)")
    String integrator;

    @Option(names = "--rtol", description = "shorthand for -o rtol=R: relative local error tolerance of an integrator")
    Double rtol;

    @Option(names = "--max-time", description = "shorthand for -o max_time=T: final flow time")
    Double maxTime;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", descriptionKey = "solve.option",
        description = "a method-specific option, repeatable")
    Map<String, String> methodOptions = new LinkedHashMap<>();

    @Option(names = "--seed", description = "seed of the Gaussian initialization (default: 0)")
    Long seed;

    @Option(names = "--init", defaultValue = "gaussian", descriptionKey = "solve.init", description = "gaussian | svd | given | svd-xgd (top-d factor of this problem's X_gd) (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--init-from", description = "for --init svd: an n×n .npy to take the top-d factor of; for --init given: U0 as an n×d .npy")
    Path initFrom;

    @Option(names = "--out", required = true, description = "result JSON file")
    Path out;

    @Option(names = "--save-x", description = "write the final X (n×n) as .npy")
    Path saveX;

    @Option(names = "--save-u", descriptionKey = "solve.save-u", description = "write the final U (n×d) as .npy (factorized methods)")
    Path saveU;

    @Option(names = "--save-v", descriptionKey = "solve.save-v", description = "write the dual vector v (m) as .npy")
    Path saveV;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @picocli.CommandLine.Mixin
    TraceOptions traceOptions = new TraceOptions();

    private org.implreg.metrics.TraceRecorder trace;

    /** Asymmetric completion files: the methods that declare rectangular completion, through the registry. */
    private Integer solveAsymmetric(Method m, OutputFiles files) {
        Capabilities c = m.capabilities(ProblemKind.RECTANGULAR_COMPLETION);
        InvalidInputException.require(saveU == null && saveV == null && initFrom == null,
            "--save-u, --save-v and --init-from do not apply to asymmetric completion files");
        SolveSettings s = settings(c, SolveSettings.Init.parse(init), null);
        m.requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.CLI_NAMES, Capabilities.given(initScale, seed));
        var data = ProblemFiles.readAsymmetric(problem);
        CompletionReport r;
        try (Progress bar = new Progress(method, maxIter != null ? maxIter : (long) c.defaultNumber("max_iter", -1), quiet)) {
            r = m.complete(data, null, s, o -> org.implreg.completion.CompletionGd.Checkpoints.NONE,
                org.implreg.metrics.ViewListener.both(bar.listener(10), trace));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("method", method);
        options.putAll(r.used());
        options.put("problem", problem.toString());
        Map<String, Object> json = ResultJson.asymmetricCompletion(r, data);
        json.put("provenance", org.implreg.io.Provenance.of(options));
        traceOptions.put(options);
        if (saveX != null) {
            files.put(saveX, Npy.toBytes(NdArray.ofColumnMajor(r.matrix(), data.n1(), data.n2())));
        }
        files.put(out, Json.bytes(json));
        files.commit();
        if (!quiet) {
            System.err.println(ResultJson.asymmetricCompletionLine(r));
        }
        return 0;
    }

    /** The settings of the command line, with the method's declared defaults where the command line leaves them. */
    private SolveSettings settings(Capabilities c, SolveSettings.Init kind, double[] initMatrix) {
        Map<String, String> opts = new LinkedHashMap<>(methodOptions);
        if (integrator != null) {
            opts.put("integrator", integrator);
        }
        if (rtol != null) {
            opts.put("rtol", Double.toString(rtol));
        }
        if (maxTime != null) {
            opts.put("max_time", Double.toString(maxTime));
        }
        double scale = initScale != null ? initScale : c.initScale();
        return SolveSettings.builder(method).d(d).initScale(scale).step(step == null ? Double.NaN : step).lineSearch(lineSearch)
            .maxIterations(maxIter).tol(tol).seed(seed == null ? 0L : seed).options(opts).init(kind, initMatrix).build();
    }

    @Override
    public Integer call() {
        Method m = Methods.get(method);
        InvalidInputException.require(d == null || d >= 1, "--d must be ≥ 1, got " + d);
        OptionChecks.requireFinite("--step", step);
        OptionChecks.requireFinite("--init-scale", initScale);
        OptionChecks.requireFinite("--tol", tol);
        OptionChecks.requireFinite("--rtol", rtol);
        OptionChecks.requireFinite("--max-time", maxTime);
        try (OutputFiles files = new OutputFiles().input(problem, "--problem").input(initFrom, "--init-from")
            .output(out, "--out").output(saveX, "--save-x").output(saveU, "--save-u").output(saveV, "--save-v")
            .output(traceOptions.file, "--trace")) { // closing removes a failed run's scratch files (the streamed trace)
            return solve(m, files);
        }
    }

    private Integer solve(Method m, OutputFiles files) {
        SolveSettings.Init kind;
        try {
            kind = SolveSettings.Init.parse(init);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--init: " + e.getMessage());
        }
        if (ProblemFiles.isAsymmetric(problem)) {
            trace = traceOptions.recorder(m.capabilities(ProblemKind.RECTANGULAR_COMPLETION).traceable(), method, files);
            return solveAsymmetric(m, files);
        }
        org.implreg.problem.AsymmetricSensing rect = ProblemFiles.isAsymmetricSensing(problem) ? ProblemFiles.readAsymmetricSensing(problem)
            : null;
        ProblemKind problemKind = rect != null ? ProblemKind.RECTANGULAR_SENSING : ProblemKind.SYMMETRIC;
        Capabilities c = m.capabilities(problemKind);
        c.checkInit(method, kind, Capabilities.CLI_NAMES);
        trace = traceOptions.recorder(c.traceable(), method, files);
        InvalidInputException.require(saveU == null || c.factor(), "method " + method + " does not support --save-u (it has no factor U)");
        InvalidInputException.require(saveV == null || c.dual(), "method " + method + " does not support --save-v (it has no dual vector)");
        Problem p = rect != null ? rect.embedded() : ProblemFiles.read(problem);
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product(p.n(), p.n(), 8, 4),
            "X, U and their gradients (4 × " + p.n() + "×" + p.n() + " doubles)", problem.toString());
        InvalidInputException.require(d == null || d <= p.n(), "--d = " + d + " exceeds n = " + p.n() + " of " + problem);
        double[] initMatrix = null;
        if (kind == SolveSettings.Init.SVD || kind == SolveSettings.Init.GIVEN) {
            InvalidInputException.require(initFrom != null, "--init " + init + " needs --init-from FILE.npy");
            NdArray a = Npy.read(initFrom);
            int n = p.n();
            int cols = kind == SolveSettings.Init.SVD ? n : (d == null ? n : d);
            InvalidInputException.require(a.values() != null && a.ndim() == 2 && a.shape()[0] == n && a.shape()[1] == cols,
                initFrom + ": must have shape (" + n + ", " + cols + "), got " + a.shapeString());
            initMatrix = a.toColumnMajor();
            InvalidInputException.require(org.implreg.linalg.Linalg.allFinite(initMatrix), initFrom + ": has non-finite entries");
        } else {
            InvalidInputException.require(initFrom == null, "--init-from needs --init svd or --init given");
        }
        SolveSettings s = settings(c, kind, initMatrix);
        m.requireSupported(problemKind, s, Capabilities.CLI_NAMES, Capabilities.given(initScale, seed));
        boolean convex = c.convex();
        long max = maxIter != null ? maxIter : (long) c.defaultNumber("max_iter", -1);
        SolveReport rep;
        try (Progress bar = new Progress(method, max, quiet)) {
            rep = m.solve(p, s, org.implreg.metrics.ViewListener.both(bar.listener(c.step() ? 64 : 1), trace));
        }
        Map<String, Object> options = new LinkedHashMap<>(s.describe());
        options.put("problem", problem.toString());
        if (initFrom != null) {
            options.put("init_from", initFrom.toString());
        }
        Map<String, Object> json = ResultJson.of(rep, p.description(), options);
        traceOptions.put(options);
        if (rect != null && rep.result().x() != null) {
            ResultJson.rectangular(json, rect, rect.block(rep.result().x()));
        }
        if (saveX != null && rep.result().x() != null) {
            files.put(saveX, Npy.toBytes(rect != null ? NdArray.ofColumnMajor(rect.block(rep.result().x()), rect.n1(), rect.n2())
                : NdArray.ofColumnMajor(rep.result().x(), p.n(), p.n())));
        }
        if (saveU != null && rep.result().u() != null) {
            files.put(saveU, Npy.toBytes(NdArray.ofColumnMajor(rep.result().u(), p.n(), rep.result().d())));
        }
        if (saveV != null && rep.dual() != null) {
            files.put(saveV, Npy.toBytes(NdArray.ofDoubles(rep.dual(), rep.dual().length)));
        }
        files.put(out, Json.bytes(json));
        files.commit();
        if (!quiet) {
            System.err.println(ResultJson.summaryLine(rep, convex));
        }
        return 0;
    }
}

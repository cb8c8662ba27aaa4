package org.implreg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.experiment.Methods;
import org.implreg.experiment.SolveReport;
import org.implreg.experiment.SolveSettings;
import org.implreg.io.Json;
import org.implreg.io.ProblemFiles;
import org.implreg.io.Provenance;
import org.implreg.io.ResultJson;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code implreg reproduce [NAME...]}: the reproductions implemented so far (all when no name is
 * given). Each writes its files and a {@code summary.json} under {@code OUT/NAME/}.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Run reproductions of the papers' experiments (all implemented ones when no NAME is given).",
        "Available: demo — Fig. 1(a) in miniature: 50×50 rank-2 X*, m = 3nr Gaussian measurements;",
        "GD on U (d = n) from small and large init, exact line search, and X_gd; prints the result table."})
final class ReproduceCommand implements Callable<Integer> {
    static final List<String> AVAILABLE = List.of("demo");

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "reproductions to run: ${COMPLETION-CANDIDATES}",
        completionCandidates = Names.class)
    List<String> names = new ArrayList<>();

    @Option(names = "--out", defaultValue = "results", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the problem and initializations (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    static final class Names extends ArrayList<String> {
        Names() {
            super(AVAILABLE);
        }
    }

    @Override
    public Integer call() {
        List<String> run = names.isEmpty() ? AVAILABLE : names;
        for (String n : run) {
            InvalidInputException.require(AVAILABLE.contains(n), "unknown reproduction '" + n + "' (available: " + String.join(", ", AVAILABLE) + ")");
        }
        for (String n : run) {
            if (n.equals("demo")) {
                demo(out.resolve("demo"));
            }
        }
        return 0;
    }

    /** One row of the demo: a label and settings. */
    private record Run(String label, SolveSettings settings) {}

    private void demo(Path dir) {
        int n = 50;
        int r = 2;
        ProblemSpec spec = ProblemSpec.paperDefault(n, r);
        Problem p = ProblemGenerator.generate(spec, seed);
        List<Run> runs = List.of(
            new Run("min ‖X‖_* (certified)", SolveSettings.of("nucmin", null, 1.0, Double.NaN, seed).withTol(1e-8)),
            new Run("GD ‖U0‖=1e-4, η=0.01", SolveSettings.of("gd", n, 1e-4, 0.01, seed).withTol(1e-4)),
            new Run("GD ‖U0‖=1e-4, η_ELS≤0.2", SolveSettings.of("gd", n, 1e-4, 0.2, seed).withLineSearch(true).withTol(1e-4)),
            new Run("GD ‖U0‖=1, η=0.01", SolveSettings.of("gd", n, 1.0, 0.01, seed).withTol(1e-4)),
            new Run("X_gd (projected GD on X)", SolveSettings.of("xgd", null, 1.0, Double.NaN, seed)));
        System.out.printf("demo: n=%d, rank-%d X* (‖X*‖_F=1), m=3nr=%d Gaussian measurements, d=n, seed %d%n",
            n, r, spec.m(), seed);
        System.out.printf("%-26s %-10s %8s %11s %11s %11s %8s %8s%n", "method", "stop", "iters", "train_err", "rel_error",
            "nuc_norm", "eff_rank", "seconds");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> files = new LinkedHashMap<>();
        for (Run run : runs) {
            SolveReport rep;
            try (Progress bar = new Progress(run.label(), 200_000, quiet)) {
                rep = Methods.get(run.settings().method()).solve(p, run.settings(), bar.listener(run.settings().method().equals("nucmin") ? 1 : 64));
            }
            Map<String, Object> json = ResultJson.of(rep, p.description(), run.settings().describe());
            json.put("label", run.label());
            rows.add(json);
            System.out.printf("%-26s %-10s %8d %11.3e %11.3e %11.6f %8.3f %8.2f%n", run.label(), rep.result().stopReason(),
                rep.result().iterations(), rep.result().trainError(), rep.metrics().relativeError(), rep.metrics().nuclearNorm(),
                rep.metrics().effectiveRank(), rep.result().seconds());
        }
        double truthNuclear = org.implreg.metrics.SolutionMetrics.of(p.xStar(), n, null).nuclearNorm();
        System.out.printf("%-26s %-10s %8s %11s %11s %11.6f%n", "X* (planted)", "", "", "", "", truthNuclear);
        ProblemFiles.write(p, dir.resolve("problem.npz"), true);
        files.put("problem", "problem.npz");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reproduction", "demo");
        summary.put("description", "Fig. 1(a) in miniature: GD on U (d = n) with small init reconstructs X*; X_gd does not");
        summary.put("problem", p.description());
        summary.put("planted_nuclear_norm", truthNuclear);
        summary.put("runs", rows);
        summary.put("files", files);
        summary.put("provenance", Provenance.of(Map.of("seed", seed)));
        Json.write(summary, dir.resolve("summary.json"));
        System.out.println("wrote " + dir.resolve("summary.json"));
    }
}

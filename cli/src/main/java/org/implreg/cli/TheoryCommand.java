package org.implreg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.implreg.InvalidInputException;
import org.implreg.io.Json;
import org.implreg.theory.Chou2021;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implreg theory chou2021 …}: the papers' closed forms for a given setting. */
@Command(name = "theory", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Closed forms from the papers for a setting.",
        "chou2021: step-size bounds of Chou et al. (Theorem 2.1 per eigenvalue, (8) of Theorem 2.2, (10) of Theorem 3.1 with c the",
        "largest real root of 1 = (c − 1)c^(N−1), and β/(c − 1) < α), which of them η satisfies, and the scalar recursions:",
        "(7) d ← d − η d^(N−1)(d^N − λ) from α (identical init) and the perturbed pair (a, b) from (α − β, α), with their step",
        "counts to ε (|d − λ₊^(1/N)| ≤ ε, resp. |a b^(N−1) − λ| ≤ ε)."})
final class TheoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PAPER", description = "chou2021")
    String paper;

    @Option(names = "--depth", required = true, description = "depth N ≥ 1")
    int depth;

    @Option(names = "--alpha", required = true, description = "initialization scale α > 0")
    double alpha;

    @Option(names = "--beta", description = "perturbation 0 < β < α (perturbed initialization)")
    Double beta;

    @Option(names = "--eta", required = true, description = "step η > 0")
    double eta;

    @Option(names = "--eigenvalues", split = ",", description = "eigenvalues of Ŵ, comma separated, e.g. 10,7,5,-5")
    double[] eigenvalues;

    @Option(names = "--matrix", description = "Ŵ as a symmetric n×n .npy (instead of --eigenvalues)")
    Path matrix;

    @Option(names = "--eps", defaultValue = "1e-6", description = "accuracy ε of the step counts (default: ${DEFAULT-VALUE})")
    double eps;

    @Option(names = "--max-steps", defaultValue = "100000000", description = "cap on the recursion steps (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Option(names = "--json", description = "also write the report as JSON")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InvalidInputException.require(paper.equals("chou2021"), "unknown paper '" + paper + "' (available: chou2021)");
        InvalidInputException.require((eigenvalues == null) != (matrix == null), "give exactly one of --eigenvalues and --matrix");
        InvalidInputException.require(maxSteps >= 1, "--max-steps must be ≥ 1, got " + maxSteps);
        double[] lambda = matrix != null ? Chou2021.eigenvalues(matrix) : eigenvalues;
        Map<String, Object> r = Chou2021.report(depth, alpha, beta == null ? Double.NaN : beta, eta, lambda, eps, maxSteps);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Chou et al. 2021: N = %d, α = %s, β = %s, η = %s, ‖Ŵ‖₂ = %s, M = max(α, ‖Ŵ‖₂^(1/N)) = %.6g%n", depth,
            g(alpha), beta == null ? "-" : g(beta), g(eta), g((Double) r.get("spectral_norm")), (Double) r.get("M"));
        out.printf(Locale.ROOT, "  (8)  Theorem 2.2 (identical init → VΛ₊Vᵀ):  η < 1/((3N − 2) M^(2N−2)) = %.6e   %s%n",
            (Double) r.get("bound_8"), yes(r.get("satisfies_8")));
        if (depth >= 2) {
            out.printf(Locale.ROOT, "  (10) Theorem 3.1 (perturbed init → Ŵ):     η < 1/(9N (cM)^(2N−2)) = %.6e   %s   (c = %.12f)%n",
                (Double) r.get("bound_10"), yes(r.get("satisfies_10")), (Double) r.get("c"));
            if (beta != null) {
                out.printf(Locale.ROOT, "       β/(c − 1) = %.6g < α = %s   %s%n", (Double) r.get("beta_over_c_minus_1"), g(alpha),
                    yes(r.get("satisfies_beta_condition")));
            }
        }
        out.printf("  per eigenvalue (Theorem 2.1's bound; recursion steps to ε = %s):%n", g(eps));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) r.get("per_eigenvalue");
        for (Map<String, Object> e : per) {
            out.printf(Locale.ROOT, "    λ = %-10s bound 2.1 %.6e %-4s  identical → %-10s %s", g((Double) e.get("lambda")),
                (Double) e.get("theorem_2_1_bound"), yes(e.get("satisfies_2_1")), g((Double) e.get("identical_limit")),
                steps(e.get("identical_steps")));
            if (e.containsKey("perturbed_steps")) {
                out.printf(Locale.ROOT, "   perturbed → %-10s %s", g((Double) e.get("lambda")), steps(e.get("perturbed_steps")));
            }
            out.println();
        }
        out.flush();
        if (json != null) {
            Json.write(r, json);
        }
        return 0;
    }

    private static String yes(Object b) {
        return Boolean.TRUE.equals(b) ? "yes" : "no";
    }

    private static String steps(Object s) {
        return s == null ? "(not within --max-steps)" : "in " + s + " steps";
    }

    private static String g(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }
}

package org.implreg.reproduce.atlas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.atlas.Atlas;
import org.implreg.atlas.AtlasFigures;
import org.implreg.atlas.AtlasGrid;
import org.implreg.atlas.AtlasRecord;
import org.implreg.atlas.AtlasRecord.Outcome;
import org.implreg.atlas.AtlasRecord.SolverOutcome;
import org.implreg.atlas.AtlasSpec;
import org.implreg.atlas.AtlasSpecs;
import org.implreg.atlas.AtlasSummary;
import org.implreg.io.Json;
import org.implreg.io.Provenance;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Summary;

/**
 * {@code implreg reproduce atlas}: the phase diagram of implicit bias (issue 30) — every solver's probability of
 * recovering a planted low-rank PSD X* over rank × m, its 50% transitions against the statistical dimension δ and the
 * degrees of freedom, and the certified counterexamples. The phase diagram is run by an {@link AtlasRunner}; this class
 * aggregates ({@link AtlasSummary}, written as {@code atlas.json}), draws ({@link AtlasFigures}), judges
 * ({@link AtlasVerdicts}) and writes the page.
 */
public final class AtlasReproduction implements Reproduction {
    /** The name on the command line. */
    public static final String NAME = "atlas";

    /**
     * The runner of the quick and full presets ({@code AtlasSpecs.preset("quick" | "full")}): {@link Atlas#run} into the
     * reproduction's folder on the context's engine (resumable: a rerun runs only the instances atlas.jsonl lacks).
     */
    static final AtlasRunner RUNNER = ctx -> run(AtlasSpecs.preset(ctx.full() ? "full" : "quick"), ctx);

    /**
     * The CI size: the real runner on a tiny spec (Gaussian, n = 4, ranks 1 and 2, m = 4, 6, 8, 10, 2 trials; nucmin, the
     * flow at α = 1e-4 and 1e-8, gd, glrl), seconds on 2 cores; its numbers mean little.
     */
    static final AtlasRunner CI_RUNNER = ctx -> run(AtlasSpecs.parse(ciSpec(), "atlas (CI size)"), ctx);

    static JsonNode ciSpec() {
        try {
            return Json.MAPPER.readTree("{\"family\": \"gaussian\", \"n\": 4, \"ranks\": [1, 2], \"m\": [4, 6, 8, 10], \"trials\": 2, "
                + "\"seed\": 1, \"solvers\": [{\"method\": \"nucmin\"}, {\"method\": \"flow\", \"alphas\": [1e-4, 1e-8], \"max_iter\": 5000, "
                + "\"options\": {\"rtol\": 1e-6}}, {\"method\": \"gd\", \"step\": 0.03, \"max_iter\": 2000}, {\"method\": \"glrl\", "
                + "\"max_iter\": 5000}], \"success\": {\"tol\": 1e-3}}");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link Atlas#run} of {@code spec} into the context's folder on its engine, progress lines to its monitor. */
    static AtlasRunner.Run run(AtlasSpec spec, Context ctx) {
        List<AtlasRecord> records = Atlas.run(spec, ctx.dir(), ctx.engine(), ctx.threads(), line -> ctx.monitor().finish(line));
        return new AtlasRunner.Run(spec.grid(), records, Atlas.stored(ctx.dir()));
    }

    private final AtlasRunner runner;
    private final AtlasRunner ciRunner;
    private final AtlasSummary.Theory theory;

    /** The registered reproduction: {@link #RUNNER}, at CI size {@link #CI_RUNNER}, δ from {@link AtlasSummary.Theory#DEFAULT}. */
    public AtlasReproduction() {
        this(RUNNER, CI_RUNNER, AtlasSummary.Theory.DEFAULT);
    }

    /**
     * A reproduction on other runners (tests).
     *
     * @param runner   the quick and full runs
     * @param ciRunner the CI-size run ({@link #ciSized()})
     * @param theory   δ of a family
     */
    public AtlasReproduction(AtlasRunner runner, AtlasRunner ciRunner, AtlasSummary.Theory theory) {
        this.runner = runner;
        this.ciRunner = ciRunner;
        this.theory = theory;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "phase diagrams of implicit bias: recovery over rank × m against the statistical dimension (issue 30)";
    }

    /** Its instances go to the context's engine ({@code SweepEngine.runTasks}), wherever they run. */
    @Override
    public boolean runsSweeps() {
        return true;
    }

    @Override
    public Reproduction ciSized() {
        return new AtlasReproduction(ciRunner, ciRunner, theory);
    }

    /**
     * summary.json's {@code settings}.
     *
     * @param family     the measurement family
     * @param n          X* is n×n
     * @param ambient    D (key {@code D})
     * @param ranks      the ranks
     * @param ms         the numbers of measurements
     * @param trials     instances per cell
     * @param successTol the relative error of a recovery
     * @param solvers    the solvers' labels
     * @param toleranceSqrtD the verdicts' tolerance in units of √D
     */
    public record Settings(String family, int n, @JsonProperty("D") int ambient, List<Integer> ranks, List<Integer> ms, int trials,
                           double successTol, List<String> solvers, double toleranceSqrtD) {}

    /**
     * One solver's totals over the diagram.
     *
     * @param solver          its label
     * @param recovered       runs that recovered X*
     * @param failed          runs that converged elsewhere
     * @param notConverged    runs that did not converge within their budget
     * @param counterexamples certified counterexamples (it recovers X* where the certified minimum does not)
     */
    public record SolverTotals(String solver, int recovered, int failed, int notConverged, int counterexamples) {}

    /** summary.json's {@code files}. */
    public record Files(String index, String atlas, List<String> figures) {}

    /**
     * The atlas's summary.json, key by key.
     *
     * @param instances       instances in the diagram
     * @param ranks           per rank: δ, dof, every solver's transition (as atlas.json's {@code ranks})
     * @param solvers         per solver, its totals
     * @param counterexamples the first {@link #LISTED} certified counterexamples (all of them in atlas.json)
     */
    public record AtlasReproductionSummary(String reproduction, String paper, String mode, Settings settings, int instances,
                                           List<AtlasSummary.Rank> ranks, List<SolverTotals> solvers,
                                           List<AtlasSummary.Counterexample> counterexamples, List<Finding> verdicts, Files files)
        implements Summary {}

    /** Counterexamples listed in summary.json. */
    static final int LISTED = 20;

    @Override
    public AtlasReproductionSummary run(Context ctx) {
        long start = System.nanoTime();
        String mode = ctx.full() ? "full" : "quick";
        Provenance.Info session = Page.session(ctx, Map.of("reproduction", NAME, "mode", mode));
        AtlasRunner.Run run = runner.run(ctx);
        Atlas.Report report = Atlas.report(run.grid(), ctx.dir(), run.records(), theory);
        AtlasSummary atlas = report.summary();
        Map<String, String> figures = report.figures();
        List<Finding> verdicts = AtlasVerdicts.all(atlas);
        AtlasGrid g = run.grid();
        List<String> figureFiles = new ArrayList<>();
        figures.keySet().forEach(f -> figureFiles.add("figures/" + f + ".png"));
        AtlasReproductionSummary summary = new AtlasReproductionSummary(NAME, "Amelunxen, Lotz, McCoy & Tropp 2014; Gunasekar et al. 2017",
            mode, new Settings(g.family(), g.n(), g.ambientDimension(), g.ranks(), g.ms(), g.trials(), g.successTol(), g.solvers(),
                AtlasVerdicts.TOLERANCE_SQRT_D),
            atlas.records().size(), atlas.ranks(), totals(atlas), atlas.counterexamples().subList(0, Math.min(LISTED, atlas.counterexamples().size())),
            verdicts, new Files("index.html", "atlas.json", figureFiles));
        return Page.write(ctx, summary, session, run.stored(), start, "Reproduction: phase diagrams of implicit bias (atlas)",
            AtlasPage.sections(atlas, g, verdicts, figures), null);
    }

    /** Every solver's totals. */
    static List<SolverTotals> totals(AtlasSummary s) {
        List<SolverTotals> out = new ArrayList<>();
        for (String solver : s.solvers()) {
            int[] n = new int[Outcome.values().length];
            for (var r : s.records()) {
                SolverOutcome o = AtlasSummary.outcome(r, solver);
                if (o != null) {
                    n[o.outcome().ordinal()]++;
                }
            }
            out.add(new SolverTotals(solver, n[Outcome.RECOVERED.ordinal()], n[Outcome.FAILED.ordinal()], n[Outcome.NOT_CONVERGED.ordinal()],
                s.counterexamplesOf(solver).size()));
        }
        return out;
    }
}

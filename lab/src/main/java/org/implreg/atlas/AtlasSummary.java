package org.implreg.atlas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.atlas.AtlasRecord.Outcome;
import org.implreg.atlas.AtlasRecord.SolverOutcome;
import org.implreg.atlas.AtlasStatistics.Position;
import org.implreg.atlas.AtlasStatistics.Proportion;
import org.implreg.problem.ProblemSpec;
import org.implreg.theory.StatisticalDimension;

/**
 * A phase diagram's results, {@code atlas.json} (written by {@code report.RecordJson}: these components' snake_case
 * names, in this order): the grid, per rank the theory's curves and every solver's 50% transition, per cell (rank, m)
 * every solver's outcome counts and success probability, the certified counterexamples, and the records themselves.
 * Computed from the records alone ({@link #of}), so the same records give the same file on any engine.
 *
 * <p>A cell's success probability is recovered / (recovered + failed): a run that did not converge within its budget
 * is neither a success nor a failure and is left out of the denominator (its count is kept).
 *
 * @param n               X* is n×n
 * @param ambient         D = n(n + 1)/2 (key {@code D})
 * @param family          the measurement family
 * @param trials          instances per cell
 * @param successTol      a run recovers X* when its relative Frobenius error is at most this
 * @param solvers         the solvers' labels ({@code nucmin} first)
 * @param ranks           per rank: δ, the degrees of freedom, every solver's transition
 * @param cells           per (rank, m), in rank then m order
 * @param counterexamples the certified counterexamples ({@link Counterexample})
 * @param records         the instances
 */
public record AtlasSummary(int n, @JsonProperty("D") int ambient, String family, int trials, double successTol, List<String> solvers,
                           List<Rank> ranks, List<Cell> cells, List<Counterexample> counterexamples, List<AtlasRecord> records) {

    /** The certified minimum's solver label. */
    public static final String NUCMIN = "nucmin";

    /**
     * One rank's row: the theory and the transitions.
     *
     * @param rank                      r
     * @param statisticalDimension      δ(n, r) where the family has one ({@link Theory}); null otherwise
     * @param statisticalDimensionError δ's standard error (null with δ)
     * @param degreesOfFreedom          nr − r(r − 1)/2
     * @param transitions               per solver, in the grid's order
     */
    public record Rank(int rank, double statisticalDimension, double statisticalDimensionError, double degreesOfFreedom,
                       List<Transition> transitions) {
        /** The transition of {@code solver} (null: none). */
        public Transition of(String solver) {
            return transitions.stream().filter(t -> t.solver().equals(solver)).findFirst().orElse(null);
        }
    }

    /**
     * A solver's 50% transition at one rank ({@link AtlasStatistics#transition}: linear interpolation of the success
     * probability between the two m that bracket ½; the interval from the crossings of the 95% Wilson bounds).
     *
     * @param solver   the solver's label
     * @param m        the transition's m (null unless {@code position} is crosses)
     * @param mLow     its interval's lower end (null where the upper bounds are ≥ ½ already at the smallest m)
     * @param mHigh    its interval's upper end (null where the lower bounds stay below ½)
     * @param mOverD   m/D
     * @param position crosses, below_grid, above_grid or no_data
     */
    public record Transition(String solver, double m, double mLow, double mHigh, double mOverD, Position position) {}

    /**
     * One cell of the diagram.
     *
     * @param rank    r
     * @param m       the number of measurements
     * @param mOverD  m/D
     * @param solvers per solver, in the grid's order
     */
    public record Cell(int rank, int m, double mOverD, List<CellSolver> solvers) {
        /** The entry of {@code solver} (null: none). */
        public CellSolver of(String solver) {
            return solvers.stream().filter(t -> t.solver().equals(solver)).findFirst().orElse(null);
        }
    }

    /**
     * One solver in one cell.
     *
     * @param solver       the solver's label
     * @param recovered    runs that recovered X*
     * @param failed       runs that converged elsewhere
     * @param notConverged runs that did not converge within their budget (not in the probability's denominator)
     * @param success      recovered / (recovered + failed) (null when both are 0)
     * @param successLow   its 95% Wilson interval's lower end
     * @param successHigh  its upper end
     */
    public record CellSolver(String solver, int recovered, int failed, int notConverged, double success, double successLow,
                             double successHigh) {}

    /**
     * An instance on which a solver recovers X* while the certified minimum nuclear norm solution does not (it is
     * certified, and it failed): the solver's solution is not the minimum nuclear norm solution, so the instance is a
     * counterexample to "the solver finds the minimum nuclear norm solution".
     *
     * @param rank              r
     * @param m                 m
     * @param trial             the trial
     * @param seed              the instance's seed
     * @param solver            the solver that recovered X*
     * @param relError          its relative error to X*
     * @param nucminRelError    the certified minimum's relative error to X*
     * @param nuclearNorm       the solver's ‖X‖_*
     * @param minNuclearNorm    the certified min ‖X‖_*
     * @param gapToMin          the solver's (‖X‖_* − min)/min
     * @param problemCommand    the command that regenerates the instance ({@link #problemCommand})
     * @param conjectureCommand the command that reruns {@code implreg conjecture} on it
     */
    public record Counterexample(int rank, int m, int trial, long seed, String solver, double relError, double nucminRelError,
                                 double nuclearNorm, double minNuclearNorm, double gapToMin, String problemCommand,
                                 String conjectureCommand) {}

    /** The statistical dimension of a family, where it has one. */
    @FunctionalInterface
    public interface Theory {
        /** δ(n, r) for {@code family}'s measurements, or null where the family has none (e.g. completion). */
        StatisticalDimension.Estimate of(String family, int n, int r);

        /**
         * {@link StatisticalDimension#of} for Gaussian sensing (isotropic on the symmetric matrices, the setting of
         * Amelunxen et al.), none for the other families (completion is not isotropic: only the degrees of freedom are
         * drawn).
         */
        Theory DEFAULT = (family, n, r) -> {
            if (!ProblemSpec.Measurement.GAUSSIAN.key().equals(family)) {
                return null;
            }
            return StatisticalDimension.of(n, r);
        };
    }

    /** The summary of {@code records} on {@code grid}, with δ from {@link Theory#DEFAULT}. */
    public static AtlasSummary of(AtlasGrid grid, List<AtlasRecord> records) {
        return of(grid, records, Theory.DEFAULT);
    }

    /**
     * The summary of {@code records} on {@code grid}: counts per cell and solver (a solver a record lacks is not
     * counted there), success probabilities with their 95% Wilson intervals ({@link AtlasStatistics#wilson}),
     * transitions per rank and solver ({@link AtlasStatistics#transition}), δ from {@code theory}, and the certified
     * counterexamples in rank, m, trial, solver order. Records are listed in rank, m, trial order.
     */
    public static AtlasSummary of(AtlasGrid grid, List<AtlasRecord> records, Theory theory) {
        int d = grid.ambientDimension();
        List<Integer> ms = grid.ms().stream().sorted().toList();
        Map<Long, List<AtlasRecord>> byCell = new HashMap<>();
        for (AtlasRecord r : records) {
            byCell.computeIfAbsent(cellKey(r.rank(), r.m()), k -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        List<Rank> ranks = new ArrayList<>();
        double[] mArr = ms.stream().mapToDouble(Integer::doubleValue).toArray();
        for (int rank : grid.ranks()) {
            Map<String, Proportion[]> curves = new HashMap<>();
            for (String s : grid.solvers()) {
                curves.put(s, new Proportion[ms.size()]);
            }
            for (int j = 0; j < ms.size(); j++) {
                int m = ms.get(j);
                List<CellSolver> entries = new ArrayList<>();
                for (String s : grid.solvers()) {
                    int[] count = new int[3];
                    for (AtlasRecord r : byCell.getOrDefault(cellKey(rank, m), List.of())) {
                        SolverOutcome o = outcome(r, s);
                        if (o != null) {
                            count[o.outcome().ordinal()]++;
                        }
                    }
                    int rec = count[Outcome.RECOVERED.ordinal()];
                    int fail = count[Outcome.FAILED.ordinal()];
                    Proportion p = AtlasStatistics.wilson(rec, rec + fail);
                    curves.get(s)[j] = p;
                    entries.add(new CellSolver(s, rec, fail, count[Outcome.NOT_CONVERGED.ordinal()], p.estimate(), p.low(), p.high()));
                }
                cells.add(new Cell(rank, m, (double) m / d, entries));
            }
            List<Transition> ts = new ArrayList<>();
            for (String s : grid.solvers()) {
                AtlasStatistics.Transition t = AtlasStatistics.transition(mArr, curves.get(s));
                ts.add(new Transition(s, t.m(), t.low(), t.high(), t.m() / d, t.position()));
            }
            StatisticalDimension.Estimate delta = theory.of(grid.family(), grid.n(), rank);
            ranks.add(new Rank(rank, delta == null ? Double.NaN : delta.value(), delta == null ? Double.NaN : delta.standardError(),
                StatisticalDimension.degreesOfFreedom(grid.n(), rank), ts));
        }
        List<AtlasRecord> sorted = records.stream().sorted(java.util.Comparator.comparingInt(AtlasRecord::rank)
            .thenComparingInt(AtlasRecord::m).thenComparingInt(AtlasRecord::trial)).toList();
        List<Counterexample> cx = new ArrayList<>();
        for (AtlasRecord r : sorted) {
            cx.addAll(counterexamples(grid, r));
        }
        return new AtlasSummary(grid.n(), d, grid.family(), grid.trials(), grid.successTol(), grid.solvers(), ranks, cells, cx, sorted);
    }

    /** The counterexamples of one instance: each solver that recovered X* where the certified minimum failed. */
    static List<Counterexample> counterexamples(AtlasGrid grid, AtlasRecord r) {
        SolverOutcome min = outcome(r, NUCMIN);
        if (!r.certified() || min == null || min.outcome() != Outcome.FAILED) {
            return List.of();
        }
        List<Counterexample> out = new ArrayList<>();
        for (SolverOutcome o : r.solvers()) {
            if (!o.solver().equals(NUCMIN) && o.outcome() == Outcome.RECOVERED) {
                out.add(new Counterexample(r.rank(), r.m(), r.trial(), r.seed(), o.solver(), o.relError(), min.relError(), o.nuclearNorm(),
                    r.minNuclearNorm(), o.gapToMin(), problemCommand(grid, r), conjectureCommand(r)));
            }
        }
        return out;
    }

    /** The outcome of {@code solver} in {@code r} (null: it did not run there). */
    public static SolverOutcome outcome(AtlasRecord r, String solver) {
        for (SolverOutcome o : r.solvers()) {
            if (o.solver().equals(solver)) {
                return o;
            }
        }
        return null;
    }

    /** The file name stem of an instance's regenerated problem: {@code atlas-r<rank>-m<m>-t<trial>}. */
    public static String instanceName(AtlasRecord r) {
        return String.format(Locale.ROOT, "atlas-r%d-m%d-t%d", r.rank(), r.m(), r.trial());
    }

    /**
     * The command that regenerates an instance: {@code implreg problem --n N --rank r --m m --planted low-rank
     * --measurement FAMILY --seed SEED --out atlas-r…-m…-t….npz}. It holds because the runner generates each instance
     * as {@code ProblemGenerator.generate(new ProblemSpec(n, r, m, low-rank, family, 0, default), seed)}, which is what
     * {@code implreg problem} does with these options.
     */
    public static String problemCommand(AtlasGrid grid, AtlasRecord r) {
        return String.format(Locale.ROOT, "implreg problem --n %d --rank %d --m %d --planted low-rank --measurement %s --seed %d --out %s.npz",
            grid.n(), r.rank(), r.m(), grid.family(), r.seed(), instanceName(r));
    }

    /** The command that reruns {@code implreg conjecture} on the instance {@link #problemCommand} wrote. */
    public static String conjectureCommand(AtlasRecord r) {
        String name = instanceName(r);
        return "implreg conjecture --problem " + name + ".npz --out " + name.replace("atlas-", "conjecture-");
    }

    /** The one line that regenerates an instance and reruns {@code implreg conjecture} on it. */
    public static String rerunCommand(AtlasGrid grid, AtlasRecord r) {
        return problemCommand(grid, r) + " && " + conjectureCommand(r);
    }

    /** The cell (rank, m), null where the grid has none. */
    public Cell cell(int rank, int m) {
        return cells.stream().filter(c -> c.rank() == rank && c.m() == m).findFirst().orElse(null);
    }

    /** The row of {@code rank}, null where the grid has none. */
    public Rank rank(int rank) {
        return ranks.stream().filter(r -> r.rank() == rank).findFirst().orElse(null);
    }

    /** The certified counterexamples of {@code solver}. */
    public List<Counterexample> counterexamplesOf(String solver) {
        return counterexamples.stream().filter(c -> c.solver().equals(solver)).toList();
    }

    private static long cellKey(int rank, int m) {
        return ((long) rank << 32) | (m & 0xffffffffL);
    }
}

package org.implreg.atlas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.method.Methods;
import org.implreg.method.ProblemKind;
import org.implreg.method.SolveSettings;

/**
 * A phase diagram to draw ({@code implreg atlas SPEC}), validated: read by {@link AtlasSpecs#read} (or a preset,
 * {@link AtlasSpecs#preset}), which refuses every bad value with one line before anything runs. Every instance is a
 * planted rank-r PSD X* (‖X*‖_F = 1, the {@code low-rank} planted family) measured by the registered measurement
 * family {@code family} with m measurements, r over {@code ranks}, m over {@code ms}, {@code trials} instances per
 * (r, m) cell, each regenerated from its own seed ({@link #instanceSeed}).
 *
 * @param family     a registered measurement family ({@code ProblemSpec.Measurement}), e.g. gaussian, uniform
 * @param n          X* is n×n
 * @param ranks      the ranks r, each in 1..n−1, increasing
 * @param ms         the numbers of measurements, each in 1..D (D = n(n+1)/2), increasing and distinct
 * @param trials     instances per (r, m) cell, ≥ 1
 * @param seed       the atlas's seed: every instance's seed is drawn from it ({@link #instanceSeed})
 * @param solvers    the solvers, one row of the diagram each, the certified minimum ({@code nucmin}) first
 * @param successTol an instance counts as recovered by a solver when ‖X − X*‖_F/‖X*‖_F ≤ this
 * @param maxIter    the default iteration budget of every solver but nucmin that reads max_iter and sets none (null:
 *                   each method's own default); a run that spends its budget without fitting the data counts as not
 *                   converged, neither a success nor a failure
 */
public record AtlasSpec(String family, int n, List<Integer> ranks, List<Integer> ms, int trials, long seed, List<Solver> solvers,
                        double successTol, Long maxIter) implements Serializable {

    /** The label (and method) of the certified minimum nuclear norm, always the first row. */
    public static final String REFERENCE = "nucmin";
    /** Default success tolerance on ‖X − X*‖_F/‖X*‖_F. */
    public static final double DEFAULT_SUCCESS_TOL = 1e-3;
    /** Default atlas seed. */
    public static final long DEFAULT_SEED = 1;

    public AtlasSpec {
        ranks = List.copyOf(ranks);
        ms = List.copyOf(ms);
        solvers = List.copyOf(solvers);
    }

    /**
     * One row of the diagram: a registered method and its settings, each a plain value (the record is
     * {@link Serializable}, so that an instance can travel to wherever an engine runs it).
     *
     * @param label     the row's label, unique in the spec (e.g. "flow α=1e-8")
     * @param method    a method registered in {@link Methods} that solves symmetric problems
     * @param d         factor width (null: the method's, n)
     * @param initScale ‖U₀‖_F of the Gaussian initialization, absolute (null: the method's default)
     * @param step      step η (null: the method's)
     * @param maxIter   iteration cap (null: the atlas's budget, else the method's)
     * @param tol       training-error tolerance ‖𝒜(X) − y‖/‖y‖ (null: the method's)
     * @param options   the method's own options by name, as text
     * @param alphaOf   for a row expanded from an entry's {@code alphas} list: which such entry (0 for the first entry
     *                  with an α list, 1 for the second, …; its rows share it); null otherwise. The first flow entry with an α list, with GLRL, gives
     *                  the instance's conjecture answer ({@link AtlasTask})
     */
    public record Solver(String label, String method, Integer d, Double initScale, Double step, Long maxIter, Double tol,
                         Map<String, String> options, Integer alphaOf) implements Serializable {
        public Solver {
            options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        }

        /** The settings this row solves with, from initialization seed {@code seed}, under the atlas's budget {@code budget}. */
        public SolveSettings settings(long seed, Long budget) {
            SolveSettings.Builder b = SolveSettings.builder(method).d(d).step(step == null ? Double.NaN : step).tol(tol).seed(seed)
                .options(options).maxIterations(maxIter != null ? maxIter : readsMaxIter() ? budget : null);
            b.initScale(initScale != null ? initScale : Methods.get(method).capabilities(ProblemKind.SYMMETRIC).initScale());
            return b.build();
        }

        /** Whether the atlas's budget applies to it: it reads max_iter and is not the reference. */
        boolean readsMaxIter() {
            return !method.equals(REFERENCE) && Methods.get(method).capabilities(ProblemKind.SYMMETRIC).reads()
                .contains(org.implreg.method.Capabilities.MAX_ITER);
        }
    }

    /** D = n(n + 1)/2, the dimension of the symmetric n×n matrices. */
    public int ambientDimension() {
        return n * (n + 1) / 2;
    }

    /** The number of instances, ranks × ms × trials. */
    public long instances() {
        return (long) ranks.size() * ms.size() * trials;
    }

    /** The solvers' labels, in order (nucmin first). */
    public List<String> labels() {
        return solvers.stream().map(Solver::label).toList();
    }

    /** The grid's shape, for the aggregation and figures. */
    public AtlasGrid grid() {
        return new AtlasGrid(family, n, ranks, ms, trials, labels(), successTol);
    }

    /**
     * The seed instance (rank, m, trial) is generated from: the first long of the seeded stream
     * {@code Rng.stream(seed, "atlas rank=r m=m trial=t")}, so it depends on the cell and trial only (not on the
     * grid's other values: adding a rank or an m leaves every other instance as it was).
     */
    public long instanceSeed(int rank, int m, int trial) {
        return org.implreg.problem.Rng.stream(seed, "atlas rank=" + rank + " m=" + m + " trial=" + trial).nextLong();
    }

    /**
     * The hash of what decides an instance's record besides its cell and trial (family, n, seed, solvers, success
     * tolerance, budget; not the grid's ranks, ms and trials): the first 16 hex digits of SHA-256 of their JSON. Part of
     * every instance's key, so a rerun of the same spec finds its instances, a changed spec computes its own, and a
     * grown grid keeps the instances it had.
     */
    public String settingsHash() {
        record Settings(String family, int n, long seed, List<Solver> solvers, double successTol, Long maxIter) {}
        String canonical = org.implreg.report.RecordJson.toTree(new Settings(family, n, seed, solvers, successTol, maxIter)).toString();
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The instances in grid order: rank, then m, then trial. */
    public List<AtlasTask> tasks() {
        List<AtlasTask> out = new ArrayList<>();
        for (int r : ranks) {
            for (int m : ms) {
                for (int t = 0; t < trials; t++) {
                    out.add(new AtlasTask(this, r, m, t));
                }
            }
        }
        return out;
    }
}

package org.implreg.optimizer;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;

/**
 * A seeded stream of minibatches: each {@link #next()} draws b indices of the m measurements (observed
 * entries), independently of the earlier draws,
 * <ul>
 *   <li>without replacement: a uniformly random b-subset of {0, …, m−1} (a partial Fisher–Yates shuffle of a
 *       permutation kept between draws: b calls of {@code nextInt}), so every index is in the batch with
 *       probability b/m; with b = m the batch is all m indices;</li>
 *   <li>with replacement: b independent uniform indices (repeats possible), each index expected b/m times.</li>
 * </ul>
 * Either way Σ_{k} φ(i_k) · m/b is an unbiased estimate of Σ_i φ(i), the scaling the stochastic gradient uses.
 * The generator is the caller's ({@code Rng.stream(seed, "minibatch")} in the methods), so the same seed gives
 * the same batches, bit for bit. Not thread-safe; one sampler per run.
 *
 * <p>A {@link #restorable} sampler has no generator of its own: {@link #next(RandomGenerator)} draws each batch
 * from the generator it is given and restores the permutation afterwards, so a batch is a function of that
 * generator alone (a run that resumes from a checkpoint at step k re-derives batch k from
 * {@code Rng.stream(seed, "minibatch", k)}, with nothing of the sampler to save).
 */
public final class MinibatchSampler {
    private final int m;
    private final int batch;
    private final boolean replacement;
    private final RandomGenerator rng;
    private final int[] perm;
    private final int[] out;
    private final int[] swaps;

    /**
     * @param m           number of measurements (≥ 1)
     * @param batch       b, indices per draw, 1 ≤ b ≤ m
     * @param replacement draw with replacement
     * @param rng         the seeded generator (used only by this sampler afterwards); null: see {@link #restorable}
     */
    public MinibatchSampler(int m, int batch, boolean replacement, RandomGenerator rng) {
        InvalidInputException.require(m >= 1, "a minibatch needs at least one measurement, got m = " + m);
        InvalidInputException.require(batch >= 1 && batch <= m, "batch must be in 1..m = " + m + ", got " + batch);
        this.m = m;
        this.batch = batch;
        this.replacement = replacement;
        this.rng = rng;
        this.perm = replacement ? null : identity(m);
        this.out = new int[batch];
        this.swaps = rng == null && !replacement ? new int[batch] : null;
    }

    /** A sampler without a generator of its own, for {@link #next(RandomGenerator)} only (b indices of m, 1 ≤ b ≤ m). */
    public static MinibatchSampler restorable(int m, int batch, boolean replacement) {
        return new MinibatchSampler(m, batch, replacement, null);
    }

    /**
     * The next minibatch drawn from {@code g} (a restorable sampler's only draw): as {@link #next()}, but from the
     * identity permutation every time (without replacement: b calls {@code g.nextInt(m − k)}, k = 0 … b−1, a partial
     * Fisher–Yates shuffle that is undone in O(b) afterwards), so the batch depends on g alone. Same array contract as
     * {@link #next()}.
     */
    public int[] next(RandomGenerator g) {
        InvalidInputException.require(rng == null, "a sampler with its own generator draws with next()");
        if (replacement) {
            for (int k = 0; k < batch; k++) {
                out[k] = g.nextInt(m);
            }
            return out;
        }
        for (int k = 0; k < batch; k++) {
            int j = k + g.nextInt(m - k);
            swaps[k] = j;
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
            out[k] = perm[k];
        }
        for (int k = batch - 1; k >= 0; k--) {
            int j = swaps[k];
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
        }
        return out;
    }

    private static int[] identity(int m) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) {
            p[i] = i;
        }
        return p;
    }

    /** b, the batch size. */
    public int batch() {
        return batch;
    }

    /** m, the number of measurements drawn from. */
    public int m() {
        return m;
    }

    /** Whether indices are drawn with replacement. */
    public boolean replacement() {
        return replacement;
    }

    /**
     * The next minibatch: b indices in 0..m−1 (the sampler's own array, overwritten by the next call: read it
     * before drawing again).
     */
    public int[] next() {
        InvalidInputException.require(rng != null, "a restorable sampler draws with next(generator)");
        if (replacement) {
            for (int k = 0; k < batch; k++) {
                out[k] = rng.nextInt(m);
            }
            return out;
        }
        for (int k = 0; k < batch; k++) {
            int j = k + rng.nextInt(m - k);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
            out[k] = perm[k];
        }
        return out;
    }
}

package org.implreg.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.metrics.CompletionMetrics;
import org.implreg.optimizer.MinibatchSampler;
import org.implreg.optimizer.StochasticDescent;
import org.implreg.optimizer.StochasticDescent.Rule;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.StopReason;

/**
 * SGD, Adam and RMSprop on X = UVᵀ for rectangular completion: {@link CompletionGd}'s objective, initialization,
 * stopping rules, path and checkpoints, with {@link StochasticDescent}'s update rules.
 *
 * <p><b>Gradient.</b> f(U, V) = Σ_{(i,j)∈Ω} ((UVᵀ)_ij − M_ij)² as in {@link CompletionGd} (no ½, no 1/|Ω|). Step k
 * draws a minibatch S = (e_1, …, e_b) of observed entries (indices into the training set's own order) from
 * {@code Rng.stream(seed, "minibatch", k)} (a {@link MinibatchSampler#restorable} sampler, with or without
 * replacement), and G_U = (|Ω|/b)·2·Σ_{e=(i,j)∈S} r_e e_i V_jᵀ, G_V = (|Ω|/b)·2·Σ_e r_e e_j U_iᵀ with
 * r_e = ⟨U_i, V_j⟩ − M_ij: expectation ∇f, only b entries touched (b·d multiply-adds for r and as many for each
 * gradient). With the full gradient (batch 0, or b = |Ω| without replacement) G = ∇f from
 * {@link AsymmetricFactorizedObjective#gradient}, and SGD then is {@link CompletionGd#run} itself: bit for bit gd.
 *
 * <p><b>Update</b> (simultaneous on U and V, elementwise, t = k + 1): SGD U ← U − ηG_U (only the rows the batch
 * touched change); Adam M ← β₁M + (1−β₁)G, S ← β₂S + (1−β₂)G∘G, U ← U − η(M/(1−β₁ᵗ))/(√(S/(1−β₂ᵗ)) + ε) with
 * β₁ᵗ, β₂ᵗ as {@code Math.pow} of the step count (so a resumed run needs only k); RMSprop S ← ρS + (1−ρ)G∘G,
 * U ← U − ηG/(√S + ε); M, S start at 0 for U and for V, and decay on every entry every step (dense, as PyTorch).
 *
 * <p><b>Evaluation and stopping.</b> The full loss f is evaluated every E = eval_every steps (0: one epoch,
 * ⌈|Ω|/b⌉; 1 with the full gradient) and at the cap; only those iterates are shown to the listener, recorded on
 * the path (at the first evaluated step at or past each multiple of record_every) and checked by CompletionGd's
 * rules: relative training error ≤ tol, loss above {@link IterativeDriver#divergenceLimit}(factor, f(U₀, V₀), ‖M_Ω‖²),
 * relative change ≤ stationaryTol (‖Δ(U, V)‖_F/‖(U, V)‖_F, computed at evaluated steps only: of the last step with the
 * full gradient, of the window since the last evaluation with minibatches), the cap; a non-finite loss
 * stops at the next evaluation. The reported gradient norm is ‖(G_U, G_V)‖_F of the step.
 *
 * <p><b>Checkpoints</b> every checkpoint_every steps hold (U, V, k, path) and, for Adam and RMSprop, their running
 * means ({@link CompletionGd.State#extra}: {@code m_u, m_v, s_u, s_v}); batches derive from k, so a run killed and
 * resumed gives the bits of the uninterrupted run. Memory: U, V, their gradients, (Adam) 4 or (RMSprop) 2 more
 * arrays of their size, |Ω| residuals.
 */
public final class CompletionStochastic {
    private CompletionStochastic() {}

    /** The stream name of the minibatches ({@code Rng.stream(seed, MINIBATCH, k)}). */
    public static final String MINIBATCH = "minibatch";

    /**
     * Runs (resuming from {@code cp} if it holds a state of this run).
     *
     * @param train    observed entries Ω
     * @param test     held-out entries for the test error, or null
     * @param o        width, step η (used; {@code s.step()} is ignored), init scale, tol, cap, seed (of U₀, V₀ and the
     *                 batches), path and checkpoint intervals
     * @param s        the rule, β₁, β₂ (ρ), ε, batch (0: full; b ≤ |Ω|), replacement, eval_every, stationary tol
     *                 and divergence factor (its seed, cap and tol are not read)
     * @param cp       checkpoint store
     * @param progress sees the evaluated iterates (iteration counted from the very start)
     * @throws InvalidInputException for b &gt; |Ω| (naming |Ω|), before any work
     */
    public static CompletionGd.Result run(AsymmetricCompletion train, AsymmetricCompletion test, CompletionGd.Options o,
                                          StochasticDescent.Options s, CompletionGd.Checkpoints cp, IterationListener progress) {
        int m = train.size();
        requireBatch(s, m);
        if (s.rule() == Rule.SGD && s.fullGradient(m)) {
            return CompletionGd.run(train, test, o, cp, progress); // every entry once a step: gd's own kernel, its bits
        }
        return org.implreg.run.RunLifecycle.observe(progress, new org.implreg.run.RunLifecycle.Start(o.maxIterations()),
            () -> loop(train, test, o, s, cp, progress), r -> new ConvergenceChecker.Stop(r.stopReason(), r.criterion()));
    }

    /** Refuses b &gt; |Ω| with one line naming |Ω|. */
    public static void requireBatch(StochasticDescent.Options s, int size) {
        InvalidInputException.require(s.batch() <= size, "batch must be ≤ |Ω| = " + size + " (the observed training entries), got "
            + s.batch());
    }

    private static CompletionGd.Result loop(AsymmetricCompletion train, AsymmetricCompletion test, CompletionGd.Options o,
                                            StochasticDescent.Options s, CompletionGd.Checkpoints cp, IterationListener progress) {
        int n1 = train.n1();
        int n2 = train.n2();
        int d = o.d();
        int m = train.size();
        InvalidInputException.require(test == null || (test.n1() == n1 && test.n2() == n2),
            "test set is " + (test == null ? "" : test.n1() + "×" + test.n2()) + ", training set " + n1 + "×" + n2);
        boolean adam = s.rule() == Rule.ADAM;
        boolean adaptive = s.rule() != Rule.SGD;
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product((long) n1 + n2, d, 8, adam ? 8 : adaptive ? 6 : 4),
            "the factors U, V, their gradients and running means", train.where());
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(train, d);
        double[][] init = CompletionGd.initialFactors(n1, n2, o);
        double[] r = new double[m];
        double loss0 = f.residual(init[0], init[1], r);
        double[] u;
        double[] v;
        long k0;
        double before;
        List<CompletionGd.PathPoint> path;
        double[][] moments = {adam ? new double[n1 * d] : null, adam ? new double[n2 * d] : null,
            adaptive ? new double[n1 * d] : null, adaptive ? new double[n2 * d] : null};
        String[] momentNames = {"m_u", "m_v", "s_u", "s_v"};
        Optional<CompletionGd.State> saved = cp.load();
        if (saved.isPresent()) {
            CompletionGd.State st = saved.get();
            InvalidInputException.require(st.u().length == n1 * d && st.v().length == n2 * d, "checkpoint does not fit the problem");
            u = st.u();
            v = st.v();
            k0 = st.iteration();
            before = st.seconds();
            path = new ArrayList<>(st.path());
            for (int a = 0; a < 4; a++) {
                if (moments[a] != null) {
                    double[] x = st.extra().get(momentNames[a]);
                    InvalidInputException.require(x != null && x.length == moments[a].length,
                        "checkpoint lacks the running mean " + momentNames[a] + " of " + moments[a].length + " values");
                    moments[a] = x;
                }
            }
        } else {
            u = init[0];
            v = init[1];
            k0 = 0;
            before = 0;
            path = new ArrayList<>();
        }
        final long start = k0;
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        long cap = o.maxIterations();
        long every = s.evalEveryOf(m);
        boolean full = s.fullGradient(m);
        int b = s.batchOf(m);
        MinibatchSampler sampler = full ? null : MinibatchSampler.restorable(m, b, s.replacement());
        ConvergenceChecker standard = ConvergenceChecker.standard(o.tol(),
            IterativeDriver.divergenceLimit(s.divergenceFactor(), loss0, scale * scale), s.stationaryTol(), cap - start);
        ConvergenceChecker checker = new ConvergenceChecker() {
            @Override
            public Optional<Stop> check(IterationState st) {
                return evaluated(start + st.iteration(), every, cap) ? standard.check(st) : Optional.empty();
            }

            @Override
            public long maxIterations() {
                return standard.maxIterations();
            }
        };
        double[] liveV = v;
        IterationListener show = org.implreg.metrics.IterateView.bind(progress == null ? IterationListener.NONE : progress,
            st -> new org.implreg.metrics.IterateView.Snapshot(CompletionMetrics.singularValues(st.point(), liveV, n1, n2, d),
                Double.NaN, Math.sqrt(org.implreg.linalg.Linalg.normSq(st.point()) + org.implreg.linalg.Linalg.normSq(liveV))));
        long sessionStart = System.nanoTime();
        double eta = o.step();
        IterationListener recorder = st -> {
            long k = start + st.iteration();
            if (!evaluated(k, every, cap)) {
                return;
            }
            show.onIteration(new IterationState(k, st.loss(), st.trainError(), st.gradientNorm(), st.step(), st.relativeChange(),
                st.point(), st.time()));
            // a path point at every evaluated step that reaches or passes a multiple of record_every since the last point
            // (evaluated steps come every E; requiring k itself to be a multiple would keep only every lcm(E, record_every))
            long last = path.isEmpty() ? -1 : path.get(path.size() - 1).iteration();
            if (last < k && (last < 0 ? k % o.recordEvery() == 0 : k / o.recordEvery() > last / o.recordEvery())) {
                boolean norm = o.normEvery() > 0 && (last < 0 ? k % o.normEvery() == 0 : k / o.normEvery() > last / o.normEvery());
                path.add(new CompletionGd.PathPoint(k, st.loss(), st.trainError(),
                    test == null ? Double.NaN : CompletionMetrics.relativeError(test, st.point(), v, d),
                    norm ? CompletionMetrics.nuclearNorm(st.point(), v, n1, n2, d) : Double.NaN,
                    before + (System.nanoTime() - sessionStart) / 1e9));
            }
        };
        Kernel kernel = new Kernel(train, f, s, o, u, v, r, moments, sampler);
        // (U, V) at the last evaluation, the stationarity window of minibatch runs; a checkpoint carries it, so a resumed run
        // measures the same window as one never stopped
        double[] windowU = saved.map(st -> st.extra().get("window_u")).filter(x -> x.length == u.length).orElse(u).clone();
        double[] windowV = saved.map(st -> st.extra().get("window_v")).filter(x -> x.length == v.length).orElse(v).clone();
        double[] lastLoss = {f.residual(u, v, r)};
        IterativeDriver.Outcome out = IterativeDriver.start().run(
            IterativeDriver.Iterate.initial(lastLoss[0], u, adaptive ? Double.NaN : start * eta), loss -> Math.sqrt(loss) / scale,
            checker, recorder, (k, it) -> {
                long kg = start + k;
                if (kg > start && kg % o.checkpointEvery() == 0) {
                    Map<String, double[]> extra = new LinkedHashMap<>();
                    for (int a = 0; a < 4; a++) {
                        if (moments[a] != null) {
                            extra.put(momentNames[a], moments[a].clone());
                        }
                    }
                    if (sampler != null) {
                        extra.put("window_u", windowU.clone());
                        extra.put("window_v", windowV.clone());
                    }
                    cp.save(new CompletionGd.State(kg, u.clone(), v.clone(), List.copyOf(path),
                        before + (System.nanoTime() - sessionStart) / 1e9, extra));
                }
                boolean evaluate = evaluated(kg + 1, every, cap);
                double[] norms = kernel.step(kg, evaluate); // {‖G‖², ‖ΔU, ΔV‖², ‖(U, V)‖² before or NaN}
                double relChange = !evaluate ? Double.NaN : norms[2] > 0 ? Math.sqrt(norms[1] / norms[2]) : Double.POSITIVE_INFINITY;
                if (evaluate && sampler != null) {
                    // minibatches: the change over the window since the last evaluation (one batch's step may barely move)
                    double w = org.implreg.linalg.Linalg.normSq(windowU) + org.implreg.linalg.Linalg.normSq(windowV);
                    double du = org.implreg.linalg.Linalg.distance(u, windowU);
                    double dv = org.implreg.linalg.Linalg.distance(v, windowV);
                    relChange = w > 0 ? Math.sqrt((du * du + dv * dv) / w) : Double.POSITIVE_INFINITY;
                    System.arraycopy(u, 0, windowU, 0, u.length);
                    System.arraycopy(v, 0, windowV, 0, v.length);
                }
                double loss = evaluate ? f.residual(u, v, r) : lastLoss[0];
                lastLoss[0] = loss;
                return new IterativeDriver.Iterate(loss, Math.sqrt(norms[0]), eta, relChange, u, adaptive ? Double.NaN : (kg + 1) * eta);
            });
        long iterations = start + out.iterations();
        double testError = test == null ? Double.NaN : CompletionMetrics.relativeError(test, u, v, d);
        double nuc = CompletionMetrics.nuclearNorm(u, v, n1, n2, d);
        if (!path.isEmpty() && path.get(path.size() - 1).iteration() == iterations) {
            path.remove(path.size() - 1);
        }
        double total = before + (System.nanoTime() - sessionStart) / 1e9;
        IterationState last = out.last();
        path.add(new CompletionGd.PathPoint(iterations, last.loss(), last.trainError(), testError, nuc, total));
        String criterion = out.stopReason() == StopReason.MAX_ITER ? "iterations >= " + cap : out.criterion();
        return new CompletionGd.Result(u, v, out.stopReason(), criterion, iterations, total, last.trainError(), testError, nuc,
            List.copyOf(path), start);
    }

    /** Whether the full loss is evaluated at iterate k: k a multiple of E, or the cap. */
    static boolean evaluated(long k, long every, long cap) {
        return k % every == 0 || k == cap;
    }

    /** One step's gradient and update, in place on U, V and the running means. */
    private static final class Kernel {
        private final int[] rows;
        private final int[] cols;
        private final double[] vals;
        private final AsymmetricFactorizedObjective f;
        private final StochasticDescent.Options s;
        private final int d;
        private final long seed;
        private final double eta;
        private final double[] u;
        private final double[] v;
        private final double[] r;
        private final double[] gu;
        private final double[] gv;
        private final double[][] moments;
        private final MinibatchSampler sampler;
        private final boolean[] markU;
        private final boolean[] markV;
        private final int[] touchedU;
        private final int[] touchedV;
        private int nu;
        private int nv;

        Kernel(AsymmetricCompletion train, AsymmetricFactorizedObjective f, StochasticDescent.Options s, CompletionGd.Options o,
               double[] u, double[] v, double[] r, double[][] moments, MinibatchSampler sampler) {
            this.rows = train.rows();
            this.cols = train.cols();
            this.vals = train.values();
            this.f = f;
            this.s = s;
            this.d = o.d();
            this.seed = o.seed();
            this.eta = o.step();
            this.u = u;
            this.v = v;
            this.r = r;
            this.gu = new double[u.length];
            this.gv = new double[v.length];
            this.moments = moments;
            this.sampler = sampler;
            int n1 = u.length / d;
            int n2 = v.length / d;
            this.markU = new boolean[n1];
            this.markV = new boolean[n2];
            this.touchedU = new int[sampler == null ? n1 : Math.min(n1, sampler.batch())];
            this.touchedV = new int[sampler == null ? n2 : Math.min(n2, sampler.batch())];
        }

        /** Step k (0-based, from the very start); returns {‖G‖², ‖Δ‖², ‖(U, V)‖² before the step (NaN unless asked)}. */
        double[] step(long k, boolean wantNorm) {
            double xx = wantNorm ? org.implreg.linalg.Linalg.normSq(u) + org.implreg.linalg.Linalg.normSq(v) : Double.NaN;
            if (sampler == null) {
                f.gradient(u, v, r, gu, gv); // r: the residual of (U_k, V_k), evaluated after the previous step (E = 1)
            } else {
                minibatch(sampler.next(Rng.stream(seed, MINIBATCH, k)), sampler.m());
            }
            double[] gs = new double[2];
            if (s.rule() == Rule.SGD) {
                sgdRows(u, gu, touchedU, nu, markU, gs);
                sgdRows(v, gv, touchedV, nv, markV, gs);
            } else {
                long t = k + 1;
                adaptive(u, gu, moments[0], moments[2], t, gs);
                adaptive(v, gv, moments[1], moments[3], t, gs);
                if (sampler != null) {
                    clearRows(gu, touchedU, nu, markU);
                    clearRows(gv, touchedV, nv, markV);
                }
            }
            nu = 0;
            nv = 0;
            return new double[] {gs[0], gs[1], xx};
        }

        /** G_U, G_V of the batch into gu, gv (zero outside the touched rows), the touched rows listed. */
        private void minibatch(int[] batch, int m) {
            double c = 2.0 * m / batch.length;
            for (int e : batch) {
                int i = rows[e];
                int j = cols[e];
                int ui = i * d;
                int vj = j * d;
                double w = c * (AsymmetricFactorizedObjective.dot(u, ui, v, vj, d) - vals[e]);
                if (!markU[i]) {
                    markU[i] = true;
                    touchedU[nu++] = i;
                }
                if (!markV[j]) {
                    markV[j] = true;
                    touchedV[nv++] = j;
                }
                for (int t = 0; t < d; t++) {
                    gu[ui + t] += w * v[vj + t];
                    gv[vj + t] += w * u[ui + t];
                }
            }
        }

        /** x ← x − ηg on the touched rows, adding Σg², Σ(ηg)² to gs; the rows of g are zeroed again. */
        private void sgdRows(double[] x, double[] g, int[] touched, int count, boolean[] mark, double[] gs) {
            double g2 = 0;
            double dd = 0;
            for (int a = 0; a < count; a++) {
                int lo = touched[a] * d;
                for (int i = lo; i < lo + d; i++) {
                    double delta = eta * g[i];
                    x[i] -= delta;
                    g2 += g[i] * g[i];
                    dd += delta * delta;
                    g[i] = 0;
                }
                mark[touched[a]] = false;
            }
            gs[0] += g2;
            gs[1] += dd;
        }

        private void clearRows(double[] g, int[] touched, int count, boolean[] mark) {
            for (int a = 0; a < count; a++) {
                java.util.Arrays.fill(g, touched[a] * d, touched[a] * d + d, 0.0);
                mark[touched[a]] = false;
            }
        }

        /** Adam (mom non-null) or RMSprop on every entry of x; adds Σg², Σ(Δx)² to gs. */
        private void adaptive(double[] x, double[] g, double[] mom, double[] sq, long t, double[] gs) {
            double eps = s.eps();
            double g2 = 0;
            double dd = 0;
            if (mom != null) {
                double b1 = s.beta1();
                double b2 = s.beta2();
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < x.length; i++) {
                    mom[i] = b1 * mom[i] + (1 - b1) * g[i];
                    sq[i] = b2 * sq[i] + (1 - b2) * g[i] * g[i];
                    double delta = eta * (mom[i] / c1) / (Math.sqrt(sq[i] / c2) + eps);
                    x[i] -= delta;
                    g2 += g[i] * g[i];
                    dd += delta * delta;
                }
            } else {
                double rho = s.beta2();
                for (int i = 0; i < x.length; i++) {
                    sq[i] = rho * sq[i] + (1 - rho) * g[i] * g[i];
                    double delta = eta * g[i] / (Math.sqrt(sq[i]) + eps);
                    x[i] -= delta;
                    g2 += g[i] * g[i];
                    dd += delta * delta;
                }
            }
            gs[0] += g2;
            gs[1] += dd;
        }
    }
}

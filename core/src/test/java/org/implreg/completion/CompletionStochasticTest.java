package org.implreg.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.method.CompletionReport;
import org.implreg.method.Methods;
import org.implreg.method.SolveSettings;
import org.implreg.optimizer.MinibatchSampler;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/** sgd, adam and rmsprop on X = UVᵀ (rectangular completion): limiting cases, checkpoints, refusals. */
class CompletionStochasticTest {
    /** Relative tolerance of a hand-computed single step against the run's (rounding of a few operations). */
    static final double STEP_TOL = 1e-12;

    static final AsymmetricCompletion[] DATA = CompletionGdTest.planted(20, 25, 0.5, 7);

    static SolveSettings settings(String method, double step, long maxIter, Map<String, String> options) {
        return SolveSettings.builder(method).d(6).initScale(0.1).step(step).maxIterations(maxIter).tol(1e-4).seed(5)
            .options(options).build();
    }

    static CompletionReport complete(SolveSettings s, CompletionGd.Checkpoints cp) {
        return Methods.get(s.method()).complete(DATA[0], DATA[1], s, o -> cp, IterationListener.NONE);
    }

    static List<List<Object>> points(List<CompletionGd.PathPoint> path) {
        return path.stream().map(p -> List.<Object>of(p.iteration(), p.loss(), p.trainError(), p.testError(), p.nuclearNorm())).toList();
    }

    @Test
    void sgdWithTheWholeTrainingSetAsItsBatchIsGdBitForBit() {
        int size = DATA[0].size();
        Map<String, String> rec = Map.of("record_every", "7", "norm_every", "14");
        CompletionReport gd = complete(settings("gd", 2e-3, 300, rec), CompletionGd.Checkpoints.NONE);
        CompletionReport sgd = complete(settings("sgd", 2e-3, 300, Map.of("record_every", "7", "norm_every", "14", "batch",
            Integer.toString(size))), CompletionGd.Checkpoints.NONE);
        assertThat(sgd.u()).isEqualTo(gd.u());
        assertThat(sgd.v()).isEqualTo(gd.v());
        assertThat(sgd.iterations()).isEqualTo(gd.iterations());
        assertThat(sgd.stopReason()).isEqualTo(gd.stopReason());
        assertThat(sgd.criterion()).isEqualTo(gd.criterion());
        assertThat(sgd.trainError()).isEqualTo(gd.trainError());
        assertThat(sgd.testError()).isEqualTo(gd.testError());
        assertThat(sgd.nuclearNorm()).isEqualTo(gd.nuclearNorm());
        assertThat(points(sgd.path())).isEqualTo(points(gd.path()));
        assertThat(sgd.used()).containsEntry("batch", size).containsEntry("method", "sgd");
    }

    @Test
    void oneSgdStepOfOneEntryMovesOnlyItsRowAndColumnByTheScaledGradient() {
        int size = DATA[0].size();
        CompletionReport r = complete(settings("sgd", 1e-3, 1, Map.of("batch", "1")), CompletionGd.Checkpoints.NONE);
        int e = MinibatchSampler.restorable(size, 1, false).next(Rng.stream(5, CompletionStochastic.MINIBATCH, 0))[0];
        CompletionGd.Options o = new CompletionGd.Options(6, 1e-3, 0.1, 1e-4, 1, 5, 10, 0, 200);
        double[][] uv = CompletionGd.initialFactors(DATA[0].n1(), DATA[0].n2(), o);
        int i = DATA[0].rows()[e];
        int j = DATA[0].cols()[e];
        double res = AsymmetricFactorizedObjective.dot(uv[0], i * 6, uv[1], j * 6, 6) - DATA[0].values()[e];
        double c = 2.0 * size / 1 * res; // (|Ω|/b)·2·r_e
        double[] u1 = uv[0].clone();
        double[] v1 = uv[1].clone();
        for (int t = 0; t < 6; t++) {
            u1[i * 6 + t] -= 1e-3 * (c * uv[1][j * 6 + t]);
            v1[j * 6 + t] -= 1e-3 * (c * uv[0][i * 6 + t]);
        }
        assertThat(r.iterations()).isEqualTo(1);
        assertThat(r.u()).isEqualTo(u1); // the same operations in the same order: exact
        assertThat(r.v()).isEqualTo(v1);
    }

    @Test
    void adamsFirstFullBatchStepIsEtaTimesTheSignOfTheGradient() {
        CompletionReport r = complete(settings("adam", 1e-2, 1, Map.of()), CompletionGd.Checkpoints.NONE);
        CompletionGd.Options o = new CompletionGd.Options(6, 1e-2, 0.1, 1e-4, 1, 5, 10, 0, 200);
        double[][] uv = CompletionGd.initialFactors(DATA[0].n1(), DATA[0].n2(), o);
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(DATA[0], 6);
        double[] res = new double[DATA[0].size()];
        f.residual(uv[0], uv[1], res);
        double[] gu = new double[uv[0].length];
        double[] gv = new double[uv[1].length];
        f.gradient(uv[0], uv[1], res, gu, gv);
        // U₁ = U₀ − η G/(|G| + ε): M̂ = G, V̂ = G∘G after one bias-corrected step
        for (int k = 0; k < gu.length; k++) {
            double want = uv[0][k] - 1e-2 * gu[k] / (Math.abs(gu[k]) + 1e-8);
            assertThat(r.u()[k]).isCloseTo(want, org.assertj.core.data.Offset.offset(STEP_TOL * (Math.abs(want) + 1e-2)));
        }
        for (int k = 0; k < gv.length; k++) {
            double want = uv[1][k] - 1e-2 * gv[k] / (Math.abs(gv[k]) + 1e-8);
            assertThat(r.v()[k]).isCloseTo(want, org.assertj.core.data.Offset.offset(STEP_TOL * (Math.abs(want) + 1e-2)));
        }
    }

    @Test
    void minibatchRulesDecreaseTheTrainingErrorAndRepeatBitwiseUnderTheSameSeed() {
        for (String method : List.of("sgd", "adam", "rmsprop")) {
            double step = method.equals("sgd") ? 2e-3 : 1e-2;
            SolveSettings s = settings(method, step, 600, Map.of("batch", "40", "record_every", "30"));
            CompletionReport a = complete(s, CompletionGd.Checkpoints.NONE);
            CompletionReport b = complete(s, CompletionGd.Checkpoints.NONE);
            assertThat(a.u()).as(method).isEqualTo(b.u());
            assertThat(points(a.path())).as(method).isEqualTo(points(b.path()));
            double first = a.path().get(0).trainError();
            assertThat(a.trainError()).as(method).isLessThan(0.5 * first);
            // evaluated once an epoch, ⌈|Ω|/40⌉ steps: the recorded points are multiples of it and of 30
            long epoch = (DATA[0].size() + 39) / 40;
            assertThat(a.used()).as(method).containsEntry("eval_every", epoch);
            for (CompletionGd.PathPoint p : a.path().subList(0, a.path().size() - 1)) {
                assertThat(p.iteration() % epoch).as(method).isZero();
            }
        }
    }

    @Test
    void aMinibatchRunKilledAfterACheckpointResumesToTheSameBits() {
        for (String method : List.of("sgd", "adam", "rmsprop")) {
            double step = method.equals("sgd") ? 2e-3 : 1e-2;
            Map<String, String> opts = Map.of("batch", "30", "replacement", "true", "eval_every", "5", "record_every", "5",
                "checkpoint_every", "70");
            SolveSettings s = settings(method, step, 400, opts);
            CompletionReport whole = complete(s, CompletionGd.Checkpoints.NONE);
            CompletionGdTest.MemoryCheckpoints cp = new CompletionGdTest.MemoryCheckpoints();
            cp.failAfter = 2;
            assertThatThrownBy(() -> complete(s, cp)).hasMessage("killed");
            assertThat(cp.last.iteration()).isEqualTo(140);
            // the running means, and (U, V) at the last evaluation: the window of the stationarity rule with minibatches
            assertThat(cp.last.extra().keySet()).as(method).isEqualTo(method.equals("sgd") ? Set.of("window_u", "window_v")
                : method.equals("adam") ? Set.of("m_u", "m_v", "s_u", "s_v", "window_u", "window_v")
                : Set.of("s_u", "s_v", "window_u", "window_v"));
            cp.failAfter = Integer.MAX_VALUE;
            CompletionReport resumed = complete(s, cp);
            assertThat(resumed.resumedFrom()).isEqualTo(140);
            assertThat(resumed.iterations()).as(method).isEqualTo(whole.iterations());
            assertThat(resumed.u()).as(method).isEqualTo(whole.u());
            assertThat(resumed.v()).as(method).isEqualTo(whole.v());
            assertThat(points(resumed.path())).as(method).isEqualTo(points(whole.path()));
        }
    }

    @Test
    void aBatchLargerThanTheObservedEntriesIsRefusedNamingTheirNumber() {
        int size = DATA[0].size();
        assertThatThrownBy(() -> complete(settings("adam", 1e-2, 10, Map.of("batch", Integer.toString(size + 1))),
            CompletionGd.Checkpoints.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessage("batch must be ≤ |Ω| = " + size + " (the observed training entries), got " + (size + 1));
        assertThatThrownBy(() -> complete(settings("rmsprop", 1e-2, 10, Map.of("rho", "1")), CompletionGd.Checkpoints.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("rho");
    }

    @Test
    void aRestorableSamplerDrawsDistinctIndicesThatDependOnTheGeneratorAlone() {
        MinibatchSampler a = MinibatchSampler.restorable(50, 20, false);
        MinibatchSampler b = MinibatchSampler.restorable(50, 20, false);
        for (int k = 0; k < 5; k++) {
            a.next(Rng.stream(1, "minibatch", k)); // a has drawn before, b has not
        }
        int[] x = a.next(Rng.stream(1, "minibatch", 9)).clone();
        assertThat(b.next(Rng.stream(1, "minibatch", 9))).isEqualTo(x);
        Set<Integer> seen = new HashSet<>();
        for (int i : x) {
            assertThat(i).isBetween(0, 49);
            seen.add(i);
        }
        assertThat(seen).hasSize(20);
        assertThat(MinibatchSampler.restorable(50, 20, false).next(Rng.stream(1, "minibatch", 10))).isNotEqualTo(x);
    }

    @Test
    void theCheckpointFileKeepsTheExtraStateArrays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        GdCheckpointFile f = new GdCheckpointFile(tmp.resolve("ck.npz"), "k", 2, 3, 1);
        f.save(new CompletionGd.State(7, new double[] {1, 2}, new double[] {3, 4, 5}, List.of(), 0.5,
            Map.of("s_u", new double[] {0.25, 0.5}, "s_v", new double[] {1e-300, 2, 3})));
        CompletionGd.State back = f.load().orElseThrow();
        assertThat(back.iteration()).isEqualTo(7);
        assertThat(back.extra().keySet()).containsExactlyInAnyOrder("s_u", "s_v");
        assertThat(back.extra().get("s_u")).containsExactly(0.25, 0.5);
        assertThat(back.extra().get("s_v")).containsExactly(1e-300, 2, 3);
        assertThat(new GdCheckpointFile(tmp.resolve("ck.npz"), "other run", 2, 3, 1).load()).isEmpty();
    }
}

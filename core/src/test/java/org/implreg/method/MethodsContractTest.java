package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.completion.CompletionGd;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/**
 * Every registered method, symmetric and asymmetric, honours the solve contract and what it declares
 * in {@link Method#capabilities()}: on each problem kind it solves, a stop reason, an X of the right
 * shape with finite metrics, the effective parameters, the listener seeing iteration 0, a factor U
 * where it declares one, a dual vector where it declares one, its declared step default as the step
 * used, and every setting outside its capabilities refused. A new method in {@link Methods} (or a
 * services entry, as the test-only {@link LandweberMethod}) is covered without touching this test:
 * no method is named here.
 */
class MethodsContractTest {
    static final double SYMMETRY_TOL = 1e-12;

    static Problem symmetric() {
        return ProblemGenerator.generate(new ProblemSpec(6, 1, 18, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
    }

    /** A rank-1 5×6 completion from 20 entries, and 5 held-out ones. */
    static AsymmetricCompletion[] completion() {
        double[] a = {1, -0.5, 0.8, 0.3, -1.2};
        double[] b = {0.7, 1.1, -0.4, 0.9, -0.6, 0.2};
        int[][] rc = new int[25][];
        int k = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6 && k < 25; j++) {
                if ((i + 2 * j) % 6 != 5) {
                    rc[k++] = new int[] {i, j};
                }
            }
        }
        int[][] rows = new int[2][];
        int[][] cols = new int[2][];
        double[][] vals = new double[2][];
        int[] sizes = {20, k - 20};
        for (int part = 0; part < 2; part++) {
            rows[part] = new int[sizes[part]];
            cols[part] = new int[sizes[part]];
            vals[part] = new double[sizes[part]];
            for (int e = 0; e < sizes[part]; e++) {
                int[] p = rc[part * 20 + e];
                rows[part][e] = p[0];
                cols[part][e] = p[1];
                vals[part][e] = a[p[0]] * b[p[1]];
            }
        }
        return new AsymmetricCompletion[] {new AsymmetricCompletion(5, 6, rows[0], cols[0], vals[0], Map.of()),
            new AsymmetricCompletion(5, 6, rows[1], cols[1], vals[1], Map.of())};
    }

    @Test
    void everyMethodHonoursTheSolveContractOnSymmetricProblems() {
        Problem p = symmetric();
        List<String> checked = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (!m.supports(ProblemKind.SYMMETRIC) || (m.external() && isUnavailable(m, p))) {
                continue;
            }
            Capabilities c = m.capabilities(ProblemKind.SYMMETRIC);
            assertThat(m.supports(ProblemKind.RECTANGULAR_SENSING)).as(m.name() + ": rectangular sensing runs through the embedding")
                .isTrue();
            SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1)
                .withMaxIterations(c.reads().contains(Capabilities.MAX_ITER) ? (c.step() ? 20_000L : 200_000L) : null)
                .withTol(c.reads().contains(Capabilities.TOL) ? 1e-3 : null);
            long[] first = {-1};
            SolveReport r = m.solve(p, s, st -> {
                if (first[0] < 0) {
                    first[0] = st.iteration();
                }
            });
            assertThat(r.method()).isEqualTo(m.name());
            assertThat(r.result().stopReason()).as(m.name()).isNotNull();
            double[] x = r.result().x();
            assertThat(x).as(m.name()).hasSize(36);
            assertThat(Linalg.allFinite(x)).as(m.name()).isTrue();
            assertThat(Linalg.asymmetry(x, 6)).as(m.name()).isLessThanOrEqualTo(SYMMETRY_TOL * Math.max(1, Linalg.norm(x)));
            assertThat(r.metrics().nuclearNorm()).as(m.name()).isFinite();
            assertThat(r.used()).as(m.name()).isNotEmpty();
            if (c.iterative()) { // a closed form or an external process: no iterations to show
                assertThat(first[0]).as(m.name() + " listener").isIn(0L, 1L);
            }
            assertThat(r.result().u() != null).as(m.name() + ": a factor U iff it declares one").isEqualTo(c.factor());
            assertThat(r.dual() != null).as(m.name() + ": a dual vector iff it declares one").isEqualTo(c.dual());
            if (c.defaults().get("step") instanceof Number step && r.used().containsKey("step")) {
                assertThat(((Number) r.used().get("step")).doubleValue()).as(m.name() + ": the declared default step")
                    .isEqualTo(step.doubleValue());
            }
            checked.add(m.name());
        }
        assertThat(checked).containsAll(Methods.all().values().stream().filter(m -> !m.external()).map(Method::name).toList());
        assertThat(checked).contains("landweber"); // the test-only method, registered by its services line
    }

    @Test
    void everyMethodRefusesTheSettingsItDoesNotSupport() {
        Problem p = symmetric();
        AsymmetricCompletion[] c = completion();
        int refusals = 0;
        for (Method m : Methods.all().values()) {
            for (Map.Entry<ProblemKind, Capabilities> e : m.capabilities().entrySet()) {
                ProblemKind kind = e.getKey();
                Capabilities cap = e.getValue();
                SolveSettings base = SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1)
                    .withMaxIterations(cap.reads().contains(Capabilities.MAX_ITER) ? 5L : null);
                // what it declares it reads is accepted, given explicitly: the refusals below are of the setting, not of the base
                SolveSettings read = base.withTol(cap.reads().contains(Capabilities.TOL) ? 1e-3 : null);
                java.util.Set<String> readGiven = new java.util.HashSet<>(cap.reads());
                readGiven.retainAll(List.of(Capabilities.INIT_SCALE, Capabilities.SEED));
                m.requireSupported(kind, read, Capabilities.CLI_NAMES, readGiven);
                assertThat(Capabilities.GENERAL).containsAll(cap.reads());
                List<SolveSettings> bad = new ArrayList<>();
                bad.add(base.withOption("no_such_option", "1"));
                for (SolveSettings.Init init : SolveSettings.Init.values()) {
                    if (!cap.inits().contains(init)) {
                        bad.add(base.withInit(init, init == SolveSettings.Init.SVD || init == SolveSettings.Init.GIVEN ? new double[36] : null));
                    }
                }
                if (!cap.width()) {
                    bad.add(SolveSettings.builder(m.name()).d(1).initScale(1e-3).maxIterations(base.maxIterations()).seed(1)
                        .build());
                }
                if (!cap.step()) {
                    bad.add(SolveSettings.builder(m.name()).initScale(1e-3).step(0.01).maxIterations(base.maxIterations())
                        .seed(1).build());
                }
                if (!cap.lineSearch()) {
                    bad.add(base.withLineSearch(true));
                }
                if (!cap.reads().contains(Capabilities.MAX_ITER)) {
                    bad.add(base.withMaxIterations(5L));
                }
                if (!cap.reads().contains(Capabilities.TOL)) {
                    bad.add(base.withTol(1e-3));
                }
                for (SolveSettings s : bad) {
                    assertThatThrownBy(() -> m.requireSupported(kind, s, Capabilities.CLI_NAMES)).as(m.name() + " " + kind + " " + s.describe())
                        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("method " + m.name() + " ");
                    if (kind == ProblemKind.SYMMETRIC) {
                        assertThatThrownBy(() -> m.solve(p, s, IterationListener.NONE)).as(m.name() + " " + s.describe())
                            .isInstanceOf(InvalidInputException.class);
                    } else if (kind == ProblemKind.RECTANGULAR_COMPLETION) {
                        assertThatThrownBy(() -> m.complete(c[0], c[1], s, o -> CompletionGd.Checkpoints.NONE, IterationListener.NONE))
                            .as(m.name() + " " + s.describe()).isInstanceOf(InvalidInputException.class);
                    }
                    refusals++;
                }
                // the init scale and seed always carry a value: refused only when given, where the method does not read them
                // or the initialization is not the random (gaussian) one; never when not given
                for (String k : List.of(Capabilities.INIT_SCALE, Capabilities.SEED)) {
                    List<SolveSettings> ignoring = new ArrayList<>();
                    if (!cap.reads().contains(k)) {
                        ignoring.add(base);
                    }
                    for (SolveSettings.Init init : cap.inits()) {
                        if (init != SolveSettings.Init.GAUSSIAN) {
                            ignoring.add(base.withInit(init, init == SolveSettings.Init.SVD || init == SolveSettings.Init.GIVEN ? new double[36] : null));
                        }
                    }
                    for (SolveSettings s : ignoring) {
                        m.requireSupported(kind, s, Capabilities.CLI_NAMES);
                        assertThatThrownBy(() -> m.requireSupported(kind, s, Capabilities.CLI_NAMES, java.util.Set.of(k)))
                            .as(m.name() + " " + kind + " given " + k + " " + s.describe()).isInstanceOf(InvalidInputException.class)
                            .hasMessageStartingWith("method " + m.name() + " does not support " + Capabilities.CLI_NAMES.apply(k));
                        refusals++;
                    }
                }
                assertThat(cap.optionKeys()).allSatisfy(k -> assertThat(k).matches("[a-z][a-z0-9_]*"));
            }
            for (ProblemKind kind : ProblemKind.values()) {
                if (!m.supports(kind)) {
                    assertThatThrownBy(() -> m.capabilities(kind)).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("does not solve " + kind.key());
                }
            }
        }
        assertThat(refusals).isGreaterThan(Methods.all().size());
    }

    /** The declarations of the built-in methods that start from no random factor or run no iterations (issue 16). */
    @Test
    void methodsWithoutRandomInitOrIterationsDeclareSo() {
        assertThat(Methods.get("xgd").capabilities(ProblemKind.SYMMETRIC).reads()).containsExactlyInAnyOrder("max_iter", "tol");
        assertThat(Methods.get("xgd").capabilities(ProblemKind.RECTANGULAR_COMPLETION).reads()).isEmpty();
        assertThat(Methods.get("nucmin").capabilities(ProblemKind.SYMMETRIC).reads()).containsExactlyInAnyOrder("max_iter", "tol");
        assertThat(Methods.get("nucmin").capabilities(ProblemKind.RECTANGULAR_COMPLETION).reads()).containsExactlyInAnyOrder("max_iter", "tol");
        assertThat(Methods.get("csdp").capabilities(ProblemKind.SYMMETRIC).reads()).containsExactly("tol");
        for (String m : List.of("gd", "flow", "toe", "deep", "udu")) {
            assertThat(Methods.get(m).capabilities(ProblemKind.SYMMETRIC).reads()).as(m).isEqualTo(Capabilities.GENERAL);
        }
        assertThat(Methods.get("gd").capabilities(ProblemKind.RECTANGULAR_COMPLETION).reads()).isEqualTo(Capabilities.GENERAL);
        SolveSettings identical = SolveSettings.of("deep", null, 1e-3, Double.NaN, 1).withOption("init", "identical");
        Methods.get("deep").requireSupported(ProblemKind.SYMMETRIC, identical, Capabilities.CLI_NAMES, java.util.Set.of());
        assertThatThrownBy(() -> Methods.get("deep").requireSupported(ProblemKind.SYMMETRIC, identical, Capabilities.CLI_NAMES,
            java.util.Set.of("seed"))).hasMessage("method deep does not support --seed with option init=identical (only the gaussian "
            + "layers are random; alpha and beta set these)");
        Methods.get("deep").requireSupported(ProblemKind.SYMMETRIC, identical.withOption("init", "gaussian"), Capabilities.CLI_NAMES,
            java.util.Set.of("seed", "init_scale"));
    }

    @Test
    void everyCompletionMethodHonoursTheCompletionContract() {
        AsymmetricCompletion[] c = completion();
        List<String> checked = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (!m.supports(ProblemKind.RECTANGULAR_COMPLETION)) {
                continue;
            }
            Capabilities cap = m.capabilities(ProblemKind.RECTANGULAR_COMPLETION);
            SolveSettings s = SolveSettings.builder(m.name()).d(cap.width() ? 2 : null)
                .initScale(cap.defaultNumber("init_scale", 1.0)).maxIterations(cap.reads()
                .contains(Capabilities.MAX_ITER) ? 2000L : null).seed(3).build();
            long[] first = {-1};
            CompletionReport r = m.complete(c[0], c[1], s, o -> CompletionGd.Checkpoints.NONE, st -> {
                if (first[0] < 0) {
                    first[0] = st.iteration();
                }
            });
            assertThat(r.method()).isEqualTo(m.name());
            assertThat(r.n1()).isEqualTo(5);
            assertThat(r.n2()).isEqualTo(6);
            assertThat(r.stopReason()).as(m.name()).isNotBlank();
            double[] x = r.matrix();
            assertThat(x).as(m.name()).hasSize(30);
            assertThat(Linalg.allFinite(x)).as(m.name()).isTrue();
            assertThat(r.trainError()).as(m.name()).isFinite().isGreaterThanOrEqualTo(0);
            assertThat(r.testError()).as(m.name()).isFinite();
            assertThat(r.nuclearNorm()).as(m.name()).isFinite().isPositive();
            assertThat(r.u() != null && r.v() != null).as(m.name() + ": factors iff declared").isEqualTo(cap.factor());
            if (cap.factor()) {
                assertThat(r.u()).hasSize(5 * r.d());
                assertThat(r.v()).hasSize(6 * r.d());
                assertThat(r.d()).isEqualTo(2);
            }
            if (cap.step()) {
                assertThat(((Number) r.used().get("step")).doubleValue()).as(m.name() + ": the declared default step")
                    .isEqualTo(cap.defaultNumber("step", Double.NaN));
            }
            checked.add(m.name());
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(3);
    }

    private static boolean isUnavailable(Method m, Problem p) {
        try {
            m.solve(p, SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1), IterationListener.NONE);
            return false;
        } catch (InvalidInputException e) {
            return true; // not installed: the oracle tests cover it where it is
        }
    }
}

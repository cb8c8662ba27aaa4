package org.implreg.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.problem.Problem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The interior-point solver against CSDP, an independent SDP solver: optimal values agree to
 * {@value #VALUE_TOL} relative on every instance of {@link OracleInstances} with the stored references
 * (CSDP's values where it converged when they were made), and with a live CSDP where one is installed
 * ({@code .ci/run} installs it) and converges. A live CSDP that does not converge is reported on stdout
 * and not compared: its numerical path depends on the machine's BLAS kernels. Only a disagreement with a
 * converged CSDP fails ({@link #compare}).
 */
class CsdpOracleTest {
    /** Agreement of optimal values, relative. */
    static final double VALUE_TOL = 1e-6;
    /** Certificate tolerance asked of implreg. */
    static final double CERT_TOL = 1e-6;
    static final String REFERENCES = "/fixtures/csdp/references.json";

    /** Stored CSDP optimal values of the instances CSDP solved (exit code 0). */
    private static Map<String, Double> stored() throws IOException {
        Map<String, Double> out = new HashMap<>();
        try (InputStream in = CsdpOracleTest.class.getResourceAsStream(REFERENCES)) {
            assertThat(in).as("stored CSDP references").isNotNull();
            JsonNode root = new ObjectMapper().readTree(in);
            for (JsonNode inst : root.get("instances")) {
                if (inst.get("csdp_status").asText().equals("CONVERGED")) {
                    out.put(inst.get("id").asText(), inst.get("csdp_value").asDouble());
                }
            }
        }
        return out;
    }

    /** How implreg's optimum compares with one CSDP run. */
    enum Outcome {
        /** CSDP converged and its optimal value is implreg's to {@value #VALUE_TOL}. */
        AGREES,
        /** CSDP converged to a different optimal value: a defect of one of the two, and the test fails. */
        DISAGREES,
        /** CSDP itself did not converge (stalled, iteration limit, timed out): reported, not asserted on. */
        ORACLE_FAILED
    }

    /** One instance's comparison; {@code detail} says what CSDP returned. */
    record Comparison(String id, Outcome outcome, String detail) {}

    /**
     * Compares implreg's certified optimal value {@code ours} with a CSDP run. Only a converged CSDP is a
     * reference: its value must agree with {@code ours} to {@value #VALUE_TOL} relative. A CSDP that did
     * not converge (its numerical path depends on the CPU's BLAS kernels: it stalls on
     * {@code uniform-n3-r3-m4} with some Intel OpenBLAS kernels) says nothing about implreg.
     */
    static Comparison compare(String id, double ours, NucminResult csdp) {
        if (csdp.stopReason() != StopReason.CONVERGED || csdp.certificate() == null) {
            return new Comparison(id, Outcome.ORACLE_FAILED, "csdp " + csdp.stopReason() + " (" + csdp.criterion() + ")");
        }
        double theirs = csdp.certificate().primalObjective();
        double rel = Math.abs(ours - theirs) / Math.abs(theirs);
        String detail = String.format(java.util.Locale.ROOT, "implreg %.12g, csdp %.12g, relative difference %.2e", ours, theirs, rel);
        return new Comparison(id, rel <= VALUE_TOL ? Outcome.AGREES : Outcome.DISAGREES, detail);
    }

    /**
     * Reports every comparison (one line each on stdout for the ones CSDP failed) and fails on any
     * disagreement with a converged CSDP.
     */
    static void assertNoDisagreement(List<Comparison> comparisons, java.io.PrintStream report) {
        for (Comparison c : comparisons) {
            if (c.outcome() == Outcome.ORACLE_FAILED) {
                report.println("CsdpOracleTest: CSDP did not converge on " + c.id() + ": " + c.detail() + " (not compared)");
            }
        }
        long agreed = comparisons.stream().filter(c -> c.outcome() == Outcome.AGREES).count();
        report.println("CsdpOracleTest: live CSDP agreed on " + agreed + " of " + comparisons.size() + " instances");
        assertThat(comparisons).as("instances where a converged CSDP disagrees with implreg")
            .filteredOn(c -> c.outcome() == Outcome.DISAGREES).isEmpty();
    }

    @Test
    void agreesWithCsdpOnEveryInstance() throws IOException {
        Map<String, Double> refs = stored();
        boolean live = Csdp.executable().isPresent();
        List<OracleInstances.Instance> all = OracleInstances.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        InteriorPointNucmin ipm = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(CERT_TOL));
        int compared = 0;
        List<Comparison> liveComparisons = new java.util.ArrayList<>();
        for (OracleInstances.Instance inst : all) {
            Problem p = inst.problem();
            NucminResult ours = ipm.optimize(p, IterationListener.NONE);
            assertThat(ours.stopReason()).as(inst.id()).isEqualTo(StopReason.CONVERGED);
            NucminCertificate c = ours.certificate();
            assertThat(c.primalResidual()).as(inst.id()).isLessThanOrEqualTo(CERT_TOL);
            assertThat(c.dualInfeasibility()).as(inst.id()).isLessThanOrEqualTo(CERT_TOL);
            assertThat(c.complementarity()).as(inst.id()).isLessThanOrEqualTo(CERT_TOL);
            assertThat(c.dualityGap()).as(inst.id()).isLessThanOrEqualTo(CERT_TOL);
            double value = c.primalObjective();
            if (live) {
                liveComparisons.add(compare(inst.id(), value, liveCsdp(inst.id(), p)));
            }
            if (!refs.containsKey(inst.id())) {
                continue; // CSDP failed on this (degenerate) instance when the references were made; implreg's own certificate holds above
            }
            compared++;
            double ref = refs.get(inst.id());
            assertThat(Math.abs(value - ref) / Math.abs(ref)).as(inst.id() + " vs stored CSDP").isLessThanOrEqualTo(VALUE_TOL);
        }
        assertThat(compared).as("instances compared with the stored CSDP values").isGreaterThanOrEqualTo(20);
        assertNoDisagreement(liveComparisons, System.out);
    }

    /** A live CSDP run; one that times out or breaks counts as the oracle's failure. */
    private static NucminResult liveCsdp(String id, Problem p) {
        try {
            return Csdp.solve(p.operator(), p.y(), 120);
        } catch (RuntimeException e) {
            return new NucminResult(null, null, p.operator().n(), null, StopReason.STALLED, "csdp failed on " + id + ": " + e.getMessage(),
                0, Double.NaN, Double.NaN);
        }
    }

    /** The comparison itself can fail: a converged CSDP with another value is a disagreement, a stalled one is not. */
    @Test
    void aConvergedCsdpThatDisagreesFailsTheComparison() {
        var op = new org.implreg.problem.CompletionOperator(2, new int[] {0, 1}, new int[] {0, 1});
        double[] y = {1, 1};
        double[] x = {1, 0, 0, 1};
        double[] v = {1, 1};
        NucminResult right = new NucminResult(x, v, 2, NucminCertificate.of(op, y, x, v), StopReason.CONVERGED, "csdp exit code 0", 5, 0,
            Double.NaN);
        double[] x2 = {1.001, 0, 0, 1};
        NucminResult wrong = new NucminResult(x2, v, 2, NucminCertificate.of(op, y, x2, v), StopReason.CONVERGED, "csdp exit code 0", 5, 0,
            Double.NaN);
        NucminResult stalled = new NucminResult(x2, v, 2, NucminCertificate.of(op, y, x2, v), StopReason.STALLED, "csdp exit code 3", 5, 0,
            Double.NaN);
        assertThat(compare("right", 2.0, right).outcome()).isEqualTo(Outcome.AGREES);
        assertThat(compare("wrong", 2.0, wrong).outcome()).isEqualTo(Outcome.DISAGREES);
        assertThat(compare("stalled", 2.0, stalled).outcome()).isEqualTo(Outcome.ORACLE_FAILED);
        java.io.PrintStream none = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertNoDisagreement(List.of(compare("right", 2.0, right), compare("stalled", 2.0, stalled)), none);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNoDisagreement(List.of(compare("right", 2.0, right),
            compare("wrong", 2.0, wrong)), none)).isInstanceOf(AssertionError.class).hasMessageContaining("wrong");
    }

    /** CSDP agrees that the known infeasible instance is infeasible (where CSDP reaches a verdict at all). */
    @Test
    void csdpAgreesThatTheKnownInfeasibleInstanceIsInfeasible() {
        assumeThat(Csdp.executable()).isPresent();
        var op = new org.implreg.problem.CompletionOperator(2, new int[] {0, 1, 0}, new int[] {0, 1, 1});
        NucminResult r = liveCsdp("infeasible", new Problem(op, new double[] {1, 1, 2}, null, Map.of()));
        if (r.stopReason() == StopReason.STALLED || r.stopReason() == StopReason.MAX_ITER) {
            System.out.println("CsdpOracleTest: CSDP reached no verdict on the infeasible instance: " + r.criterion() + " (not compared)");
            return;
        }
        assertThat(r.stopReason()).as("a converged CSDP on an infeasible instance").isEqualTo(StopReason.INFEASIBLE);
    }

    /**
     * Regenerates the stored references with the live CSDP (run by scripts/make_csdp_references.sh,
     * which passes -Dimplreg.references.out=FILE).
     */
    @Test
    @Tag("reference")
    void writeReferences() throws IOException {
        String target = System.getProperty("implreg.references.out");
        assumeThat(target).isNotNull();
        assumeThat(Csdp.executable()).isPresent();
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (OracleInstances.Instance inst : OracleInstances.all()) {
            Problem p = inst.problem();
            NucminResult r = Csdp.solve(p.operator(), p.y(), 600);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", inst.id());
            row.putAll(inst.spec().describe());
            row.put("seed", inst.seed());
            row.put("csdp_status", r.stopReason().name());
            row.put("csdp_exit", r.criterion());
            row.put("csdp_value", r.certificate() == null ? null : r.certificate().primalObjective());
            row.put("csdp_dual_value", r.certificate() == null ? null : r.certificate().dualObjective());
            rows.add(row);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", "scripts/make_csdp_references.sh (CsdpOracleTest#writeReferences)");
        root.put("solver", "CSDP 6.2.0 (Debian coinor-csdp), default parameters");
        root.put("problem", "min tr(X) s.t. A(X) = y, X psd; csdp_value = tr(X_csdp)");
        root.put("instances", rows);
        Files.writeString(Path.of(target), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        // what was written reads back as a reference file: one row an instance, each with CSDP's verdict and, when
        // solved, its value
        com.fasterxml.jackson.databind.JsonNode back = new ObjectMapper().readTree(Path.of(target).toFile());
        assertThat(back.get("instances")).hasSize(OracleInstances.all().size());
        for (com.fasterxml.jackson.databind.JsonNode row : back.get("instances")) {
            assertThat(row.get("csdp_status").asText()).as(row.get("id").asText()).isNotBlank();
            if (row.get("csdp_status").asText().equals(StopReason.CONVERGED.name())) {
                assertThat(row.get("csdp_value").isNumber()).as(row.get("id").asText()).isTrue();
            }
        }
    }
}

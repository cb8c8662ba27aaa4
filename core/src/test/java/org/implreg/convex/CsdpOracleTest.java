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
 * {@value #VALUE_TOL} relative on every instance of {@link OracleInstances}. CSDP runs live when it
 * is installed ({@code .ci/run} installs it); otherwise the stored references are used.
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

    @Test
    void agreesWithCsdpOnEveryInstance() throws IOException {
        Map<String, Double> refs = stored();
        boolean live = Csdp.executable().isPresent();
        List<OracleInstances.Instance> all = OracleInstances.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        InteriorPointNucmin ipm = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(CERT_TOL));
        int compared = 0;
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
            if (!refs.containsKey(inst.id())) {
                continue; // CSDP failed on this (degenerate) instance; implreg's own certificate holds above
            }
            compared++;
            double ref = refs.get(inst.id());
            assertThat(Math.abs(value - ref) / Math.abs(ref)).as(inst.id() + " vs stored CSDP").isLessThanOrEqualTo(VALUE_TOL);
            if (live) {
                NucminResult theirs = Csdp.solve(p.operator(), p.y(), 120);
                assertThat(theirs.stopReason()).as("csdp on " + inst.id()).isEqualTo(StopReason.CONVERGED);
                double liveValue = theirs.certificate().primalObjective();
                assertThat(Math.abs(value - liveValue) / Math.abs(liveValue)).as(inst.id() + " vs live CSDP")
                    .isLessThanOrEqualTo(VALUE_TOL);
            }
        }
        assertThat(compared).as("instances compared with CSDP").isGreaterThanOrEqualTo(20);
    }

    @Test
    void csdpAgreesThatTheKnownInfeasibleInstanceIsInfeasible() {
        assumeThat(Csdp.executable()).isPresent();
        var op = new org.implreg.problem.CompletionOperator(2, new int[] {0, 1, 0}, new int[] {0, 1, 1});
        NucminResult r = Csdp.solve(op, new double[] {1, 1, 2}, 60);
        assertThat(r.stopReason()).isEqualTo(StopReason.INFEASIBLE);
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

package org.implreg.convex;

import java.util.ArrayList;
import java.util.List;
import org.implreg.linalg.Packed;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;

/**
 * The instances of the CSDP oracle test: Gaussian sensing and uniform / power-law entry completion,
 * n from 3 to 30, ranks 1–3, m from 1.5nr to 5nr (capped at 0.7·n(n+1)/2, so that no instance is fully observed). The stored references
 * ({@code fixtures/csdp/references.json}) were made from exactly this list by
 * {@code scripts/make_csdp_references.sh}.
 */
final class OracleInstances {
    private OracleInstances() {}

    record Instance(String id, ProblemSpec spec, long seed) {
        Problem problem() {
            return ProblemGenerator.generate(spec, seed);
        }
    }

    static List<Instance> all() {
        List<Instance> out = new ArrayList<>();
        int[] ns = {3, 5, 8, 10, 12, 16, 20, 25, 30};
        double[] factors = {1.5, 3.0, 5.0};
        ProblemSpec.Measurement[] kinds = {ProblemSpec.Measurement.GAUSSIAN, ProblemSpec.Measurement.UNIFORM, ProblemSpec.Measurement.POWER_LAW};
        int k = 0;
        for (int n : ns) {
            for (int t = 0; t < 3; t++) {
                ProblemSpec.Measurement kind = kinds[(k + t) % kinds.length];
                int r = 1 + (k + 2 * t) % 3;
                r = Math.min(r, n);
                int m = (int) Math.min(Math.floor(0.7 * Packed.length(n)), Math.round(factors[(k + t) % 3] * n * r));
                ProblemSpec spec = new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK, kind, 0.0, 1.0);
                out.add(new Instance(String.format("%s-n%d-r%d-m%d", kind.key(), n, r, m), spec, 1000L + k * 10L + t));
            }
            k++;
        }
        return out;
    }
}

package org.implreg.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.implreg.TestProblems;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemFilesTest {
    @TempDir
    Path tmp;

    @Test
    void generatedProblemsRoundTripForEveryFamily() {
        for (ProblemSpec.Measurement meas : ProblemSpec.Measurement.values()) {
            if (meas.key().equals("band")) {
                continue; // the test-only family (ProblemFamiliesTest); m = 20 exceeds its band
            }
            Problem p = ProblemGenerator.generate(new ProblemSpec(8, 2, 20, ProblemSpec.Planted.DECAYING, meas, 0.01, 1.0), 3);
            Path f = tmp.resolve(meas.key() + ".npz");
            ProblemFiles.write(p, f, meas == ProblemSpec.Measurement.UNIFORM);
            Problem q = ProblemFiles.read(f);
            assertThat(q.y()).containsExactly(p.y());
            assertThat(q.xStar()).containsExactly(p.xStar());
            assertThat(q.operator().toDenseStack()).containsExactly(p.operator().toDenseStack());
            assertThat(q.description()).containsEntry("measurement", meas.key());
        }
    }

    @Test
    void readsProblemFilesWrittenByNumpy() throws Exception {
        Problem c = ProblemFiles.read(NpyTest.fixture("completion_stored.npz"));
        assertThat(c.operator()).isInstanceOf(CompletionOperator.class);
        assertThat(c.n()).isEqualTo(4);
        assertThat(c.m()).isEqualTo(5);
        double[] ax = new double[5];
        c.operator().apply(c.xStar(), ax);
        assertThat(TestProblems.relDiff(ax, c.y())).isLessThan(1e-15);
        Problem d = ProblemFiles.read(NpyTest.fixture("dense_deflated.npz"));
        assertThat(d.n()).isEqualTo(3);
        assertThat(d.m()).isEqualTo(5);
    }
}

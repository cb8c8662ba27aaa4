package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/** The registry's "momentum" method: β = 0 is "gd" bit for bit; its options are checked. */
class MomentumMethodTest {

    static Problem problem() {
        int n = 6;
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, 12, Rng.stream(3, "momentum-method-test"));
        double[] w = Rng.gaussian(Rng.stream(4, "momentum-method-test-x"), n * 2);
        double[] x = new double[n * n];
        org.implreg.linalg.Linalg.gram(w, n, 2, x);
        double[] y = new double[12];
        op.apply(x, y);
        return new Problem(op, y, x, Map.of());
    }

    @Test
    void momentumZeroIsGdThroughTheRegistry() {
        Problem p = problem();
        SolveSettings gd = SolveSettings.of("gd", null, 1e-3, 1e-2, 5).withMaxIterations(2000L);
        SolveSettings mo = SolveSettings.of("momentum", null, 1e-3, 1e-2, 5).withMaxIterations(2000L).withOption("momentum", "0");
        SolveReport a = Methods.get("gd").solve(p, gd, IterationListener.NONE);
        SolveReport b = Methods.get("momentum").solve(p, mo, IterationListener.NONE);
        assertThat(b.result().u()).isEqualTo(a.result().u());
        assertThat(b.result().iterations()).isEqualTo(a.result().iterations());
        SolveReport nest = Methods.get("momentum").solve(p, mo.withOption("nesterov", "true"), IterationListener.NONE);
        assertThat(nest.result().u()).isEqualTo(a.result().u());
    }

    @Test
    void optionsAreChecked() {
        Problem p = problem();
        SolveSettings s = SolveSettings.of("momentum", null, 1e-3, 1e-2, 5).withMaxIterations(10L);
        assertThatThrownBy(() -> Methods.get("momentum").solve(p, s.withOption("nesterov", "maybe"), IterationListener.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> Methods.get("momentum").solve(p, s.withOption("momentum", "1"), IterationListener.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("momentum");
        assertThat(Methods.get("momentum").capabilities(ProblemKind.SYMMETRIC).optionKeys()).containsExactly("momentum", "nesterov");
    }
}

package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The conjecture's answer rule (every answer reachable), its trend slope and its option checks. */
class ConjectureTest {
    @Test
    void everyAnswerIsReachable() {
        assertThat(Conjecture.answer(false, 0, 0, 0, 0, 0)).isEqualTo("not_converged");
        assertThat(Conjecture.answer(true, 0.3, 1e-4, 1e-5, 0, 0)).isEqualTo("nuclear_norm");
        assertThat(Conjecture.answer(true, 1e-4, 0.2, 0.05, 0, 0)).isEqualTo("greedy_low_rank");
        assertThat(Conjecture.answer(true, 0.05, 0.2, 0.05, 0.2, 0)).isEqualTo("greedy_low_rank"); // nearer GLRL and approaching it
        assertThat(Conjecture.answer(true, 0.2, 0.05, 0.01, 0, 0.3)).isEqualTo("nuclear_norm");
        assertThat(Conjecture.answer(true, 0.05, 0.2, 0.05, 0.0, 0.0)).isEqualTo("neither"); // settled away from both
        assertThat(Conjecture.ANSWERS).containsExactly("nuclear_norm", "greedy_low_rank", "neither", "not_converged");
    }

    @Test
    void slopeOfLogDistanceAgainstLogAlpha() {
        double[] la = {-2, -4, -6};
        assertThat(Conjecture.slope(la, new double[] {1e-1, 1e-2, 1e-3})).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Conjecture.slope(la, new double[] {0.2, 0.2, 0.2})).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Conjecture.slope(new double[] {-2}, new double[] {1})).isNaN();
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new Conjecture.Options(1, new double[] {1e-2}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {0}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {Double.NaN}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {1e-2}, 0, 1)).isInstanceOf(InvalidInputException.class);
        assertThat(new Conjecture.Options(2, new double[] {1e-6, 1e-2}, 1, 1).alphas()).containsExactly(1e-2, 1e-6);
    }
}

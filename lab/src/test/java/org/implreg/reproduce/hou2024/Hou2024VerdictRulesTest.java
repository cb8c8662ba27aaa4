package org.implreg.reproduce.hou2024;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules of Hou, Sra & Yurtsever (2024), as pure functions on synthetic numbers: each test moves one input
 * across the rule's threshold and shows the verdict change, so a rule that always answered the same
 * would fail here.
 */
class Hou2024VerdictRulesTest {

    @Test
    void hou2024() {
        List<Integer> three = List.of(3, 3, 3);
        assertThat(Hou2024.verdict("noiseless", three, three, 1e-3, 1, List.of(7, 3)).verdict()).isEqualTo(Verdict.AGREES);
        // BM low-rank too: the contrast is missing, partly
        assertThat(Hou2024.verdict("noiseless", three, three, 1e-3, 1, List.of(3, 3)).verdict()).isEqualTo(Verdict.PARTLY);
        // a UDUᵀ run of rank 5 whose largest gap is after the 3rd eigenvalue: partly
        assertThat(Hou2024.verdict("noisy", List.of(3, 5, 3), three, 1e-3, 1, List.of(7)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Hou2024.verdict("noisy", List.of(3, 5, 3), List.of(3, 5, 3), 1e-3, 1, List.of(7)).verdict())
            .isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void hou2024Networks() {
        assertThat(Hou2024Networks.checksHeld(true, 0.95, 0.97, 9, 9)).isEqualTo(1); // competitive, not compact
        assertThat(Hou2024Networks.checksHeld(true, 0.95, 0.97, 5, 9)).isEqualTo(2);
        assertThat(Hou2024Networks.checksHeld(false, 0.5, 0.3, 5, 9)).isEqualTo(1); // 0.5 > 1.2 × 0.3: not competitive
        List<String> ev = new ArrayList<>(List.of("classification: ...", "regression: ..."));
        assertThat(Hou2024Networks.verdict(4, ev).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Hou2024Networks.verdict(3, ev).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Hou2024Networks.verdict(0, ev).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Hou2024Networks.verdict(3, ev).evidence()).contains("3 of these 4 checks hold");
    }
}

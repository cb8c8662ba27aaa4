package org.implreg.reproduce.arora2019;

import static org.assertj.core.api.Assertions.assertThat;

import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules of Arora et al. (2019), as pure functions on synthetic numbers: each test moves one input
 * across the rule's threshold and shows the verdict change, so a rule that always answered the same
 * would fail here.
 */
class Arora2019VerdictRulesTest {

    @Test
    void arora2019() {
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.1, 0.2, 0.4).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.3, 0.35, 0.4).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.45, 0.5, 0.4).verdict()).isEqualTo(Verdict.DISAGREES);
    }
}

package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The framework's verdict words and findings. Each paper's verdict rules are tested in its own package
 * ({@code <Paper>VerdictRulesTest}), as pure functions on synthetic numbers: each test moves one input
 * across the rule's threshold and shows the verdict change, so a rule that always answered the same
 * would fail there.
 */
class VerdictRulesTest {

    @Test
    void verdictWordsAreTheJsonWords() {
        assertThat(Verdict.AGREES.word()).isEqualTo("agrees");
        assertThat(Verdict.PARTLY.word()).isEqualTo("partly");
        assertThat(Verdict.DISAGREES.word()).isEqualTo("disagrees");
        for (Verdict v : Verdict.values()) {
            assertThat(Verdict.parse(v.word())).isEqualTo(v);
        }
        assertThatThrownBy(() -> Verdict.parse("agree")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Verdict.of(true, false)).isEqualTo(Verdict.AGREES);
        assertThat(Verdict.of(false, true)).isEqualTo(Verdict.PARTLY);
        assertThat(Verdict.of(false, false)).isEqualTo(Verdict.DISAGREES);
        assertThat(Verdict.cssClassOf("agrees / agrees")).isEqualTo("ok");
        assertThat(Verdict.cssClassOf("agrees / partly")).isEmpty();
        assertThat(Verdict.cssClassOf("partly / disagrees")).isEqualTo("bad");
    }

    @Test
    void findingsKeepTheirSummaryKeys() {
        Finding.Owner o = Finding.Owner.of("Gunasekar et al.", "Figure 2 observation");
        assertThat(Finding.quoted("2", "\"q\"", Verdict.PARTLY, "e").by(o, "the gap is 8.4% in panel (c).").toMap())
            .containsExactly(Map.entry("figure", "2"), Map.entry("owner", "Gunasekar et al.'s Figure 2 observation"), Map.entry("finding", "\"q\""),
                Map.entry("verdict", "partly"), Map.entry("headline", "Gunasekar et al.'s Figure 2 observation holds in part"),
                Map.entry("found", "Gunasekar et al.'s Figure 2 observation holds in part: the gap is 8.4% in panel (c)."), Map.entry("evidence", "e"));
        assertThat(Finding.claim("T", "c", Verdict.AGREES, "e").by(o, "x").toMap()).containsKeys("figure", "owner", "claim", "verdict", "found",
            "evidence");
    }

    @Test
    void theHeadlineSaysWhoseClaimHoldsAndNeverCallsAPredictedFailureADisagreement() {
        Finding.Owner conjecture = Finding.Owner.of("Gunasekar et al.", "conjecture");
        Finding.Owner li = Finding.Owner.of("Li et al.", "prediction").against(conjecture);
        assertThat(Finding.headline(conjecture, Verdict.AGREES)).isEqualTo("Gunasekar et al.'s conjecture holds");
        assertThat(Finding.headline(conjecture, Verdict.DISAGREES)).isEqualTo("Gunasekar et al.'s conjecture fails here");
        assertThat(Finding.headline(li, Verdict.AGREES)).isEqualTo("Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds");
        assertThat(Finding.headline(li, Verdict.DISAGREES)).isEqualTo("Gunasekar et al.'s conjecture holds here; Li et al.'s prediction fails");
        assertThat(Finding.headline(li, Verdict.PARTLY)).isEqualTo("Li et al.'s prediction holds in part");
        assertThat(Finding.Owner.of("Razin & Cohen", "Theorem 1").phrase()).isEqualTo("Razin & Cohen's Theorem 1");
        assertThat(Finding.Owner.of("Hou, Sra & Yurtsever", "claim").phrase()).isEqualTo("Hou, Sra & Yurtsever's claim");
        assertThat(Finding.Owner.of("Chou et al.", "Theorem 3.1").phrase()).isEqualTo("Chou et al.'s Theorem 3.1");
        assertThatThrownBy(() -> new Finding("1", "claim", "c", Verdict.AGREES, "e", conjecture, " "))
            .isInstanceOf(IllegalArgumentException.class);
    }
}

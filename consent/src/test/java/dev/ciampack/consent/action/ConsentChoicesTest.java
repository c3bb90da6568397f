package dev.ciampack.consent.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;

class ConsentChoicesTest {

    @Test
    @DisplayName("accept all grants and reject all withdraws whatever is ticked; save follows each box")
    void decisionPerAction() {
        assertThat(ConsentChoices.decisionFor("accept_all", false)).isEqualTo(Decision.GRANTED);
        assertThat(ConsentChoices.decisionFor("reject_all", true)).isEqualTo(Decision.WITHDRAWN);
        assertThat(ConsentChoices.decisionFor("save", true)).isEqualTo(Decision.GRANTED);
        assertThat(ConsentChoices.decisionFor("save", false)).isEqualTo(Decision.WITHDRAWN);
    }

    @Test
    @DisplayName("under Global Privacy Control accept all grants a sale or sharing of data only if its own box is ticked")
    void gpc() {
        assertThat(ConsentChoices.decisionFor("accept_all", false, true)).isEqualTo(Decision.WITHDRAWN);
        assertThat(ConsentChoices.decisionFor("accept_all", true, true)).isEqualTo(Decision.GRANTED);
        assertThat(ConsentChoices.decisionFor("accept_all", false, false)).isEqualTo(Decision.GRANTED);
        assertThat(ConsentChoices.decisionFor("reject_all", true, true)).isEqualTo(Decision.WITHDRAWN);
        assertThat(ConsentChoices.decisionFor("save", true, true)).isEqualTo(Decision.GRANTED);
        assertThat(ConsentChoices.decisionFor("save", false, true)).isEqualTo(Decision.WITHDRAWN);
    }

    @Test
    @DisplayName("repeating the current decision on the current version writes nothing; a new version does")
    void unchanged() {
        ConsentState granted = new ConsentState("p", Decision.GRANTED, 2, Instant.EPOCH);

        assertThat(ConsentChoices.unchanged(granted, Decision.GRANTED, 2)).isTrue();
        assertThat(ConsentChoices.unchanged(granted, Decision.WITHDRAWN, 2)).isFalse();
        assertThat(ConsentChoices.unchanged(granted, Decision.GRANTED, 3)).isFalse();
        assertThat(ConsentChoices.unchanged(null, Decision.WITHDRAWN, 1)).isFalse();
    }

    @Test
    @DisplayName("sign-in shows undecided and outdated purposes; review shows all")
    void shownPurposes() {
        var a = new dev.ciampack.consent.spi.Purpose("a", 1, false, java.util.Map.of("en", "A"), java.util.Map.of("en", "a"), null, null);
        var b = new dev.ciampack.consent.spi.Purpose("b", 2, false, java.util.Map.of("en", "B"), java.util.Map.of("en", "b"), null, null);
        var c = new dev.ciampack.consent.spi.Purpose("c", 1, false, java.util.Map.of("en", "C"), java.util.Map.of("en", "c"), null, null);
        var current = java.util.Map.of(
                "a", new ConsentState("a", Decision.WITHDRAWN, 1, Instant.EPOCH),
                "b", new ConsentState("b", Decision.GRANTED, 1, Instant.EPOCH));

        assertThat(ConsentRequiredAction.shown(java.util.List.of(a, b, c), current, false)).containsExactly(b, c);
        assertThat(ConsentRequiredAction.shown(java.util.List.of(a, b, c), current, true)).containsExactly(a, b, c);
    }
}

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
    @DisplayName("repeating the current decision on the current version writes nothing; a new version does")
    void unchanged() {
        ConsentState granted = new ConsentState("p", Decision.GRANTED, 2, Instant.EPOCH);

        assertThat(ConsentChoices.unchanged(granted, Decision.GRANTED, 2)).isTrue();
        assertThat(ConsentChoices.unchanged(granted, Decision.WITHDRAWN, 2)).isFalse();
        assertThat(ConsentChoices.unchanged(granted, Decision.GRANTED, 3)).isFalse();
        assertThat(ConsentChoices.unchanged(null, Decision.WITHDRAWN, 1)).isFalse();
    }
}

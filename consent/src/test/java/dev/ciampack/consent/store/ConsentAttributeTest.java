package dev.ciampack.consent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.consent.spi.ConsentAttributes;
import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;

class ConsentAttributeTest {

    @Test
    @DisplayName("a decision is stored as decision|version|UTC second|sequence and read back")
    void roundTrip() {
        ConsentState state = new ConsentState("analytics", Decision.GRANTED, 3, Instant.parse("2026-11-29T10:15:30.456Z"));

        String value = ConsentAttribute.format(state, 7);

        assertThat(ConsentAttributes.name("analytics")).isEqualTo("ciam_consent_analytics");
        assertThat(value).isEqualTo("granted|3|2026-11-29T10:15:30Z|7");
        assertThat(ConsentAttribute.format(state, 8)).as("each write differs").isNotEqualTo(value);
        assertThat(ConsentAttribute.parse("analytics", value)).contains(
                new ConsentState("analytics", Decision.GRANTED, 3, Instant.parse("2026-11-29T10:15:30Z")));
    }

    @Test
    @DisplayName("a missing or malformed value reads as never decided")
    void malformedIsUndecided() {
        assertThat(ConsentAttribute.parse("a", null)).isEmpty();
        assertThat(ConsentAttribute.parse("a", "granted")).isEmpty();
        assertThat(ConsentAttribute.parse("a", "maybe|1|2026-11-29T10:15:30Z")).isEmpty();
        assertThat(ConsentAttribute.parse("a", "granted|x|2026-11-29T10:15:30Z")).isEmpty();
        assertThat(ConsentAttribute.parse("a", "granted|1|yesterday")).isEmpty();
    }
}

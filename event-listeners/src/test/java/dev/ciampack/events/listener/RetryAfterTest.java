package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void parsesSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(NOW.plusSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(NOW);
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 10:05:00 GMT", NOW)).isEqualTo(NOW.plusSeconds(300));
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }
}

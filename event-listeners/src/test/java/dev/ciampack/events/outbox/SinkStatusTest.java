package dev.ciampack.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SinkStatusTest {

    @Test
    @DisplayName("the page's status line: exact counts, a coarse age, the last error only while something waits or failed")
    void line() {
        assertThat(SinkStatus.line(true, 0, 0, 0, null)).isEqualTo("nothing pending");
        assertThat(SinkStatus.line(true, 0, 0, 0, "HTTP 503")).as("an old error of a healthy sink is not news")
                .isEqualTo("nothing pending");
        assertThat(SinkStatus.line(true, 12, 200, 2, "HTTP 503\n  Service Unavailable"))
                .isEqualTo("12 pending, oldest 3 min · 2 dead letters · last error: HTTP 503 Service Unavailable");
        assertThat(SinkStatus.line(false, 1, 30, 1, null)).isEqualTo("disabled · 1 pending, oldest under a minute · 1 dead letter");
        assertThat(SinkStatus.line(true, 5, 7200, 0, "x".repeat(300))).startsWith("5 pending, oldest 2 h · last error: xxx")
                .endsWith("...").hasSizeLessThan(160);
        assertThat(SinkStatus.line(true, 5, 86_400 * 3, 0, null)).isEqualTo("5 pending, oldest 3 days");
        assertThat(SinkStatus.line(true, 5, 70, 0, "HTTP 429", java.time.Instant.parse("2026-12-07T01:30:00.123456Z")))
                .isEqualTo("5 pending, oldest 1 min · paused until 2026-12-07T01:30:00Z (the sink's Retry-After) · "
                        + "last error: HTTP 429");
        assertThat(SinkStatus.line(true, 5, 70, 0, null)).as("the same line through the minute")
                .isEqualTo(SinkStatus.line(true, 5, 119, 0, null));
    }
}

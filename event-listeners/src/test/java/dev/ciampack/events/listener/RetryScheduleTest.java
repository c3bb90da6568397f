package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void standardWebhooksScheduleByDefault() {
        assertThat(RetrySchedule.parse(RetrySchedule.STANDARD_WEBHOOKS)).containsExactly(Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
                Duration.ofHours(10), Duration.ofHours(10));
        assertThat(RetrySchedule.total(RetrySchedule.parse(RetrySchedule.STANDARD_WEBHOOKS)))
                .isEqualTo(Duration.ofSeconds(5).plusMinutes(35).plusHours(27));
        assertThat(RetrySchedule.parse(" 1s, 2m ,3h")).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(2),
                Duration.ofHours(3));
    }

    @Test
    void refusesWhatIsNotADelay() {
        assertThatThrownBy(() -> RetrySchedule.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RetrySchedule.parse("5s,,5m")).hasMessageContaining("'' is not a delay");
        assertThatThrownBy(() -> RetrySchedule.parse("5 seconds")).hasMessageContaining("is not a delay");
        assertThatThrownBy(() -> RetrySchedule.parse("0s")).hasMessageContaining("from 1s to 24h");
        assertThatThrownBy(() -> RetrySchedule.parse("25h")).hasMessageContaining("from 1s to 24h");
        assertThatThrownBy(() -> RetrySchedule.parse("-1s")).hasMessageContaining("is not a delay");
        assertThatThrownBy(() -> RetrySchedule.parse("1s,".repeat(21) + "1s")).hasMessageContaining("at most 20");
    }
}

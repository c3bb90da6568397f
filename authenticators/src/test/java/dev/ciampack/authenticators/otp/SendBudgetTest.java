package dev.ciampack.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SendBudgetTest {

    private static Map<String, String> state(long started, int count, long last) {
        return Map.of("started", String.valueOf(started), "count", String.valueOf(count), "last", String.valueOf(last));
    }

    @Test
    @DisplayName("a first send is allowed; the next waits for the cooldown")
    void cooldown() {
        assertThat(SendBudget.decide(null, 0, 30, 3, 900).allowed()).isTrue();

        SendBudget.Decision tooSoon = SendBudget.decide(state(0, 1, 0), 12_000, 30, 3, 900);

        assertThat(tooSoon.allowed()).isFalse();
        assertThat(tooSoon.exhausted()).isFalse();
        assertThat(tooSoon.retryAfterSeconds()).isEqualTo(18);
        assertThat(SendBudget.decide(state(0, 1, 0), 30_000, 30, 3, 900).allowed()).isTrue();
    }

    @Test
    @DisplayName("after the cap the budget is exhausted until the window ends")
    void cap() {
        SendBudget.Decision exhausted = SendBudget.decide(state(0, 3, 100_000), 200_000, 30, 3, 900);

        assertThat(exhausted.allowed()).isFalse();
        assertThat(exhausted.exhausted()).isTrue();
        assertThat(exhausted.retryAfterSeconds()).isEqualTo(700);
        assertThat(SendBudget.decide(state(0, 3, 100_000), 900_000, 30, 3, 900).allowed()).isTrue();
    }

    @Test
    @DisplayName("keys hash the destination and ignore its case")
    void keys() {
        String key = SendBudget.key("ciam-email-code", "realm-1", "user-1", "Ana@Example.com");

        assertThat(key).startsWith("ciam.send:ciam-email-code:realm-1:").doesNotContain("example");
        assertThat(SendBudget.key("ciam-email-code", "realm-1", "user-1", "ana@example.com")).isEqualTo(key);
        assertThat(SendBudget.key("ciam-email-code", "realm-2", "user-1", "ana@example.com")).isNotEqualTo(key);
    }
}

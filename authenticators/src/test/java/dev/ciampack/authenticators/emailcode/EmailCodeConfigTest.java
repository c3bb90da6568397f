package dev.ciampack.authenticators.emailcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.InvalidConfigException;

class EmailCodeConfigTest {

    @Test
    @DisplayName("without configuration the DESIGN defaults apply: 6 digits, 5 min, 5 guesses, 30 s, 3 per 15 min")
    void defaults() {
        assertThat(EmailCodeConfig.of(null)).isEqualTo(new EmailCodeConfig(6, 300, 5, 30, 3, 900, false, false));
    }

    @Test
    @DisplayName("values inside the bounds are taken")
    void withinBounds() {
        assertThat(EmailCodeConfig.parse(Map.of("code-length", "8", "code-ttl", "600", "max-attempts", "3",
                "resend-cooldown", "10", "max-sends", "5", "send-window", "3600", "sign-up", "true")))
                .isEqualTo(new EmailCodeConfig(8, 600, 3, 10, 5, 3600, true, false));
    }

    @Test
    @DisplayName("out-of-bounds or non-numeric values are refused, every one named with its range")
    void outOfBounds() {
        assertThatThrownBy(() -> EmailCodeConfig.parse(Map.of("code-ttl", "86400", "code-length", "4",
                "max-attempts", "lots", "sign-up", "yes")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "Sign up on first use (sign-up) must be true or false",
                        "Code length (code-length) is 4; allowed: 6 to 8",
                        "Code lifetime in seconds (code-ttl) is 86400; allowed: 60 to 600",
                        "Wrong guesses per code (max-attempts) must be a whole number from 1 to 10, not 'lots'"))
                .hasMessageStartingWith("ciam-email-code configuration refused: ");
    }
}

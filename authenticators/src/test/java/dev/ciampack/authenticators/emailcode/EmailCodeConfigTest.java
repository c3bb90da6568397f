package dev.ciampack.authenticators.emailcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;

class EmailCodeConfigTest {

    @Test
    @DisplayName("without configuration the DESIGN defaults apply: 6 digits, 5 min, 5 guesses, 30 s, 3 per network per 15 min, "
            + "10 per address per hour from new networks, 10 per network and 1000 per realm per hour, 20 wrong codes per "
            + "network per hour, no account lockout")
    void defaults() {
        assertThat(EmailCodeConfig.of(null)).isEqualTo(new EmailCodeConfig(6, 300, 5, new SendLimits(30, 3, 900, 10, 10, 1000), 20, false, false,
                false, false));
    }

    @Test
    @DisplayName("values inside the bounds are taken")
    void withinBounds() {
        assertThat(EmailCodeConfig.parse(Map.ofEntries(Map.entry("code-length", "8"), Map.entry("code-ttl", "600"),
                Map.entry("max-attempts", "3"), Map.entry("resend-cooldown", "10"), Map.entry("max-sends", "5"),
                Map.entry("send-window", "3600"), Map.entry("sign-up", "true"), Map.entry("max-sends-per-destination", "20"),
                Map.entry("max-sends-per-client", "50"), Map.entry("max-sends-per-realm", "5000"),
                Map.entry("max-wrong-codes-per-client", "100"), Map.entry("brute-force-lockout", "true"),
                Map.entry("keep-earlier-access", "true"))))
                .isEqualTo(new EmailCodeConfig(8, 600, 3, new SendLimits(10, 5, 3600, 20, 50, 5000), 100, true, true,
                        false, true));
    }

    @Test
    @DisplayName("out-of-bounds or non-numeric values are refused, every one named with its range")
    void outOfBounds() {
        assertThatThrownBy(() -> EmailCodeConfig.parse(Map.of("code-ttl", "86400", "code-length", "4",
                "max-attempts", "lots", "sign-up", "yes")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "Code length (code-length) is 4; allowed: 6 to 8",
                        "Code lifetime in seconds (code-ttl) is 86400; allowed: 60 to 600",
                        "Wrong guesses per code (max-attempts) must be a whole number from 1 to 10, not 'lots'",
                        "Sign up on first use (sign-up) must be true or false"))
                .hasMessageStartingWith("ciam-email-code configuration refused: ");
    }
}

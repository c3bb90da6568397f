package dev.ciampack.authenticators.magiclink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;

class MagicLinkConfigTest {

    @Test
    @DisplayName("defaults: 5-minute links, 30 s cooldown, 3 per 15 minutes, cross-device denied")
    void defaults() {
        assertThat(MagicLinkConfig.DEFAULTS)
                .isEqualTo(new MagicLinkConfig(300, new SendLimits(30, 3, 900, 10, 10, 1000), MagicLinkConfig.CrossDevice.DENY, false, false));
        assertThat(MagicLinkConfig.parse(null)).isEqualTo(MagicLinkConfig.DEFAULTS);
    }

    @Test
    @DisplayName("values within bounds are taken; the cross-device mode is case-insensitive")
    void parsesValues() {
        MagicLinkConfig config = MagicLinkConfig.parse(Map.of("link-ttl", "600", "resend-cooldown", "10",
                "max-sends", "10", "send-window", "300", "cross-device", " Continue-Original "));
        assertThat(config).isEqualTo(
                new MagicLinkConfig(600, new SendLimits(10, 10, 300, 10, 10, 1000),
                        MagicLinkConfig.CrossDevice.CONTINUE_ORIGINAL, false, false));
    }

    @Test
    @DisplayName("a link may not live longer than 10 minutes; every refused value is listed")
    void refusesOutOfBounds() {
        assertThatThrownBy(() -> MagicLinkConfig.parse(Map.of("link-ttl", "86400", "cross-device", "anywhere",
                "max-sends", "x")))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).errors()).containsExactlyInAnyOrder(
                        "Link opened on another device (cross-device) must be one of [deny, continue-original]",
                        "Link lifetime in seconds (link-ttl) is 86400; allowed: 60 to 600",
                        "Links per address and network per window (max-sends) must be a whole number from 1 to 10, not 'x'"));
    }
}

package dev.ciampack.authenticators.smscode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;

class SmsCodeConfigTest {

    @Test
    @DisplayName("defaults follow the pack's code rules; no default region; phone_number; server's sender")
    void defaults() {
        assertThat(SmsCodeConfig.DEFAULTS).isEqualTo(new SmsCodeConfig(6, 300, 5, new SendLimits(30, 3, 900, 10, 10, 1000), 20, false, false, "",
                "phone_number", "", false));
    }

    @Test
    void parses() {
        assertThat(SmsCodeConfig.parse(Map.of("default-region", "br", "phone-attribute", "mobile", "sms-sender", "http",
                "sign-up", "true", "code-ttl", "120")))
                .isEqualTo(new SmsCodeConfig(6, 120, 5, new SendLimits(30, 3, 900, 10, 10, 1000), 20, false, true, "BR", "mobile",
                        "http", false));
    }

    @Test
    @DisplayName("refuses an unknown region, a bad attribute name, a bad sender id and out-of-range limits")
    void refuses() {
        assertThatThrownBy(() -> SmsCodeConfig.parse(Map.of("default-region", "XX", "phone-attribute", "a b",
                "sms-sender", "HTTP!", "code-ttl", "3600")))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).errors()).containsExactlyInAnyOrder(
                        "Default region (default-region) must be an ISO 3166 region code such as BR or US, not 'XX'",
                        "Phone number attribute (phone-attribute) must be a User Profile attribute name, not 'a b'",
                        "SMS sender (sms-sender) must be a provider id such as log or http",
                        "Code lifetime in seconds (code-ttl) is 3600; allowed: 60 to 600"));
    }
}

package dev.ciampack.authenticators.passkeynudge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.InvalidConfigException;

class PasskeyNudgeDocsTest {

    @Test
    @DisplayName("every nudge option is in the README's table; bad values are refused")
    void optionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (BoundedSetting s : PasskeyNudgeConfig.SETTINGS) {
            assertThat(readme).contains("| " + s.label() + " | `" + s.key() + "` | integer | `" + s.defaultValue()
                    + "` | " + s.min() + " to " + s.max() + " |");
        }
        assertThat(new PasskeyNudgeAuthenticatorFactory().getConfigProperties()).extracting(p -> p.getName())
                .containsExactly("after-sign-ins", "snooze-days");
        assertThat(PasskeyNudgeConfig.DEFAULTS).isEqualTo(new PasskeyNudgeConfig(3, 30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasskeyNudgeConfig.parse(Map.of("snooze-days", "0")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("allowed: 1 to 365");
    }
}

package dev.ciampack.authenticators.emailcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.BoundedSetting;

class EmailCodeDocsTest {

    @Test
    @DisplayName("every email-code option is in the README's table with its label, key, default and range")
    void optionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (BoundedSetting s : EmailCodeConfig.SETTINGS) {
            assertThat(readme).contains("| " + s.label() + " | `" + s.key() + "` | integer | `" + s.defaultValue()
                    + "` | " + s.min() + " to " + s.max() + " |");
        }
        var keys = new java.util.ArrayList<>(EmailCodeConfig.SETTINGS.stream().map(BoundedSetting::key).toList());
        for (var b : java.util.List.of(EmailCodeConfig.SIGN_UP, EmailCodeConfig.INCLUDE_LINK,
                dev.ciampack.authenticators.otp.CodeSettings.BRUTE_FORCE_LOCKOUT,
                dev.ciampack.authenticators.otp.CodeSettings.KEEP_EARLIER_ACCESS)) {
            assertThat(readme).contains("| " + b.label() + " | `" + b.key() + "` | boolean | `" + b.defaultValue() + "` |");
            keys.add(b.key());
        }
        assertThat(new EmailCodeAuthenticatorFactory().getConfigProperties())
                .extracting(p -> p.getName()).containsExactlyElementsOf(keys);
    }
}

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
        assertThat(readme).contains("| Sign up on first use | `" + EmailCodeConfig.SIGN_UP + "` | boolean | `"
                + EmailCodeConfig.DEFAULT_SIGN_UP + "` |");
        var keys = new java.util.ArrayList<>(EmailCodeConfig.SETTINGS.stream().map(BoundedSetting::key).toList());
        keys.add(EmailCodeConfig.SIGN_UP);
        keys.add(EmailCodeConfig.INCLUDE_LINK);
        assertThat(readme).contains("| Also send a sign-in link | `" + EmailCodeConfig.INCLUDE_LINK + "` | boolean | `"
                + EmailCodeConfig.DEFAULT_INCLUDE_LINK + "` |");
        assertThat(new EmailCodeAuthenticatorFactory().getConfigProperties())
                .extracting(p -> p.getName()).containsExactlyElementsOf(keys);
    }
}

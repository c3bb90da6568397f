package dev.ciampack.authenticators.smscode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.sms.http.HttpSmsSenderFactory;

class SmsCodeDocsTest {

    @Test
    @DisplayName("every SMS-code option and every http sender server option is in the README")
    void optionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (BoundedSetting s : SmsCodeConfig.SETTINGS) {
            assertThat(readme).contains("| " + s.label() + " | `" + s.key() + "` | integer | `" + s.defaultValue()
                    + "` | " + s.min() + " to " + s.max() + " |");
        }
        var keys = new ArrayList<>(SmsCodeConfig.SETTINGS.stream().map(BoundedSetting::key).toList());
        keys.addAll(java.util.List.of(SmsCodeConfig.SIGN_UP.key(), dev.ciampack.authenticators.otp.CodeSettings
                .BRUTE_FORCE_LOCKOUT.key(), SmsCodeConfig.DEFAULT_REGION, SmsCodeConfig.PHONE_ATTRIBUTE, SmsCodeConfig.SENDER,
                dev.ciampack.authenticators.otp.CodeSettings.KEEP_EARLIER_ACCESS.key()));
        for (var property : new SmsCodeAuthenticatorFactory().getConfigProperties()) {
            assertThat(readme).contains("| " + property.getLabel() + " | `" + property.getName() + "` |");
        }
        assertThat(new SmsCodeAuthenticatorFactory().getConfigProperties()).extracting(p -> p.getName())
                .containsExactlyElementsOf(keys);
        for (var option : new HttpSmsSenderFactory().getConfigMetadata()) {
            String env = "KC_SPI_CIAM_SMS_SENDER__HTTP__" + option.getName().toUpperCase().replace('-', '_');
            assertThat(readme).contains("| `--spi-ciam-sms-sender--http--" + option.getName() + "` | `" + env + "` |");
        }
    }
}

package dev.ciampack.authenticators.magiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.otp.BoundedSetting;

class MagicLinkDocsTest {

    @Test
    @DisplayName("every magic-link option is in the README's table with its label, key, default and range")
    void optionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (BoundedSetting s : MagicLinkConfig.SETTINGS) {
            assertThat(readme).contains("| " + s.label() + " | `" + s.key() + "` | integer | `" + s.defaultValue()
                    + "` | " + s.min() + " to " + s.max() + " |");
        }
        String modes = Arrays.stream(MagicLinkConfig.CrossDevice.values()).map(MagicLinkConfig.CrossDevice::value)
                .collect(Collectors.joining(", "));
        assertThat(readme).contains("| Link opened on another device | `" + MagicLinkConfig.CROSS_DEVICE + "` | list | `"
                + MagicLinkConfig.DEFAULT_CROSS_DEVICE.value() + "` | " + modes + " |");
        var keys = new ArrayList<>(MagicLinkConfig.SETTINGS.stream().map(BoundedSetting::key).toList());
        keys.add(MagicLinkConfig.CROSS_DEVICE);
        var lockout = dev.ciampack.authenticators.otp.CodeSettings.BRUTE_FORCE_LOCKOUT;
        assertThat(readme).contains("| " + lockout.label() + " | `" + lockout.key() + "` | boolean | `false` |");
        keys.add(lockout.key());
        var keep = dev.ciampack.authenticators.otp.FirstProof.KEEP_EARLIER_ACCESS;
        assertThat(readme).contains("| " + keep.label() + " | `" + keep.key() + "` | boolean | `false` |");
        keys.add(keep.key());
        assertThat(new MagicLinkAuthenticatorFactory().getConfigProperties())
                .extracting(p -> p.getName()).containsExactlyElementsOf(keys);
    }
}

package dev.ciampack.consent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class ConsentDocsTest {

    @Test
    @DisplayName("every server option of the consent store is in the README's table with its env name and default")
    void serverOptionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (ProviderConfigProperty option : new DefaultConsentProviderFactory().getConfigMetadata()) {
            String cli = "--spi-ciam-consent--default--" + option.getName();
            String env = "KC_SPI_CIAM_CONSENT__DEFAULT__" + option.getName().toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(readme).contains("| `" + cli + "` | `" + env + "` | `" + option.getDefaultValue() + "` |");
        }
    }
}

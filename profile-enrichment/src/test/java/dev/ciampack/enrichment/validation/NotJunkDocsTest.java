package dev.ciampack.enrichment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class NotJunkDocsTest {

    @Test
    @DisplayName("every option and every built-in word of the validator is in the README")
    void documented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (ProviderConfigProperty option : new NotJunkValidator().getConfigProperties()) {
            assertThat(readme).contains("| " + option.getLabel() + " | `" + option.getName() + "` |");
        }
        for (String word : NotJunkRules.DEFAULT_WORDS) {
            assertThat(readme).as(word).containsPattern("[ (,]" + java.util.regex.Pattern.quote(word) + "[,)]");
        }
    }
}

package dev.ciampack.themes.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.ciampack.common.Brand;

class BrandDocsTest {

    @Test
    @DisplayName("every field of the brand page is in the README's table with its English label, key and variable")
    void fieldsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Properties english = new Properties();
        Path messages = Path.of("src/main/resources/theme-resources/messages/messages_en.properties");
        try (Reader in = Files.newBufferedReader(messages, StandardCharsets.ISO_8859_1)) {
            english.load(in);
        }
        for (ProviderConfigProperty field : new BrandPage().getConfigProperties()) {
            String variable = Brand.VARIABLES.get(field.getName());
            assertThat(readme).as(field.getName()).contains("| " + english.getProperty(field.getLabel()) + " | `"
                    + field.getName() + "` | " + (variable == null ? "(web font import)" : "`" + variable + "`")
                    + " |");
        }
    }
}

package dev.ciampack.themes.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.ciampack.common.Brand;

class BrandDocsTest {

    @Test
    @DisplayName("every field of the brand page is in the README's table with its label, key and variable")
    void fieldsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ProviderConfigProperty field : new BrandPage().getConfigProperties()) {
            String variable = Brand.VARIABLES.get(field.getName());
            assertThat(readme).as(field.getName()).contains("| " + field.getLabel() + " | `" + field.getName() + "` | "
                    + (variable == null ? "(web font import)" : "`" + variable + "`") + " |");
        }
    }
}

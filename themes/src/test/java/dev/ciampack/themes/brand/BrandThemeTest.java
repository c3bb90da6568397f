package dev.ciampack.themes.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.common.Brand;

class BrandThemeTest {

    @Test
    @DisplayName("every field of the brand page maps to a variable brand.css declares, with the defaults emails use")
    void everyVariableIsDeclaredByTheTheme() throws Exception {
        String themeCss;
        try (var in = BrandThemeTest.class.getResourceAsStream("/theme/ciam/login/resources/css/brand.css")) {
            themeCss = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String variable : Brand.VARIABLES.values()) {
            assertThat(themeCss).as(variable).contains(variable + ":");
        }
        assertThat(themeCss).contains("--ciam-brand-primary: " + Brand.DEFAULT_PRIMARY + ";")
                .contains("--ciam-brand-logo-height: " + Brand.DEFAULT_LOGO_HEIGHT + "px;");
    }
}

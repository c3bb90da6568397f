package dev.ciampack.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrandTest {

    private static Map<String, List<String>> config(String... keyValues) {
        java.util.Map<String, List<String>> config = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return config;
    }

    @Test
    @DisplayName("the fields given become the theme's variables; empty ones keep the theme's value")
    void writesGivenVariables() {
        Brand brand = Brand.parse(config(Brand.PRIMARY, "#C2185B", Brand.RADIUS, "4", Brand.LOGO_HEIGHT, "56",
                Brand.LOGO_URL, "https://cdn.shop.example/logo.svg", Brand.FONT, "\"Open Sans\", Arial, sans-serif",
                Brand.TEXT, ""));

        assertThat(brand.css()).isEqualTo("""
                :root {
                  --ciam-brand-font: "Open Sans", Arial, sans-serif;
                  --ciam-brand-logo: url("https://cdn.shop.example/logo.svg");
                  --ciam-brand-logo-height: 56px;
                  --ciam-brand-primary: #c2185b;
                  --ciam-brand-radius: 4px;
                }
                """);
        assertThat(brand.values()).doesNotContainKey(Brand.TEXT);
    }

    @Test
    @DisplayName("a web font is imported before the rule; nothing set is an empty stylesheet")
    void webFontAndEmpty() {
        assertThat(Brand.parse(config(Brand.WEB_FONT_URL, "https://fonts.example/css?family=Inter")).css())
                .isEqualTo("@import url(\"https://fonts.example/css?family=Inter\");\n");
        assertThat(Brand.parse(Map.of()).css()).isEmpty();
    }

    @Test
    @DisplayName("CSS injection, script URLs and out-of-range numbers are refused, every field named at once")
    void refusesInjection() {
        assertThatThrownBy(() -> Brand.parse(config(
                Brand.PRIMARY, "red; background:url(https://evil.example/x)",
                Brand.BACKGROUND, "#12345",
                Brand.LOGO_URL, "javascript:alert(1)",
                Brand.LOGO_URL_DARK, "https://cdn.example/a\"); } body { display:none",
                Brand.WEB_FONT_URL, "http://fonts.example/css",
                Brand.FONT, "Arial; } * { color: red",
                Brand.RADIUS, "8px",
                Brand.LOGO_HEIGHT, "1000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primaryColor: 'red; background:url(https://evil.example/x)' is not a colour")
                .hasMessageContaining("backgroundColor: '#12345' is not a colour")
                .hasMessageContaining("logoUrl: 'javascript:alert(1)' is not")
                .hasMessageContaining("logoUrlDark: ")
                .hasMessageContaining("webFontUrl: 'http://fonts.example/css' is not an https address")
                .hasMessageContaining("fontStack: ")
                .hasMessageContaining("cornerRadius: '8px' is not a corner radius in pixels")
                .hasMessageContaining("logoHeight: '1000' is not a logo height in pixels");
    }

    @Test
    @DisplayName("an unbalanced quote in a font stack is refused (it would swallow the rest of the stylesheet)")
    void unbalancedQuote() {
        assertThatThrownBy(() -> Brand.parse(config(Brand.FONT, "\"Open Sans, Arial")))
                .hasMessageContaining("fontStack: ");
        assertThat(Brand.parse(config(Brand.FONT, "'Open Sans', Arial")).values()).containsKey(Brand.FONT);
    }

    @Test
    @DisplayName("emails take the primary colour (or the theme's) with a readable label colour, and the logo when set")
    void emailAttributes() {
        assertThat(Brand.parse(Map.of()).email()).containsExactly(Map.entry("primary", Brand.DEFAULT_PRIMARY),
                Map.entry("onPrimary", "#ffffff"));
        assertThat(Brand.parse(config(Brand.PRIMARY, "#FFD600", Brand.LOGO_URL, "https://cdn.example/l.png",
                Brand.LOGO_HEIGHT, "120")).email()).containsExactly(Map.entry("primary", "#ffd600"),
                Map.entry("onPrimary", "#000000"), Map.entry("logoUrl", "https://cdn.example/l.png"),
                Map.entry("logoHeight", 80));
        assertThat(Brand.onColour("#6a1b9a")).isEqualTo("#ffffff");
        assertThat(Brand.onColour("#fff")).isEqualTo("#000000");
    }
}

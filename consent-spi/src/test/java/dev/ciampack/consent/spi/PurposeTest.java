package dev.ciampack.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PurposeTest {

    private final Purpose purpose = new Purpose("p", 1, false,
            Map.of("en", "Offers", "pt-BR", "Ofertas", "de", "Angebote"),
            Map.of("en", "Offers by email", "pt-BR", "Ofertas por e-mail", "de", "Angebote per E-Mail"), null, List.of());

    @Test
    @DisplayName("texts fall back from the exact tag to its language, then to English")
    void localeFallback() {
        assertThat(purpose.title("pt-BR")).isEqualTo("Ofertas");
        assertThat(purpose.title("pt-PT")).isEqualTo("Ofertas");
        assertThat(purpose.title("de-AT")).isEqualTo("Angebote");
        assertThat(purpose.title("fr")).isEqualTo("Offers");
        assertThat(purpose.title(null)).isEqualTo("Offers");
        assertThat(purpose.resolveLocale("pt-PT")).isEqualTo("pt-BR");
    }

    @Test
    @DisplayName("without English the first language tag in order is the fallback")
    void fallbackWithoutEnglish() {
        Purpose noEnglish = new Purpose("p", 1, false, Map.of("pt-BR", "Ofertas", "de", "Angebote"),
                Map.of("pt-BR", "x", "de", "y"), null, null);
        assertThat(noEnglish.title("fr")).isEqualTo("Angebote");
    }

    @Test
    @DisplayName("the policy link of a language: its own, else the one for all languages, else English or any")
    void policyLinkPerLanguage() {
        Purpose both = new Purpose("p", 1, false, Map.of("en", "Offers"), Map.of("en", "x"),
                "https://shop.example/privacy", List.of(), null, Map.of("pt-BR", "https://loja.example/privacidade"));
        assertThat(both.policyUrl("pt-BR")).isEqualTo("https://loja.example/privacidade");
        assertThat(both.policyUrl("pt")).isEqualTo("https://loja.example/privacidade");
        assertThat(both.policyUrl("de")).isEqualTo("https://shop.example/privacy");
        assertThat(both.policyUrl(null)).isEqualTo("https://shop.example/privacy");
        Purpose perLanguageOnly = new Purpose("p", 1, false, Map.of("en", "Offers"), Map.of("en", "x"), null,
                List.of(), null, Map.of("pt-BR", "https://loja.example/p", "en", "https://shop.example/p"));
        assertThat(perLanguageOnly.policyUrl("de")).isEqualTo("https://shop.example/p");
        assertThat(purpose.policyUrl("pt-BR")).isNull();
    }

    @Test
    @DisplayName("decisions parse case-insensitively and reject anything else")
    void decisions() {
        assertThat(Decision.parse("GRANTED")).isEqualTo(Decision.GRANTED);
        assertThat(Decision.parse(" withdrawn ")).isEqualTo(Decision.WITHDRAWN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decision.parse("yes"))
                .hasMessage("decision must be 'granted' or 'withdrawn', not 'yes'");
    }
}

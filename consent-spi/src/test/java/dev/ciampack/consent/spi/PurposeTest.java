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
    @DisplayName("decisions parse case-insensitively and reject anything else")
    void decisions() {
        assertThat(Decision.parse("GRANTED")).isEqualTo(Decision.GRANTED);
        assertThat(Decision.parse(" withdrawn ")).isEqualTo(Decision.WITHDRAWN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decision.parse("yes"))
                .hasMessage("decision must be 'granted' or 'withdrawn', not 'yes'");
    }
}

package dev.ciampack.enrichment.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimValuesTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "birthdate|1990-04-05|1990-04-05",
        "birthdate|1990|1990",
        "birthdate|0000-04-05|0000-04-05",
        "birthdate|31/12/1990|NULL",
        "birthdate|1990-02-30|NULL",
        "birthdate|1800-01-01|NULL",
        "locale|pt_BR|pt-BR",
        "locale|PT-br|pt-BR",
        "locale|en|en",
        "locale|!!|NULL",
        "picture|https://cdn.example/a.png|https://cdn.example/a.png",
        "picture|http://cdn.example/a.png|NULL",
        "picture|javascript:alert(1)|NULL",
        "picture|https://user:pw@cdn.example/a.png|NULL",
        "given_name|'  Ana  '|Ana",
    })
    void normalizes(String claim, String raw, String expected) {
        assertThat(ClaimValues.normalize(claim, N.textNode(raw))).isEqualTo(expected);
    }

    @Test
    @DisplayName("objects, arrays, blanks, control characters and overlong text are dropped")
    void drops() {
        assertThat(ClaimValues.normalize("address", N.objectNode().put("street", "x"))).isNull();
        assertThat(ClaimValues.normalize("groups", N.arrayNode().add("a"))).isNull();
        assertThat(ClaimValues.normalize("nickname", N.textNode("  "))).isNull();
        assertThat(ClaimValues.normalize("nickname", N.textNode("a\u0000b"))).isNull();
        assertThat(ClaimValues.normalize("nickname", N.textNode("x".repeat(256)))).isNull();
        assertThat(ClaimValues.normalize("email_verified", N.booleanNode(true))).isEqualTo("true");
        assertThat(ClaimValues.normalize("email_verified", N.textNode("yes"))).isNull();
        assertThat(ClaimValues.normalize("nickname", null)).isNull();
    }

    @Test
    void mappings() {
        assertThat(ClaimValues.mappings("birthdate=birthdate\n# comment\n\nlocale = preferredLanguage, picture=picture"))
                .containsExactly(java.util.Map.entry("birthdate", "birthdate"),
                        java.util.Map.entry("locale", "preferredLanguage"), java.util.Map.entry("picture", "picture"));
        assertThatThrownBy(() -> ClaimValues.mappings("birthdate")).hasMessageContaining("must look like claim=attribute");
        assertThatThrownBy(() -> ClaimValues.mappings("birth date=x y")).hasMessageContaining("invalid claim or attribute");
    }
}

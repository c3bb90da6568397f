package dev.ciampack.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

class PurposesJsonTest {

    private static final String VALID = """
            [{"id": "marketing_email", "version": 2, "required": false,
              "title": {"en": "Marketing emails", "pt-BR": "E-mails de marketing"},
              "description": {"en": "News and offers by email.", "pt-BR": "Novidades e ofertas por e-mail."},
              "policyUrl": "https://shop.example/privacy#marketing",
              "policyUrls": {"pt-BR": "https://loja.example/privacidade#marketing"},
              "dataCategories": ["email", "purchase_history"]},
             {"id": "terms", "version": 1, "required": true,
              "title": {"en": "Terms"}, "description": {"en": "The terms of service."}}]""";

    @Test
    @DisplayName("valid purposes parse with every field, and write back to the same purposes")
    void validPurposesRoundTrip() {
        List<Purpose> purposes = PurposesJson.parse(VALID);

        assertThat(purposes).extracting(Purpose::id).containsExactly("marketing_email", "terms");
        Purpose marketing = purposes.get(0);
        assertThat(marketing.version()).isEqualTo(2);
        assertThat(marketing.required()).isFalse();
        assertThat(marketing.title("pt-BR")).isEqualTo("E-mails de marketing");
        assertThat(marketing.dataCategories()).containsExactly("email", "purchase_history");
        assertThat(marketing.policyUrl("pt-BR")).isEqualTo("https://loja.example/privacidade#marketing");
        assertThat(marketing.policyUrl("en")).isEqualTo("https://shop.example/privacy#marketing");
        assertThat(purposes.get(1).required()).isTrue();
        assertThat(purposes.get(1).policyUrl()).isNull();
        assertThat(PurposesJson.parse(PurposesJson.write(purposes))).isEqualTo(purposes);
    }

    @Test
    @DisplayName("every problem of an invalid definition is reported with where it is")
    void invalidDefinitionsListEveryProblem() {
        String invalid = """
                [{"id": "Marketing", "version": 0, "title": {}, "description": {"english": "x"},
                  "policyUrl": "javascript:alert(1)", "dataCategories": ["E Mail"], "requird": true},
                 {"id": "ok_id", "version": "2", "required": "yes", "title": {"en": ""}, "description": {"en": "d"}},
                 {"id": "ok_id", "version": 1, "title": {"en": "t"}, "description": {"en": "d"}}]""";

        assertThatThrownBy(() -> PurposesJson.parse(invalid))
                .isInstanceOfSatisfying(InvalidPurposesException.class, e -> assertThat(e.errors()).containsExactly(
                        "purposes[0] has unknown field 'requird' (allowed: dataCategories, description, gpc, id, "
                                + "policyUrl, policyUrls, required, title, version)",
                        "purposes[0].id must be 2 to 40 characters: a lower-case letter, then lower-case letters, "
                                + "digits or '_' (got \"Marketing\")",
                        "purposes[0].version must be a whole number of 1 or more (got 0)",
                        "purposes[0].title must be an object of language tag to text with at least one entry, "
                                + "e.g. {\"en\": \"...\"}",
                        "purposes[0].description key 'english' is not a language tag such as en or pt-BR",
                        "purposes[0].policyUrl must be an absolute http or https URL (got \"javascript:alert(1)\")",
                        "purposes[0].dataCategories has \"E Mail\"; use lower-case names such as email or "
                                + "purchase_history",
                        "purposes[1].version must be a whole number of 1 or more (got \"2\")",
                        "purposes[1].required must be true or false (got \"yes\")",
                        "purposes[1].title.en must be non-empty text",
                        "purposes[2].id 'ok_id' is used by another purpose"));
    }

    @Test
    @DisplayName("a policy link per language must be keyed by a language tag and be an http or https URL")
    void policyLinksPerLanguageChecked() {
        String invalid = """
                [{"id": "news", "version": 1, "title": {"en": "t"}, "description": {"en": "d"},
                  "policyUrls": {"portuguese": "https://loja.example/p", "pt-BR": "javascript:alert(1)", "de": 7}},
                 {"id": "more", "version": 1, "title": {"en": "t"}, "description": {"en": "d"},
                  "policyUrls": "https://shop.example/p"}]""";
        assertThatThrownBy(() -> PurposesJson.parse(invalid))
                .isInstanceOfSatisfying(InvalidPurposesException.class, e -> assertThat(e.errors()).containsExactly(
                        "purposes[0].policyUrls key 'portuguese' is not a language tag such as en or pt-BR",
                        "purposes[0].policyUrls.pt-BR must be an absolute http or https URL (got "
                                + "\"javascript:alert(1)\")",
                        "purposes[0].policyUrls.de must be an absolute http or https URL (got 7)",
                        "purposes[1].policyUrls must be an object of language tag to http or https URL, "
                                + "e.g. {\"pt-BR\": \"https://...\"}"));
    }

    @Test
    @DisplayName("text that is not a JSON array is rejected with a clear message")
    void notAnArray() {
        assertThatThrownBy(() -> PurposesJson.parse("{\"id\": \"x\"}"))
                .hasMessageContaining("purposes must be a JSON array of purpose objects");
        assertThatThrownBy(() -> PurposesJson.parse("[{"))
                .hasMessageContaining("purposes are not valid JSON");
    }

    @Test
    @DisplayName("a purpose's version may go up or stay, never down")
    void versionNeverGoesDown() {
        List<Purpose> before = PurposesJson.parse(VALID);
        List<Purpose> raised = PurposesJson.parse(VALID.replace("\"version\": 2", "\"version\": 3"));
        List<Purpose> lowered = PurposesJson.parse(VALID.replace("\"version\": 2", "\"version\": 1"));

        PurposesJson.checkReplacement(before, raised);
        PurposesJson.checkReplacement(before, before);
        assertThatThrownBy(() -> PurposesJson.checkReplacement(before, lowered))
                .hasMessageContaining("version of 'marketing_email' cannot go down from 2 to 1");
    }

    @Test
    @DisplayName("more than 50 purposes are refused")
    void tooMany() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i)
                    .append("\",\"version\":1,\"title\":{\"en\":\"t\"},\"description\":{\"en\":\"d\"}}");
        }
        assertThatThrownBy(() -> PurposesJson.parse(json.append("]").toString()))
                .hasMessageContaining("at most 50 purposes are allowed, got 51");
    }

    @Test
    @DisplayName("gpc: \"opt-out\" marks a sale or sharing of data; kept through write; other values and required refused")
    void gpc() {
        List<Purpose> purposes = PurposesJson.parse("""
                [{"id": "ads", "version": 1, "gpc": "opt-out", "title": {"en": "Ads"}, "description": {"en": "Shared."}},
                 {"id": "news", "version": 1, "title": {"en": "News"}, "description": {"en": "Mail."}}]""");

        assertThat(purposes.get(0).optedOutByGpc()).isTrue();
        assertThat(purposes.get(1).optedOutByGpc()).isFalse();
        assertThat(PurposesJson.parse(PurposesJson.write(purposes))).isEqualTo(purposes);
        assertThat(PurposesJson.write(purposes)).containsOnlyOnce("\"gpc\":\"opt-out\"");
        assertThatThrownBy(() -> PurposesJson.parse("""
                [{"id": "terms", "version": 1, "required": true, "gpc": "opt-out", "title": {"en": "T"},
                  "description": {"en": "T."}},
                 {"id": "ads", "version": 1, "gpc": true, "title": {"en": "A"}, "description": {"en": "A."}},
                 {"id": "ads2", "version": 1, "gpc": "opt-in", "title": {"en": "A"}, "description": {"en": "A."}}]"""))
                .isInstanceOf(InvalidPurposesException.class)
                .hasMessageContaining("purposes[0] cannot be both required and gpc opt-out")
                .hasMessageContaining("purposes[1].gpc must be \"opt-out\"")
                .hasMessageContaining("purposes[2].gpc must be \"opt-out\"");
    }
}

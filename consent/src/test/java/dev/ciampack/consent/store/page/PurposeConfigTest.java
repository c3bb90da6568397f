package dev.ciampack.consent.store.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

class PurposeConfigTest {

    private static final Purpose NEWSLETTER = new Purpose("newsletter", 2, false,
            Map.of("en", "Newsletter", "pt-BR", "Boletim"), Map.of("en", "A weekly mail.", "pt-BR", "Um e-mail semanal."),
            "https://shop.example/privacy", List.of("email"), Purpose.GPC_OPT_OUT,
            Map.of("pt-BR", "https://loja.example/privacidade"));
    private static final Purpose TERMS = new Purpose("terms", 1, true, Map.of("en", "Terms"),
            Map.of("en", "The terms of service."), null, List.of());

    @Test
    @DisplayName("a purpose survives the trip to the page's config and back unchanged")
    void roundTrip() {
        MultivaluedHashMap<String, String> config = PurposeConfig.config(NEWSLETTER);
        assertThat(config.getFirst("title")).isEqualTo(
                "[{\"key\":\"en\",\"value\":\"Newsletter\"},{\"key\":\"pt-BR\",\"value\":\"Boletim\"}]");
        assertThat(config.getFirst("policyUrls")).isEqualTo(
                "[{\"key\":\"pt-BR\",\"value\":\"https://loja.example/privacidade\"}]");
        assertThat(PurposeConfig.merge(List.of(TERMS), config)).containsExactly(TERMS, NEWSLETTER);
        assertThat(PurposeConfig.merge(List.of(TERMS, NEWSLETTER), config)).containsExactly(TERMS, NEWSLETTER);
        assertThat(PurposeConfig.merge(List.of(), PurposeConfig.config(TERMS))).containsExactly(TERMS);
    }

    @Test
    @DisplayName("an edited purpose keeps its place in the list; a new one goes last")
    void editKeepsPlace() {
        MultivaluedHashMap<String, String> config = PurposeConfig.config(TERMS);
        config.putSingle("version", "3");
        List<Purpose> next = PurposeConfig.merge(List.of(TERMS, NEWSLETTER), config);
        assertThat(next).extracting(Purpose::id).containsExactly("terms", "newsletter");
        assertThat(next.get(0).version()).isEqualTo(3);
    }

    @Test
    @DisplayName("every problem of the page's purpose is named by its field; a language given twice is one of them")
    void problemsNamedByField() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("purposeId", "newsletter");
        config.putSingle("version", "1");
        config.putSingle("title", "[{\"key\":\"en\",\"value\":\"A\"},{\"key\":\"en\",\"value\":\"B\"}]");
        config.putSingle("description", "not json");
        config.putSingle("policyUrl", "javascript:alert(1)");
        config.putSingle("policyUrls", "[{\"key\":\"pt-BR\",\"value\":\"ftp://loja.example/p\"}]");
        assertThatThrownBy(() -> PurposeConfig.merge(List.of(TERMS, NEWSLETTER), config))
                .isInstanceOfSatisfying(InvalidPurposesException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "title has language 'en' twice",
                        "description must be a list of language and text pairs",
                        "description must be an object of language tag to text with at least one entry, e.g. {\"en\": \"...\"}",
                        "policyUrl must be an absolute http or https URL (got \"javascript:alert(1)\")",
                        "policyUrls.pt-BR must be an absolute http or https URL (got \"ftp://loja.example/p\")"));
        config.remove("policyUrls");
        config.putSingle("title", "[{\"key\":\"en\",\"value\":\"A\"}]");
        config.putSingle("description", "[{\"key\":\"en\",\"value\":\"B\"}]");
        config.remove("policyUrl");
        assertThatThrownBy(() -> PurposeConfig.merge(List.of(TERMS, NEWSLETTER), config))
                .isInstanceOfSatisfying(InvalidPurposesException.class, e -> assertThat(e.errors())
                        .containsExactly("version of 'newsletter' cannot go down from 2 to 1"));
    }

    @Test
    @DisplayName("blank form fields are left out: no policy URL, no categories, version 1 for a new purpose")
    void blankFields() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("purposeId", "surveys");
        config.putSingle("version", "");
        config.putSingle("policyUrl", " ");
        config.put("dataCategories", List.of(""));
        config.putSingle("title", "[{\"key\":\"en\",\"value\":\"Surveys\"},{\"key\":\"\",\"value\":\"\"}]");
        config.putSingle("description", "[{\"key\":\"en\",\"value\":\"Now and then a question.\"}]");
        Purpose surveys = PurposeConfig.merge(List.of(), config).get(0);
        assertThat(surveys).isEqualTo(new Purpose("surveys", 1, false, Map.of("en", "Surveys"),
                Map.of("en", "Now and then a question."), null, List.of()));
    }
}

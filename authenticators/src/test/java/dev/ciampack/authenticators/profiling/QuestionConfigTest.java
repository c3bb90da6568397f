package dev.ciampack.authenticators.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

class QuestionConfigTest {

    private static final ProfilingPolicy.Realm FACTS = new ProfilingPolicy.Realm(Set.of("homeType", "style", "city"),
            Set.of("homeType", "style", "city", "tier"), Set.of("personalization"), Set.of("shop"));
    private static final String POLICY = """
            {"perSignIn": 2, "questions": [{"attribute": "style", "fromSignIn": 3}, {"attribute": "city"}]}""";

    private static MultivaluedHashMap<String, String> form(String... pairs) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.putSingle(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static List<String> order(String policy) {
        return ProfilingPolicy.parse(policy, null).questions().stream().map(ProfilingPolicy.Question::attribute).toList();
    }

    @Test
    @DisplayName("a new question goes to its position (the others move along), or last; perSignIn is kept")
    void position() {
        assertThat(order(QuestionConfig.merge(POLICY, form("attribute", "homeType", "position", "1"), FACTS).policy()))
                .containsExactly("homeType", "style", "city");
        assertThat(order(QuestionConfig.merge(POLICY, form("attribute", "homeType"), FACTS).policy()))
                .containsExactly("style", "city", "homeType");
        assertThat(order(QuestionConfig.merge(POLICY, form("attribute", "style", "position", "9"), FACTS).policy()))
                .as("an edit moves the question, beyond the end is last").containsExactly("city", "style");
        assertThat(ProfilingPolicy.parse(QuestionConfig.merge(POLICY, form("attribute", "homeType"), FACTS).policy(), null)
                .perSignIn()).isEqualTo(2);
        assertThat(order(QuestionConfig.merge(null, form("attribute", "city"), FACTS).policy()))
                .as("no policy yet").containsExactly("city");
    }

    @Test
    @DisplayName("benefit texts get the default key ciam-profile.benefit.<attribute> unless a key is given")
    void benefitKey() {
        QuestionConfig.Merged merged = QuestionConfig.merge(POLICY, form("attribute", "homeType", "benefitText",
                "[{\"key\":\"pt-BR\",\"value\":\"Para acertar.\"},{\"key\":\"\",\"value\":\"\"}]"), FACTS);
        assertThat(merged.benefitKey()).isEqualTo("ciam-profile.benefit.homeType");
        assertThat(merged.benefitTexts()).containsExactly(Map.entry("pt-BR", "Para acertar."));
        assertThat(QuestionConfig.merge(POLICY, form("attribute", "homeType", "benefit", "my.key"), FACTS).benefitKey())
                .isEqualTo("my.key");
        assertThat(ProfilingPolicy.parse(QuestionConfig.merge(POLICY, form("attribute", "homeType"), FACTS).policy(), null)
                .questions().get(2).benefit()).as("no text, no key").isNull();
    }

    @Test
    @DisplayName("a policy question survives the trip to the page's config and back")
    void roundTrip() {
        String policy = """
                {"perSignIn": 1, "questions": [{"attribute": "homeType", "fromSignIn": 2, "clients": ["shop"],
                  "purpose": "personalization", "scope": "profile", "benefit": "ciam-profile.benefit.homeType",
                  "skippable": false, "snoozeDays": 10, "snoozeSignIns": 2}]}""";
        ProfilingPolicy.Question q = ProfilingPolicy.parse(policy, null).questions().get(0);
        MultivaluedHashMap<String, String> config = QuestionConfig.config(q, 0, Map.of("en", "So it fits."));
        QuestionConfig.Merged merged = QuestionConfig.merge(policy, config, FACTS);
        assertThat(ProfilingPolicy.parse(merged.policy(), null).questions()).containsExactly(q);
        assertThat(merged.benefitTexts()).containsExactly(Map.entry("en", "So it fits."));
    }

    @Test
    @DisplayName("every problem is named by field: not editable, unknown client and purpose, bounds, languages")
    void problems() {
        MultivaluedHashMap<String, String> config = form("attribute", "tier", "purpose", "ads", "snoozeDays", "x",
                "position", "first", "benefitText", "[{\"key\":\"en\",\"value\":\" \"},{\"key\":\"Klingon\",\"value\":\"x\"}]");
        config.put("clients", List.of("shop", "kiosk"));
        assertThatThrownBy(() -> QuestionConfig.merge(POLICY, config, FACTS))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "position must be a whole number of 1 or more (got 'first')",
                        "benefitText.en must be non-empty text",
                        "benefitText key 'Klingon' is not a language tag such as en or pt-BR",
                        "attribute 'tier' is not editable by users in the User Profile",
                        "clients: no client 'kiosk' in the realm",
                        "purpose 'ads' is not a consent purpose of the realm",
                        "snoozeDays must be a whole number from 0 to 365, not \"x\""));
    }
}

package dev.ciampack.consent.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsentModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("a type is granted only when every purpose it lists may be used; unmapped types are denied")
    void states() {
        Map<String, List<String>> mapping = Map.of("ad_storage", List.of("ads"), "ad_personalization",
                List.of("ads", "personalization"), "analytics_storage", List.of("analytics"));

        Map<String, String> states = ConsentMode.states(mapping, Set.of("ads", "analytics")::contains);

        assertThat(states).containsExactly(Map.entry("ad_storage", "granted"), Map.entry("analytics_storage", "granted"),
                Map.entry("ad_user_data", "denied"), Map.entry("ad_personalization", "denied"));
        assertThat(ConsentMode.states(Map.of(), p -> true)).as("no mapping: all denied").containsOnlyKeys(ConsentMode.TYPES)
                .allSatisfy((type, state) -> assertThat(state).isEqualTo("denied"));
    }

    @Test
    @DisplayName("a mapping names only Consent Mode types and the realm's purposes; every problem is named")
    void parse() throws Exception {
        assertThat(ConsentMode.parse(JSON.readTree("{\"ad_storage\": [\"ads\"], \"analytics_storage\": [\"analytics\"]}"),
                Set.of("ads", "analytics"))).containsEntry("ad_storage", List.of("ads"));
        assertThatThrownBy(() -> ConsentMode.parse(JSON.readTree("""
                {"ad_storage": ["nope"], "functionality_storage": ["ads"], "ad_user_data": [], "analytics_storage": "x"}"""),
                Set.of("ads")))
                .hasMessageContaining("ad_storage: \"nope\" is not a purpose of this realm")
                .hasMessageContaining("'functionality_storage' is not a Consent Mode v2 type")
                .hasMessageContaining("ad_user_data must list 1 to 10 purpose ids")
                .hasMessageContaining("analytics_storage must list 1 to 10 purpose ids");
        assertThatThrownBy(() -> ConsentMode.parse(JSON.readTree("[]"), Set.of())).hasMessageContaining("must be an object");
    }
}

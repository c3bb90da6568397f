package dev.ciampack.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProfileChangesTest {

    @Test
    @DisplayName("Keycloak's previous_/updated_ details become changed attributes with old and new values")
    void changesFromDetails() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("previous_first_name", "Anna");
        details.put("updated_first_name", "Ana");
        details.put("previous_homeType", "");
        details.put("updated_homeType", "house");
        details.put("previous_email", "ana@old.example");
        details.put("updated_email", "ana@new.example");
        details.put("context", "ACCOUNT");
        details.put("previous_", "ignored");

        assertThat(CloudEvents.changesOf(details)).containsExactly(
                Map.entry("email", Map.of("old", "ana@old.example", "new", "ana@new.example")),
                Map.entry("firstName", Map.of("old", "Anna", "new", "Ana")),
                Map.entry("homeType", Map.of("new", "house")));
        assertThat(CloudEvents.changesOf(Map.of("context", "ACCOUNT"))).isEmpty();
    }
}

package dev.ciampack.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SegmentMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private static JsonNode message(String type, Map<String, String> traits, Map<String, ?> extra) throws Exception {
        return message(type, traits, extra, null);
    }

    private static JsonNode message(String type, Map<String, String> traits, Map<String, ?> extra,
                                    Map<String, Boolean> categories) throws Exception {
        String envelope = CloudEvents.envelope("evt-1", "https://id.example/realms/shop", type, T, "user-1", "shop",
                "web", traits, extra);
        return JSON.readTree(SegmentMessages.batchOf(java.util.List.of(SegmentMessages.message(envelope, categories))))
                .get("batch").get(0);
    }

    @Test
    @DisplayName("registrations are identify calls with the allowed traits; messageId is the event id")
    void identify() throws Exception {
        JsonNode m = message("user.registered", Map.of("firstName", "Ana"), Map.of());
        assertThat(m.get("type").asText()).isEqualTo("identify");
        assertThat(m.get("userId").asText()).isEqualTo("user-1");
        assertThat(m.get("messageId").asText()).isEqualTo("evt-1");
        assertThat(m.get("traits").toString()).isEqualTo("{\"firstName\":\"Ana\"}");
        assertThat(m.get("timestamp").asText()).isEqualTo(T.toString());
    }

    @Test
    @DisplayName("a sink's consent categories travel as Segment's consent object on every message, not as properties")
    void consentObject() throws Exception {
        JsonNode track = message("user.logged_in", Map.of(), Map.of(), Map.of("Analytics", true, "Advertising", false));
        JsonNode identify = message("user.profile_updated", Map.of("firstName", "Ana"), Map.of(),
                Map.of("Analytics", false));
        JsonNode without = message("user.logged_in", Map.of(), Map.of());

        assertThat(track.at("/context/consent/categoryPreferences").toString())
                .isIn("{\"Analytics\":true,\"Advertising\":false}", "{\"Advertising\":false,\"Analytics\":true}");
        assertThat(track.path("properties").has("consentCategories")).isFalse();
        assertThat(identify.at("/context/consent/categoryPreferences/Analytics").asBoolean(true)).isFalse();
        assertThat(without.path("context").has("consent")).isFalse();
    }

    @Test
    @DisplayName("a linked anonymous id is an alias from it to the user; logins and consent are tracks")
    void aliasAndTrack() throws Exception {
        JsonNode alias = message("user.identified", Map.of(), Map.of("anonymousId", "anon-123456"));
        JsonNode login = message("user.logged_in", Map.of("firstName", "Ana"), Map.of());
        JsonNode consent = message("consent.withdrawn", Map.of(), Map.of("purpose", "analytics"));

        assertThat(alias.get("type").asText()).isEqualTo("alias");
        assertThat(alias.get("previousId").asText()).isEqualTo("anon-123456");
        assertThat(login.get("type").asText()).isEqualTo("track");
        assertThat(login.get("event").asText()).isEqualTo("Signed In");
        assertThat(login.get("properties").has("traits")).isFalse();
        assertThat(login.at("/properties/clientId").asText()).isEqualTo("web");
        assertThat(consent.get("event").asText()).isEqualTo("Consent Withdrawn");
        assertThat(consent.at("/properties/purpose").asText()).isEqualTo("analytics");
    }
}

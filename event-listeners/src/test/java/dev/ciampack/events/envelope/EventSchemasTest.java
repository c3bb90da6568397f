package dev.ciampack.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.events.sinks.SinksJson;

/** Every event type has a schema; what the pack emits for a type validates against it, and not against others. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Consumers map the schemas' ids to wherever they keep the files. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://ciampack.dev/schema/", "classpath:schema/")));

    static JsonSchema schema(String type) {
        return FACTORY.getSchema(SchemaLocation.of("https://ciampack.dev/schema/events/" + type + ".schema.json"));
    }

    static JsonNode emitted(String type) throws Exception {
        Map<String, String> traits = CloudEvents.isNotice(type) ? Map.of() : Map.of("firstName", "Ana");
        Map<String, String> extra = switch (type) {
            case "consent.granted", "consent.withdrawn" -> Map.of("purpose", "analytics", "purposeVersion", "2",
                    "channel", "account");
            case "user.identified" -> Map.of("anonymousId", "anon-7f3a9c21");
            default -> Map.of();
        };
        return JSON.readTree(CloudEvents.envelope("5f0c2b6e-9a1d-4c52-8a51-7b2ad1e5c0aa", "https://id.example/realms/shop",
                type, Instant.parse("2026-11-29T14:02:11.123Z"), "8d1c0b7e", "shop", "shop-web", traits, extra));
    }

    @Test
    @DisplayName("each event type's schema accepts what the pack emits for it")
    void everyTypeValidates() throws Exception {
        for (String type : SinksJson.EVENT_TYPES) {
            assertThat(schema(type).validate(emitted(type))).as(type).isEmpty();
        }
    }

    @Test
    @DisplayName("the schemas are not pass-throughs: wrong type, missing purpose, traits on a notice, unknown fields fail")
    void schemasRefuse() throws Exception {
        assertThat(schema("consent.granted").validate(emitted("user.logged_in"))).isNotEmpty();
        JsonNode consent = emitted("consent.withdrawn");
        ((com.fasterxml.jackson.databind.node.ObjectNode) consent.get("data")).remove("purpose");
        assertThat(schema("consent.withdrawn").validate(consent)).isNotEmpty();
        JsonNode deleted = emitted("user.deleted");
        ((com.fasterxml.jackson.databind.node.ObjectNode) deleted.at("/data/traits")).put("email", "a@example.com");
        assertThat(schema("user.deleted").validate(deleted)).isNotEmpty();
        JsonNode login = emitted("user.logged_in");
        ((com.fasterxml.jackson.databind.node.ObjectNode) login.get("data")).put("password", "x");
        assertThat(schema("user.logged_in").validate(login)).as("envelope rules apply through $ref").isNotEmpty();
        JsonNode identified = emitted("user.identified");
        ((com.fasterxml.jackson.databind.node.ObjectNode) identified.get("data")).remove("anonymousId");
        assertThat(schema("user.identified").validate(identified)).isNotEmpty();
    }
}

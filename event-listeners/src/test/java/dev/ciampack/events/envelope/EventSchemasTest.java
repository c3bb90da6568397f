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
        Map<String, Object> traits = CloudEvents.isNotice(type) ? Map.of()
                : Map.of("firstName", "Ana", "segments", java.util.List.of("home-owner", "mid-century"));
        Map<String, Object> extra = switch (type) {
            case "consent.granted", "consent.withdrawn" -> Map.of("purpose", "analytics", "purposeVersion", 2,
                    "channel", "account_page");
            case "user.identified" -> Map.of("anonymousId", "anon-7f3a9c21");
            case "user.logged_in" -> Map.of("method", "email_code", "methods", java.util.List.of("email_code"),
                    "sessionType", "new");
            case "user.profile_updated" -> Map.of("changed", java.util.List.of("firstName", "homeType"),
                    CloudEvents.CHANGES, Map.of("firstName", Map.of("old", "Anna", "new", "Ana")));
            case "user.identity_linked" -> Map.of("identityProvider", "google");
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
        ((com.fasterxml.jackson.databind.node.ObjectNode) login.get("data")).put("clientId", 7);
        assertThat(schema("user.logged_in").validate(login)).as("envelope rules apply through $ref").isNotEmpty();
        JsonNode channel = emitted("consent.granted");
        ((com.fasterxml.jackson.databind.node.ObjectNode) channel.get("data")).put("channel", "account");
        assertThat(schema("consent.granted").validate(channel)).as("channel values are the ones the pack sends")
                .isNotEmpty();
        JsonNode version = emitted("consent.granted");
        ((com.fasterxml.jackson.databind.node.ObjectNode) version.get("data")).put("purposeVersion", "2");
        assertThat(schema("consent.granted").validate(version)).as("a version is a number").isNotEmpty();
        JsonNode other = emitted("user.registered");
        ((com.fasterxml.jackson.databind.node.ObjectNode) other).put("dataschema",
                CloudEvents.dataschema("user.registered").replace(".schema", ".v2.schema"));
        assertThat(schema("user.registered").validate(other)).as("another dataschema version").isNotEmpty();
        JsonNode identified = emitted("user.identified");
        ((com.fasterxml.jackson.databind.node.ObjectNode) identified.get("data")).remove("anonymousId");
        assertThat(schema("user.identified").validate(identified)).isNotEmpty();
    }

    @Test
    @DisplayName("additions within a dataschema version validate: a new envelope field, a new data field, a new type")
    void additionsAreCompatible() throws Exception {
        for (String type : SinksJson.EVENT_TYPES) {
            JsonNode event = emitted(type);
            assertThat(event.get("dataschema").asText()).isEqualTo("https://ciampack.dev/schema/events/" + type
                    + ".schema.json");
            ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("traceparent", "00-abc-def-01");
            ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data")).put("addedLater", "x");
            assertThat(schema(type).validate(event)).as(type).isEmpty();
        }
        JsonNode future = emitted("user.logged_in");
        ((com.fasterxml.jackson.databind.node.ObjectNode) future).put("type", "user.logged_out");
        FACTORY.getSchema(SchemaLocation.of("https://ciampack.dev/schema/envelope.schema.json")).validate(future)
                .forEach(m -> { throw new AssertionError("a new type breaks the envelope: " + m); });
    }

    @Test
    @DisplayName("a ping validates against its schema, carries no person, and is not a user event")
    void ping() throws Exception {
        JsonNode ping = JSON.readTree(CloudEvents.ping("0b6b0d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e",
                "https://id.example/realms/shop", Instant.parse("2026-12-03T10:00:00Z"), "shop", "crm"));
        assertThat(schema("ping").validate(ping)).isEmpty();
        assertThat(ping.at("/data/sink").asText()).isEqualTo("crm");
        assertThat(ping.has("partitionkey")).isFalse();
        assertThat(schema("user.logged_in").validate(ping)).isNotEmpty();
    }

    @Test
    @DisplayName("the new fields are checked: a sign-in needs its method and a known session type, a link its provider, "
            + "a trait is a string or a list of strings")
    void newFieldsRefuse() throws Exception {
        JsonNode login = emitted("user.logged_in");
        ((com.fasterxml.jackson.databind.node.ObjectNode) login.get("data")).remove("method");
        assertThat(schema("user.logged_in").validate(login)).isNotEmpty();
        JsonNode odd = emitted("user.logged_in");
        ((com.fasterxml.jackson.databind.node.ObjectNode) odd.get("data")).put("sessionType", "resumed");
        assertThat(schema("user.logged_in").validate(odd)).isNotEmpty();
        JsonNode link = emitted("user.identity_linked");
        ((com.fasterxml.jackson.databind.node.ObjectNode) link.get("data")).remove("identityProvider");
        assertThat(schema("user.identity_linked").validate(link)).isNotEmpty();
        JsonNode nested = emitted("user.registered");
        ((com.fasterxml.jackson.databind.node.ObjectNode) nested.at("/data/traits")).putObject("firstName").put("x", "y");
        assertThat(schema("user.registered").validate(nested)).isNotEmpty();
        JsonNode numbers = emitted("user.registered");
        ((com.fasterxml.jackson.databind.node.ObjectNode) numbers.at("/data/traits")).putArray("segments").add(1);
        assertThat(schema("user.registered").validate(numbers)).isNotEmpty();
    }
}

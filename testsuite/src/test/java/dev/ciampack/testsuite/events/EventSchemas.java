package dev.ciampack.testsuite.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

/**
 * The published JSON Schemas of the pack's events (the event-listeners module's {@code schema/} files, their
 * {@code https://ciampack.dev/schema/} ids mapped to the classpath), applied to events a sink received.
 */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://ciampack.dev/schema/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE, "classpath:schema/")));
    private static final Map<String, JsonSchema> BY_TYPE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema of one event type (it includes the envelope's rules). */
    public static JsonSchema of(String type) {
        return BY_TYPE.computeIfAbsent(type,
                t -> FACTORY.getSchema(SchemaLocation.of(BASE + "events/" + t + ".schema.json")));
    }

    /**
     * What is wrong with a received CloudEvents body: empty when it is valid against its type's schema and its
     * {@code dataschema} names that schema. A type without a published schema is a problem too.
     */
    public static List<String> problems(String body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        String type = event.path("type").asText();
        if (type.isEmpty() || !type.matches("[a-z][a-z_]*(\\.[a-z_]+)*")) {
            return List.of("no usable type: " + event.path("type"));
        }
        if (EventSchemas.class.getResource("/schema/events/" + type + ".schema.json") == null) {
            return List.of("no published schema for type " + type);
        }
        List<String> problems = of(type).validate(event).stream().map(m -> type + ": " + m.getMessage()).toList();
        if (problems.isEmpty() && !event.path("dataschema").asText().equals(BASE + "events/" + type + ".schema.json")) {
            return List.of(type + ": dataschema " + event.path("dataschema") + " is not the type's schema");
        }
        return problems;
    }

    /** Whether a body is a structured CloudEvent (webhook bodies; Segment batches are not). */
    public static boolean isCloudEvent(String body) {
        return body.startsWith("{") && body.contains("\"specversion\"");
    }
}

package dev.ciampack.events.sinks;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ciampack.events.webhook.StandardWebhooks;

/** Reads, checks and writes a realm's sinks (realm attribute {@code ciam.events.sinks}). */
public final class SinksJson {

    public static final String REALM_ATTRIBUTE = "ciam.events.sinks";
    public static final Set<String> EVENT_TYPES = Set.of("user.registered", "user.logged_in", "user.profile_updated",
            "user.deleted", "user.identified", "consent.granted", "consent.withdrawn");
    private static final Set<String> FIELDS = Set.of("id", "type", "url", "secrets", "writeKey", "events", "attributes",
            "purposes", "enabled");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SinksJson() {
    }

    /** @throws IllegalArgumentException listing every problem */
    public static List<Sink> parse(String text) {
        JsonNode root;
        try {
            root = text == null || text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("sinks are not valid JSON");
        }
        if (!root.isArray() || root.size() > 20) {
            throw new IllegalArgumentException("sinks must be a JSON list of at most 20 sinks");
        }
        List<String> errors = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String at = "sinks[" + i + "]";
            if (!node.isObject()) {
                errors.add(at + " must be an object");
                continue;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!FIELDS.contains(name)) {
                    errors.add(at + " has an unknown field '" + (name.length() > 30 ? name.substring(0, 30) : name) + "'");
                }
            }
            String id = node.path("id").asText("");
            if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                errors.add(at + ".id must be 1 to 40 of a-z, 0-9, '-'");
            } else if (!ids.add(id)) {
                errors.add(at + ".id '" + id + "' is used twice");
            }
            String type = node.path("type").asText(Sink.WEBHOOK);
            if (!Sink.WEBHOOK.equals(type) && !Sink.SEGMENT.equals(type)) {
                errors.add(at + ".type must be webhook or segment (kafka is planned)");
            }
            URI url = null;
            try {
                String defaultUrl = Sink.SEGMENT.equals(type) ? Sink.SEGMENT_DEFAULT_URL : "";
                url = URI.create(node.path("url").asText(defaultUrl));
                if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
                        || url.getHost() == null || url.getUserInfo() != null) {
                    errors.add(at + ".url must be an absolute http(s) URL without credentials");
                }
            } catch (IllegalArgumentException e) {
                errors.add(at + ".url is not a URL");
            }
            List<String> secrets = new ArrayList<>();
            if (Sink.SEGMENT.equals(type)) {
                String writeKey = node.path("writeKey").asText("");
                if (!writeKey.matches("[A-Za-z0-9_-]{8,200}")) {
                    errors.add(at + ".writeKey must be the source's write key");
                } else {
                    secrets.add(writeKey);
                }
            } else {
                for (JsonNode secret : node.path("secrets")) {
                    try {
                        StandardWebhooks.secretBytes(secret.asText());
                        secrets.add(secret.asText());
                    } catch (IllegalArgumentException e) {
                        errors.add(at + ".secrets: " + e.getMessage());
                    }
                }
                if (secrets.isEmpty() || secrets.size() > 2) {
                    errors.add(at + ".secrets must hold one or two whsec_ secrets (two while rotating)");
                }
            }
            Set<String> events = strings(node.get("events"));
            for (String event : events) {
                if (!EVENT_TYPES.contains(event)) {
                    errors.add(at + ".events: unknown event type '" + event + "'; known: " + new java.util.TreeSet<>(EVENT_TYPES));
                }
            }
            sinks.add(new Sink(id, type, url, List.copyOf(secrets), events, strings(node.get("attributes")),
                    strings(node.get("purposes")), !node.has("enabled") || node.get("enabled").asBoolean(true)));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return sinks;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> values = new LinkedHashSet<>();
        if (list != null && list.isArray()) {
            list.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** JSON of the sinks; with {@code masked}, secrets are replaced by their count (GET never shows them). */
    public static String write(List<Sink> sinks, boolean masked) {
        ArrayNode root = JSON.createArrayNode();
        for (Sink sink : sinks) {
            ObjectNode node = root.addObject().put("id", sink.id()).put("type", sink.type())
                    .put("url", sink.url().toString()).put("enabled", sink.enabled());
            if (masked) {
                node.put("secretCount", sink.secrets().size());
            } else if (Sink.SEGMENT.equals(sink.type())) {
                node.put("writeKey", sink.secrets().get(0));
            } else {
                ArrayNode secrets = node.putArray("secrets");
                sink.secrets().forEach(secrets::add);
            }
            ArrayNode events = node.putArray("events");
            sink.events().forEach(events::add);
            ArrayNode attributes = node.putArray("attributes");
            sink.attributes().forEach(attributes::add);
            ArrayNode purposes = node.putArray("purposes");
            sink.purposes().forEach(purposes::add);
        }
        return root.toString();
    }
}

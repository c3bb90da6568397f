package dev.ciampack.events.envelope;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.EventType;

import dev.ciampack.consent.spi.ConsentEventDetails;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.enrichment.api.EnrichmentDetails;

/** The pack's CloudEvents 1.0 envelope (structured JSON), see {@code schema/envelope.schema.json}. */
public final class CloudEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEvents() {
    }

    /**
     * The CloudEvents type of a Keycloak user event, or null when the pack does not publish it: the pack's
     * consent decisions ({@code UPDATE_CONSENT} with {@link ConsentEventDetails}) become
     * {@code consent.granted} / {@code consent.withdrawn}; linked anonymous ids ({@code CUSTOM_REQUIRED_ACTION}
     * with {@link EnrichmentDetails#USER_IDENTIFIED}) become {@code user.identified}.
     */
    public static String typeOf(org.keycloak.events.Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getType() == EventType.UPDATE_CONSENT && details.get(ConsentEventDetails.PURPOSE) != null) {
            return Decision.WITHDRAWN.value().equals(details.get(ConsentEventDetails.DECISION))
                    ? "consent.withdrawn" : "consent.granted";
        }
        if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION
                && EnrichmentDetails.USER_IDENTIFIED.equals(details.get(EnrichmentDetails.EVENT))) {
            return "user.identified";
        }
        return typeOf(event.getType());
    }

    /** {@code data.changes} of a profile update: old and new values, kept only for a sink's allow-listed attributes. */
    public static final String CHANGES = "changes";

    /**
     * Extra data of an event: purpose and decision, anonymous id, a linked identity provider, and for a
     * profile update the names of the changed attributes ({@code changed}) with their old and new values
     * ({@link #CHANGES}, which {@code EventsListener} cuts down to each sink's allow-list).
     */
    public static Map<String, Object> extraData(org.keycloak.events.Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        if (event.getType() == EventType.FEDERATED_IDENTITY_LINK && details.get("identity_provider") != null) {
            extra.put("identityProvider", details.get("identity_provider"));
        }
        if (event.getType() == EventType.UPDATE_PROFILE || event.getType() == EventType.UPDATE_EMAIL) {
            Map<String, Map<String, String>> changes = changesOf(details);
            if (!changes.isEmpty()) {
                extra.put("changed", java.util.List.copyOf(changes.keySet()));
                extra.put(CHANGES, changes);
            }
        }
        if (details.get(ConsentEventDetails.PURPOSE) != null) {
            extra.put("purpose", details.get(ConsentEventDetails.PURPOSE));
            // A notice version is a number, as in the consent REST API (the event detail holds its text).
            String version = details.getOrDefault(ConsentEventDetails.VERSION, "");
            extra.put("purposeVersion", version.matches("[0-9]{1,9}") ? (Object) Integer.valueOf(version) : version);
            extra.put("channel", details.getOrDefault(ConsentEventDetails.CHANNEL, ""));
        }
        if (details.get(EnrichmentDetails.ANONYMOUS_ID) != null) {
            extra.put("anonymousId", details.get(EnrichmentDetails.ANONYMOUS_ID));
        }
        return extra;
    }

    /**
     * The attributes a profile update changed, from Keycloak's {@code previous_<name>} / {@code updated_<name>}
     * details ({@code first_name}, {@code last_name} stand for {@code firstName}, {@code lastName}), each with
     * {@code old} and {@code new} (absent when there was or is no value; several values joined as Keycloak
     * records them in the event), sorted by name.
     */
    static Map<String, Map<String, String>> changesOf(Map<String, String> details) {
        Map<String, Map<String, String>> changes = new java.util.TreeMap<>();
        details.forEach((key, value) -> {
            String name = key.startsWith("previous_") ? key.substring("previous_".length())
                    : key.startsWith("updated_") ? key.substring("updated_".length()) : null;
            if (name == null || name.isEmpty()) {
                return;
            }
            name = switch (name) {
                case "first_name" -> "firstName";
                case "last_name" -> "lastName";
                default -> name;
            };
            Map<String, String> change = changes.computeIfAbsent(name, n -> new java.util.LinkedHashMap<>());
            if (value != null && !value.isEmpty()) {
                change.put(key.startsWith("previous_") ? "old" : "new", value);
            }
        });
        return changes;
    }

    /** The {@code data.purpose} of an envelope (a consent notice), or null. */
    public static String purposeOf(String envelope) {
        try {
            String purpose = JSON.readTree(envelope).path("data").path("purpose").asText(null);
            return purpose == null || purpose.isEmpty() ? null : purpose;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The CloudEvents type of a Keycloak user event type, or null. */
    public static String typeOf(EventType type) {
        return switch (type) {
            case REGISTER -> "user.registered";
            case LOGIN -> "user.logged_in";
            case UPDATE_PROFILE, UPDATE_EMAIL -> "user.profile_updated";
            case LOGOUT -> "user.logged_out";
            case VERIFY_EMAIL -> "user.email_verified";
            case FEDERATED_IDENTITY_LINK -> "user.identity_linked";
            // DELETE_ACCOUNT is one of several ways a user is removed: user.deleted comes from the removal itself.
            default -> null;
        };
    }

    /**
     * Notices (consent decisions, deletion) reach every sink that takes their type, whatever the
     * person's consent now is — a withdrawal or an erasure must be heard — and never carry traits.
     */
    public static boolean isNotice(String type) {
        return NOTICE_TYPES.contains(type);
    }

    /** The notice types (see {@link #isNotice}); a {@link #PING} is one too. */
    public static final java.util.List<String> NOTICE_TYPES = java.util.List.of("consent.granted", "consent.withdrawn",
            "user.deleted", "ping");

    /** A test event an administrator sends to one sink (no person, no data beyond the realm). */
    public static final String PING = "ping";

    /** Where the JSON Schema of a type lives; its URI is the event's {@code dataschema}. */
    public static final String SCHEMA_BASE = "https://ciampack.dev/schema/events/";

    /** The {@code dataschema} of a type (version 1 of its data: additions stay within it, see the README). */
    public static String dataschema(String type) {
        return SCHEMA_BASE + type + ".schema.json";
    }

    /** The ping envelope for a sink: {@code subject} is the sink id, no user. */
    public static String ping(String id, String source, Instant time, String realm, String sinkId) {
        ObjectNode root = attributes(id, source, PING, time, sinkId);
        root.putObject("data").put("realm", realm).put("sink", sinkId).putObject("traits");
        return root.toString();
    }

    /** The CloudEvents attributes every event has, in the order the pack writes them. */
    private static ObjectNode attributes(String id, String source, String type, Instant time, String subject) {
        return JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", source)
                .put("type", type)
                .put("time", time.toString())
                .put("subject", subject)
                .put("datacontenttype", "application/json")
                .put("dataschema", dataschema(type));
    }

    /** The envelope JSON text. */
    public static String envelope(String id, String source, String type, Instant time, String userId, String realm,
                                  String clientId, Map<String, String> traits) {
        return envelope(id, source, type, time, userId, realm, clientId, traits, Map.of());
    }

    /**
     * The envelope JSON text, with extra data fields (e.g. {@code purpose}, {@code anonymousId}, a sign-in's
     * {@code method}). Trait and extra values are strings, numbers, lists of strings or maps of them.
     */
    public static String envelope(String id, String source, String type, Instant time, String userId, String realm,
                                  String clientId, Map<String, ?> traits, Map<String, ?> extra) {
        ObjectNode root = attributes(id, source, type, time, userId).put("partitionkey", userId);
        ObjectNode data = root.putObject("data").put("realm", realm).put("userId", userId);
        if (clientId != null) {
            data.put("clientId", clientId);
        }
        extra.forEach((key, value) -> data.set(key, JSON.valueToTree(value)));
        ObjectNode traitNode = data.putObject("traits");
        traits.forEach((key, value) -> traitNode.set(key, JSON.valueToTree(value)));
        return root.toString();
    }
}

package dev.ciampack.events.envelope;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pack's CloudEvents as Segment HTTP tracking API messages, sent through its batch endpoint:
 * registrations and profile updates are {@code identify} with the allowed traits, a linked anonymous id
 * is an {@code alias} from it to the user id, everything else a {@code track}. {@code messageId} is the
 * event id, so Segment (and compatible collectors) deduplicate redeliveries.
 */
public final class SegmentMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TRACK_NAMES = Map.of("user.logged_in", "Signed In",
            "consent.granted", "Consent Granted", "consent.withdrawn", "Consent Withdrawn", "user.deleted", "User Deleted", "ping", "CIAM Ping",
            "user.logged_out", "Signed Out", "user.email_verified", "Email Verified", "user.identity_linked", "Identity Linked");


    /** The Segment {@code anonymousId} of a {@code ping} (which has no person). */
    public static final String PING_ANONYMOUS_ID = "ciam-pack-ping";

    private SegmentMessages() {
    }

    /** Segment's limit on one message (a larger one is refused). */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** Segment's limit on one batch request is 500 KB; the pack stays a little under it. */
    public static final int MAX_BATCH_BYTES = 480 * 1024;

    /** The {@code {"batch": [...]}} body for messages made by {@link #message}, in order. */
    public static String batchOf(List<String> messages) {
        return "{\"batch\":[" + String.join(",", messages) + "]}";
    }

    /**
     * The Segment message (JSON) for one envelope; {@code consentCategories} (category → whether the person grants its
     * purpose now, or null) goes out as Segment's consent object, {@code context.consent.categoryPreferences}.
     */
    public static String message(String envelope, Map<String, Boolean> consentCategories) {
        JsonNode event;
        try {
            event = JSON.readTree(envelope);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an envelope", e);
        }
        String type = event.path("type").asText();
        JsonNode data = event.path("data");
        ObjectNode message = JSON.createObjectNode()
                .put("messageId", event.path("id").asText())
                .put("timestamp", event.path("time").asText());
        if (type.equals(CloudEvents.PING)) {
            // No person: an anonymous id, so a test does not create a user named after the sink in the CDP.
            message.put("anonymousId", PING_ANONYMOUS_ID);
        } else {
            message.put("userId", event.path("subject").asText());
        }
        switch (type) {
            case "user.registered", "user.profile_updated" -> message.put("type", "identify")
                    .set("traits", data.path("traits").deepCopy());
            case "user.identified" -> message.put("type", "alias").put("previousId", data.path("anonymousId").asText());
            default -> {
                message.put("type", "track").put("event", TRACK_NAMES.getOrDefault(type, type));
                ObjectNode properties = message.putObject("properties");
                data.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("traits") && (f.getValue().isValueNode() || f.getValue().isArray())) {
                        properties.set(f.getKey(), f.getValue().deepCopy());
                    }
                });
            }
        }
        ObjectNode context = message.putObject("context");
        context.putObject("library").put("name", "ciam-pack").put("version", "1");
        if (consentCategories != null) {
            ObjectNode preferences = context.putObject("consent").putObject("categoryPreferences");
            consentCategories.forEach(preferences::put);
        }
        return message.toString();
    }
}

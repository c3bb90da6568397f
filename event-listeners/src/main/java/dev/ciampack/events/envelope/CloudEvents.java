package dev.ciampack.events.envelope;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.EventType;

/** The pack's CloudEvents 1.0 envelope (structured JSON), see {@code schema/envelope.schema.json}. */
public final class CloudEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEvents() {
    }

    /** The CloudEvents type of a Keycloak user event, or null when the pack does not publish it. */
    public static String typeOf(EventType type) {
        return switch (type) {
            case REGISTER -> "user.registered";
            case LOGIN -> "user.logged_in";
            case UPDATE_PROFILE, UPDATE_EMAIL -> "user.profile_updated";
            case DELETE_ACCOUNT -> "user.deleted";
            default -> null;
        };
    }

    /** The envelope JSON text. */
    public static String envelope(String id, String source, String type, Instant time, String userId, String realm,
                                  String clientId, Map<String, String> traits) {
        ObjectNode root = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", source)
                .put("type", type)
                .put("time", time.toString())
                .put("subject", userId)
                .put("datacontenttype", "application/json")
                .put("partitionkey", userId);
        ObjectNode data = root.putObject("data").put("realm", realm).put("userId", userId);
        if (clientId != null) {
            data.put("clientId", clientId);
        }
        ObjectNode traitNode = data.putObject("traits");
        traits.forEach(traitNode::put);
        return root.toString();
    }
}

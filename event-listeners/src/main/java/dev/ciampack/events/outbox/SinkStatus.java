package dev.ciampack.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

import dev.ciampack.events.sinks.Sink;

/** Per-sink delivery status, from Keycloak's outbox table. */
public final class SinkStatus {

    private SinkStatus() {
    }

    /**
     * {@code {"pending": n, "deadLetter": n, "delivered": n, "oldestPendingAgeSeconds": s, "lastError": "...",
     * "basis": "...", "purposes": [...], "justification": "..."}}; {@code sink} is null when the stored sink is
     * not valid (then {@code "basis": null}: it sends nothing).
     */
    public static String status(KeycloakSession session, String realmId, String sinkId, Sink sink) {
        OutboxRows rows = new OutboxRows(session);
        String owner = OutboxRows.owner(realmId, sinkId);
        Map<OutboxEntryStatus, Long> counts = rows.countStatusesForOwner(OutboxRows.KIND, owner);
        Map<OutboxEntryStatus, Instant> oldest = rows.oldestCreatedAtPerStatusForOwner(OutboxRows.KIND, owner);
        ObjectNode node = new ObjectMapper().createObjectNode()
                .put("pending", counts.getOrDefault(OutboxEntryStatus.PENDING, 0L))
                .put("deadLetter", counts.getOrDefault(OutboxEntryStatus.DEAD_LETTER, 0L))
                .put("delivered", counts.getOrDefault(OutboxEntryStatus.DELIVERED, 0L));
        Instant pending = oldest.get(OutboxEntryStatus.PENDING);
        node.put("oldestPendingAgeSeconds", pending == null ? 0 : Duration.between(pending, Instant.now()).toSeconds());
        node.put("lastError", rows.lastError(realmId, sinkId));
        node.put("basis", sink == null ? null : sink.basis());
        if (sink != null) {
            sink.purposes().forEach(node.putArray("purposes")::add);
            if (sink.justification() != null) {
                node.put("justification", sink.justification());
            }
        }
        return node.toString();
    }
}

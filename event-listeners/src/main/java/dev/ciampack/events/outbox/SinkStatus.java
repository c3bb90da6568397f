package dev.ciampack.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

/** Per-sink delivery status, from Keycloak's outbox table. */
public final class SinkStatus {

    private SinkStatus() {
    }

    /** {@code {"pending": n, "deadLetter": n, "delivered": n, "oldestPendingAgeSeconds": s, "lastError": "..."}}. */
    public static String status(KeycloakSession session, String realmId, String sinkId) {
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
        return node.toString();
    }
}

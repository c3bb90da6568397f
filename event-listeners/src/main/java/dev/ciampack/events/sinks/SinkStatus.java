package dev.ciampack.events.sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

/** Per-sink delivery status and replay of dead letters, on Keycloak's outbox table. */
public final class SinkStatus {

    private SinkStatus() {
    }

    /** {@code {"pending": n, "deadLetter": n, "delivered": n, "oldestPendingAgeSeconds": s, "lastError": "..."}}. */
    public static String status(KeycloakSession session, String entryKind, String owner) {
        OutboxStore store = new OutboxStore(session);
        Map<OutboxEntryStatus, Long> counts = store.countStatusesForOwner(entryKind, owner);
        Map<OutboxEntryStatus, Instant> oldest = store.oldestCreatedAtPerStatusForOwner(entryKind, owner);
        ObjectNode node = new ObjectMapper().createObjectNode()
                .put("pending", counts.getOrDefault(OutboxEntryStatus.PENDING, 0L))
                .put("deadLetter", counts.getOrDefault(OutboxEntryStatus.DEAD_LETTER, 0L))
                .put("delivered", counts.getOrDefault(OutboxEntryStatus.DELIVERED, 0L));
        Instant pending = oldest.get(OutboxEntryStatus.PENDING);
        node.put("oldestPendingAgeSeconds", pending == null ? 0 : Duration.between(pending, Instant.now()).toSeconds());
        List<String> errors = em(session).createQuery("SELECT e.lastError FROM OutboxEntryEntity e WHERE e.entryKind = "
                + ":kind AND e.ownerId = :owner AND e.lastError IS NOT NULL ORDER BY e.createdAt DESC", String.class)
                .setParameter("kind", entryKind).setParameter("owner", owner).setMaxResults(1).getResultList();
        node.put("lastError", errors.isEmpty() ? null : errors.get(0));
        return node.toString();
    }

    /** Puts a sink's dead letters back in the queue, attempts reset; returns how many. */
    public static int replay(KeycloakSession session, String entryKind, String owner) {
        return em(session).createQuery("UPDATE OutboxEntryEntity e SET e.status = :pending, e.attempts = 0, "
                        + "e.nextAttemptAt = :now, e.lastError = NULL WHERE e.entryKind = :kind AND e.ownerId = :owner "
                        + "AND e.status = :dead")
                .setParameter("pending", OutboxEntryStatus.PENDING).setParameter("now", Instant.now())
                .setParameter("kind", entryKind).setParameter("owner", owner)
                .setParameter("dead", OutboxEntryStatus.DEAD_LETTER).executeUpdate();
    }

    /** Makes a sink's pending rows due now (attempts and last error kept); returns how many. */
    public static int retryNow(KeycloakSession session, String entryKind, String owner) {
        return em(session).createQuery("UPDATE OutboxEntryEntity e SET e.nextAttemptAt = :now WHERE e.entryKind = :kind "
                        + "AND e.ownerId = :owner AND e.status = :pending")
                .setParameter("now", Instant.now()).setParameter("kind", entryKind).setParameter("owner", owner)
                .setParameter("pending", OutboxEntryStatus.PENDING).executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}

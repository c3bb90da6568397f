package dev.ciampack.events.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

/**
 * Keycloak's outbox store (table {@code OUTBOX_ENTRY}, Keycloak 26.7) plus the pack's own queries on it.
 * The only class of the pack that names the outbox entity's fields in a query or knows the format of
 * the pack's rows (entry kind, owner id): a Keycloak upgrade that changes the outbox touches this file
 * (and {@link OutboxCompatibility}, which checks at start-up that the shape is the expected one).
 *
 * <p>The pack's rows: entry kind {@link #KIND}; owner id {@code <realm id>:<sink id>} (sink ids are
 * unique per realm only); correlation id = the event id; entry type = the CloudEvents type; metadata =
 * the user id (so one person's rows can be found without reading payloads).
 */
public final class OutboxRows extends OutboxStore {

    /** The outbox entry kind of every row the pack writes. */
    public static final String KIND = "ciam-webhook";

    public OutboxRows(KeycloakSession session) {
        super(session);
    }

    /** Outbox owner of a sink. */
    public static String owner(String realmId, String sinkId) {
        return realmId + ":" + sinkId;
    }

    /** The sink id of an outbox owner written by {@link #owner}. */
    public static String sinkIdOf(String owner) {
        return owner.substring(owner.indexOf(':') + 1);
    }

    /** Queues one event for one sink (deduplicated by Keycloak on owner and event id). */
    public void enqueue(String realmId, String sinkId, String eventId, String type, String payload, String userId) {
        enqueuePending(KIND, realmId, owner(realmId, sinkId), null, eventId, type, payload, userId);
    }

    /** Deletes the person's rows still queued (pending or in flight) for these sinks, except the given types. */
    public int deleteQueued(String realmId, Collection<String> sinkIds, String userId, Collection<String> keptTypes) {
        if (sinkIds.isEmpty()) {
            return 0;
        }
        List<String> owners = sinkIds.stream().map(id -> owner(realmId, id)).toList();
        return em().createQuery("DELETE FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.ownerId IN :owners "
                        + "AND e.metadata = :user AND e.status IN :queued AND e.entryType NOT IN :kept")
                .setParameter("kind", KIND).setParameter("owners", owners).setParameter("user", userId)
                .setParameter("queued", OutboxEntryStatus.QUEUED).setParameter("kept", keptTypes).executeUpdate();
    }

    /** Deletes every row of the person, whatever its sink and state (queued, dead letter or delivered). */
    public int deleteAllOf(String realmId, String userId) {
        return em().createQuery("DELETE FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.realmId = :realm "
                        + "AND e.metadata = :user")
                .setParameter("kind", KIND).setParameter("realm", realmId).setParameter("user", userId).executeUpdate();
    }

    /** Payloads of the person's rows of {@code type} still queued for the same sink as {@code entry}, created after it. */
    public List<String> queuedAfter(OutboxEntryEntity entry, String type) {
        return em().createQuery("SELECT e.payload FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.ownerId = :owner "
                        + "AND e.metadata = :user AND e.entryType = :type AND e.status IN :queued AND e.createdAt > :after",
                        String.class)
                .setParameter("kind", KIND).setParameter("owner", entry.getOwnerId()).setParameter("user", entry.getMetadata())
                .setParameter("type", type).setParameter("queued", OutboxEntryStatus.QUEUED)
                .setParameter("after", entry.getCreatedAt()).getResultList();
    }

    /** The most recent error recorded on any row of the sink, or null. */
    public String lastError(String realmId, String sinkId) {
        List<String> errors = em().createQuery("SELECT e.lastError FROM OutboxEntryEntity e WHERE e.entryKind = "
                        + ":kind AND e.ownerId = :owner AND e.lastError IS NOT NULL ORDER BY e.createdAt DESC", String.class)
                .setParameter("kind", KIND).setParameter("owner", owner(realmId, sinkId)).setMaxResults(1).getResultList();
        return errors.isEmpty() ? null : errors.get(0);
    }

    /** Puts a sink's dead letters back in the queue, attempts reset; returns how many. */
    public int replay(String realmId, String sinkId) {
        return em().createQuery("UPDATE OutboxEntryEntity e SET e.status = :pending, e.attempts = 0, "
                        + "e.nextAttemptAt = :now, e.lastError = NULL WHERE e.entryKind = :kind AND e.ownerId = :owner "
                        + "AND e.status = :dead")
                .setParameter("pending", OutboxEntryStatus.PENDING).setParameter("now", Instant.now())
                .setParameter("kind", KIND).setParameter("owner", owner(realmId, sinkId))
                .setParameter("dead", OutboxEntryStatus.DEAD_LETTER).executeUpdate();
    }

    /** Makes a sink's pending rows due now (attempts and last error kept); returns how many. */
    public int retryNow(String realmId, String sinkId) {
        return em().createQuery("UPDATE OutboxEntryEntity e SET e.nextAttemptAt = :now WHERE e.entryKind = :kind "
                        + "AND e.ownerId = :owner AND e.status = :pending")
                .setParameter("now", Instant.now()).setParameter("kind", KIND)
                .setParameter("owner", owner(realmId, sinkId))
                .setParameter("pending", OutboxEntryStatus.PENDING).executeUpdate();
    }

    /**
     * Deletes at most {@code max} rows of {@code status} that expired before {@code cutoff}, the oldest
     * first (delivered rows by delivery time, others by creation time); returns how many.
     */
    public int purgeExpired(OutboxEntryStatus status, Instant cutoff, int max) {
        String timeField = status == OutboxEntryStatus.DELIVERED ? "deliveredAt" : "createdAt";
        List<String> ids = em().createQuery("SELECT e.id FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND "
                        + "e.status = :status AND e." + timeField + " < :cutoff ORDER BY e." + timeField, String.class)
                .setParameter("kind", KIND).setParameter("status", status)
                .setParameter("cutoff", cutoff).setMaxResults(max).getResultList();
        return ids.isEmpty() ? 0 : em().createQuery("DELETE FROM OutboxEntryEntity e WHERE e.id IN :ids")
                .setParameter("ids", ids).executeUpdate();
    }

    /** Deletes one row (claimed in this transaction). */
    public void remove(OutboxEntryEntity entry) {
        em().remove(entry);
    }

    private EntityManager em() {
        return getEntityManager();
    }
}

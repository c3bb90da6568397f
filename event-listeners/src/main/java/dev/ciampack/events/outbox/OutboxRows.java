package dev.ciampack.events.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * the user id (so one person's rows can be found without reading payloads); container id = the person
 * too ({@link #containerOf}: a short indexed column, where {@code metadata} is a LOB that is slow to compare
 * and to read in bulk), used by the per-person order check.
 */
public final class OutboxRows extends OutboxStore {

    /** The outbox entry kind of every row the pack writes. */
    public static final String KIND = "ciam-webhook";

    /** Rows marked delivered in this transaction and not written yet (see {@link #markDelivered}). */
    private final List<String> delivered = new ArrayList<>();
    /** Rows put off in this transaction without an attempt, by their new due time, not written yet ({@link #defer}). */
    private final Map<Instant, List<String>> deferred = new LinkedHashMap<>();
    /** Whether {@link #writeBatch} is enlisted to run before this transaction commits. */
    private boolean enlisted;

    public OutboxRows(KeycloakSession session) {
        super(session);
    }

    /**
     * Keycloak's {@code markDelivered} (one more attempt, status delivered, delivery time, no error), written for
     * the whole batch by one statement in {@link #writeBatch} instead of one update per row. Keycloak's entity
     * has no dynamic update, so each row's update would also write its payload and metadata again, two NCLOBs (on
     * H2 each a new large object, the old one deleted): the most of a drained row's database time. The entity is
     * detached once its fields say what the statement will write; the statement runs before the transaction
     * commits, whoever marked the rows (see {@link #noted}).
     */
    @Override
    public void markDelivered(OutboxEntryEntity entry) {
        entry.setAttempts(entry.getAttempts() + 1);
        entry.setStatus(OutboxEntryStatus.DELIVERED);
        entry.setDeliveredAt(Instant.now());
        entry.setLastError(null);
        em().detach(entry);
        delivered.add(entry.getId());
        noted();
    }

    /**
     * Puts a claimed row off until {@code until} without counting an attempt (it waits for an earlier row or a
     * failed sink); written with the others due at the same time by one statement in {@link #writeBatch}, for the
     * same reason as {@link #markDelivered}.
     */
    public void defer(OutboxEntryEntity entry, Instant until) {
        entry.setNextAttemptAt(until);
        em().detach(entry);
        deferred.computeIfAbsent(until, t -> new ArrayList<>()).add(entry.getId());
        noted();
    }

    /**
     * The first row noted in a transaction enlists {@link #writeBatch} in its prepare phase (before the database
     * commit), so what {@link #markDelivered} and {@link #defer} noted is written even when a caller does not
     * write it itself; a rollback forgets it.
     */
    private void noted() {
        if (enlisted) {
            return;
        }
        enlisted = true;
        session.getTransactionManager().enlistPrepare(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                writeBatch();
            }

            @Override
            protected void rollbackImpl() {
                delivered.clear();
                deferred.clear();
            }
        });
    }

    /**
     * Writes what {@link #markDelivered} and {@link #defer} noted in this transaction so far; returns how many rows.
     * Runs by itself before the transaction commits; calling it earlier writes the batch at that point.
     */
    public int writeBatch() {
        int written = 0;
        for (Map.Entry<Instant, List<String>> put : deferred.entrySet()) {
            written += em().createQuery("UPDATE OutboxEntryEntity e SET e.nextAttemptAt = :until WHERE e.id IN :ids")
                    .setParameter("until", put.getKey()).setParameter("ids", put.getValue()).executeUpdate();
        }
        deferred.clear();
        if (delivered.isEmpty()) {
            return written;
        }
        written += em().createQuery("UPDATE OutboxEntryEntity e SET e.status = :delivered, e.attempts = e.attempts + 1, "
                        + "e.deliveredAt = :now, e.lastError = NULL WHERE e.id IN :ids")
                .setParameter("delivered", OutboxEntryStatus.DELIVERED).setParameter("now", Instant.now())
                .setParameter("ids", List.copyOf(delivered)).executeUpdate();
        delivered.clear();
        return written;
    }

    /** Outbox owner of a sink. */
    public static String owner(String realmId, String sinkId) {
        return realmId + ":" + sinkId;
    }

    /** The sink id of an outbox owner written by {@link #owner}. */
    public static String sinkIdOf(String owner) {
        return owner.substring(owner.indexOf(':') + 1);
    }

    /**
     * One row to queue: an event for a sink, with the person it is about (or null) and when it is first due (null: at
     * once, the row's creation time, as Keycloak's rows are).
     */
    public record Queued(String sinkId, String eventId, String type, String payload, String userId, Instant due) {
    }

    /** Queues one event for one sink, due now (see {@link #enqueue(String, List)}). */
    public void enqueue(String realmId, String sinkId, String eventId, String type, String payload, String userId) {
        enqueue(realmId, List.of(new Queued(sinkId, eventId, type, payload, userId, null)));
    }

    /**
     * Queues rows (an event for each of its sinks): Keycloak's {@code enqueuePending} rows (pending, no attempt),
     * written by one statement of the kind Keycloak uses ({@code INSERT … ON CONFLICT DO NOTHING}, so the unique owner
     * and correlation id still keep an event from being queued twice for a sink) without Keycloak's look-up of an
     * existing row first. That look-up is one more query on the sign-in's thread per sink, and, like any query, made
     * Hibernate check every entity the sign-in had loaded for changes to flush first; the insert does not need that
     * flush either (it reads nothing the sign-in changed), so it runs in the transaction's commit-flush mode. One
     * statement for all the rows, not one per sink: Hibernate translates an insert again at every run (it caches no
     * plan for one), and each statement is a round trip and an executor start in the database (PostgreSQL; the
     * other databases get a statement per row, see {@link #multiRowConflictClause}).
     */
    public void enqueue(String realmId, List<Queued> rows) {
        if (rows.size() > 1 && !multiRowConflictClause()) {
            rows.forEach(row -> enqueue(realmId, List.of(row)));
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder hql = new StringBuilder("INSERT INTO OutboxEntryEntity (id, entryKind, realmId, ownerId, containerId, "
                + "correlationId, entryType, payload, metadata, status, attempts, nextAttemptAt, createdAt) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            hql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :kind, :realm, :owner").append(i)
                    .append(", :container").append(i).append(", :correlation").append(i).append(", :type").append(i)
                    .append(", :payload").append(i).append(", :metadata").append(i).append(", :pending, 0, :due").append(i)
                    .append(", :now)");
        }
        Instant now = Instant.now();
        var insert = em().createQuery(hql.append(" ON CONFLICT DO NOTHING").toString())
                .setFlushMode(jakarta.persistence.FlushModeType.COMMIT)
                .setParameter("kind", KIND).setParameter("realm", realmId)
                .setParameter("pending", OutboxEntryStatus.PENDING).setParameter("now", now);
        for (int i = 0; i < rows.size(); i++) {
            Queued row = rows.get(i);
            insert.setParameter("id" + i, java.util.UUID.randomUUID().toString())
                    .setParameter("owner" + i, owner(realmId, row.sinkId()))
                    .setParameter("container" + i, containerOf(row.userId()))
                    .setParameter("correlation" + i, row.eventId()).setParameter("type" + i, row.type())
                    .setParameter("payload" + i, row.payload()).setParameter("metadata" + i, row.userId())
                    .setParameter("due" + i, row.due() == null ? now : row.due());
        }
        insert.executeUpdate();
    }

    /**
     * Whether the database takes {@code ON CONFLICT DO NOTHING} for several rows in one statement: PostgreSQL does;
     * for the others Hibernate emulates the clause (a {@code MERGE} on H2, Oracle and SQL Server) one row at a time.
     */
    private boolean multiRowConflictClause() {
        return em().getEntityManagerFactory().unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
                .getJdbcServices().getDialect() instanceof org.hibernate.dialect.PostgreSQLDialect;
    }

    /**
     * The container id of a person's rows: the user id, or for ids longer than the column (64; federated ids can
     * be) {@code h:} and the base64url SHA-256 of it.
     */
    public static String containerOf(String userId) {
        if (userId == null || userId.length() <= 64) {
            return userId;
        }
        try {
            return "h:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /**
     * Claims up to {@code max} due rows, skipping rows other nodes hold: in due order, and rows due at the same
     * time in commit order (creation time, then id). Keycloak's {@code lockDueForDrain} orders by due time alone,
     * so after a retry-now or a shared Retry-After, when every row has the same one, a batch would hold a person's
     * later rows while their earlier ones wait outside it. The order is the one of {@code IDX_CIAM_OUTBOX_DUE}
     * (kind, status, due, created, id), so the database reads the batch's rows and no others, however long the
     * backlog. A person's rows due out of commit order (their retries jittered apart) are kept in order by
     * {@link #waitingBehindEarlier}.
     */
    public List<OutboxEntryEntity> lockDue(int max) {
        var query = em().createQuery("SELECT e FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.status = :pending "
                        + "AND e.nextAttemptAt <= :now ORDER BY e.entryKind, e.status, e.nextAttemptAt, e.createdAt, e.id",
                        OutboxEntryEntity.class)
                .setParameter("kind", KIND).setParameter("pending", OutboxEntryStatus.PENDING)
                .setParameter("now", Instant.now()).setMaxResults(max)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        query.unwrap(org.hibernate.query.SelectionQuery.class).setHibernateLockMode(org.hibernate.LockMode.UPGRADE_SKIPLOCKED);
        return query.getResultList();
    }

    /** Commit order of rows: creation time, then id (rows of one transaction may share a microsecond). */
    public static final Comparator<OutboxEntryEntity> COMMIT_ORDER = Comparator.comparing(OutboxEntryEntity::getCreatedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(OutboxEntryEntity::getId);

    /**
     * Rows of {@code batch} that must not go yet because an earlier row of the same person for the same sink is
     * still queued outside the batch (parked for a retry, claimed by another node, or left for the next batch):
     * row id → when to look again (the due time of the oldest of those earlier rows, at least a second from now).
     */
    public Map<String, Instant> waitingBehindEarlier(List<OutboxEntryEntity> batch) {
        List<OutboxEntryEntity> personal = batch.stream().filter(e -> e.getContainerId() != null && e.getCreatedAt() != null)
                .toList();
        if (personal.isEmpty()) {
            return Map.of();
        }
        // Per sink and person in the batch: their oldest row pending outside the batch and created no later than
        // their newest row here (later ones cannot come before any row here). One query per (sink, person), all
        // equality conditions, a range on the creation time and its order, so it reads IDX_CIAM_OUTBOX_ORDER (kind,
        // owner, container, status, created) from the person's oldest pending row: not the person's delivered rows
        // (most of them), not other people's rows of a sink that is down. The person's rows in the batch are pending
        // and created no later than that too, so the oldest row outside the batch is among the first (their number +
        // 1): the query reads no more than that and leaves the batch's rows out here, not with an {@code id NOT IN}
        // list, since Hibernate translates a query with a list parameter again at every run (it caches no plan for
        // one), and this query runs per person and batch. Pending is the only queued status of the pack's rows (it
        // never holds rows); rows written before the container id was set have none and are not checked.
        Map<String, List<OutboxEntryEntity>> byPerson = new LinkedHashMap<>();
        personal.forEach(e -> byPerson.computeIfAbsent(e.getOwnerId() + "\n" + e.getContainerId(), k -> new ArrayList<>())
                .add(e));
        Instant soonest = Instant.now().plusSeconds(1);
        Map<String, Instant> waiting = new HashMap<>();
        for (List<OutboxEntryEntity> rows : byPerson.values()) {
            OutboxEntryEntity first = rows.get(0);
            java.util.Set<String> here = new java.util.HashSet<>();
            rows.forEach(e -> here.add(e.getId()));
            Object[] oldest = em().createQuery("SELECT e.id, e.createdAt, e.nextAttemptAt FROM OutboxEntryEntity e "
                            + "WHERE e.entryKind = :kind AND e.ownerId = :owner AND e.containerId = :person "
                            + "AND e.status = :pending AND e.createdAt <= :newest "
                            + "ORDER BY e.entryKind, e.ownerId, e.containerId, e.status, e.createdAt", Object[].class)
                    .setParameter("kind", KIND)
                    .setParameter("owner", first.getOwnerId())
                    .setParameter("person", first.getContainerId())
                    .setParameter("pending", OutboxEntryStatus.PENDING)
                    .setParameter("newest", rows.stream().map(OutboxEntryEntity::getCreatedAt).max(Comparator.naturalOrder())
                            .orElseThrow())
                    .setMaxResults(rows.size() + 1)
                    .getResultList().stream()
                    .filter(row -> !here.contains((String) row[0]))
                    .findFirst().orElse(null);
            if (oldest == null) {
                continue;
            }
            Instant earliest = (Instant) oldest[1];
            // Look again when that row is due (then it goes, or the next one in the way is found).
            Instant due = (Instant) oldest[2];
            for (OutboxEntryEntity entry : rows) {
                if (earliest.isBefore(entry.getCreatedAt())) {
                    waiting.put(entry.getId(), due.isAfter(soonest) ? due : soonest);
                }
            }
        }
        return waiting;
    }

    /** Queued and dead-letter rows of one sink: how many, and since when the oldest pending one waits. */
    public record Backlog(String realmId, String sinkId, long pending, Instant oldestPending, long deadLetters) {
    }

    /** The backlog of every sink that has pending or dead-letter rows. */
    public List<Backlog> backlogBySink() {
        List<Object[]> counted = em().createQuery("SELECT e.realmId, e.ownerId, e.status, COUNT(e), MIN(e.createdAt) "
                        + "FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.status IN :statuses "
                        + "GROUP BY e.realmId, e.ownerId, e.status", Object[].class)
                .setParameter("kind", KIND)
                .setParameter("statuses", List.of(OutboxEntryStatus.PENDING, OutboxEntryStatus.DEAD_LETTER))
                .getResultList();
        Map<String, Backlog> bySink = new LinkedHashMap<>();
        for (Object[] row : counted) {
            String owner = (String) row[1];
            Backlog was = bySink.getOrDefault(owner, new Backlog((String) row[0], sinkIdOf(owner), 0, null, 0));
            long count = ((Number) row[3]).longValue();
            bySink.put(owner, row[2] == OutboxEntryStatus.PENDING
                    ? new Backlog(was.realmId(), was.sinkId(), count, (Instant) row[4], was.deadLetters())
                    : new Backlog(was.realmId(), was.sinkId(), was.pending(), was.oldestPending(), count));
        }
        return List.copyOf(bySink.values());
    }

    /** One person's rows of one sink, event type and status: how many, first and last created, last delivered. */
    public record PersonRows(String sinkId, String type, OutboxEntryStatus status, long count, Instant firstCreated,
                             Instant lastCreated, Instant lastDelivered) {
    }

    /** What the outbox holds about one person (for their data export), without reading a payload. */
    public List<PersonRows> rowsOf(String realmId, String userId) {
        return em().createQuery("SELECT e.ownerId, e.entryType, e.status, COUNT(e), MIN(e.createdAt), MAX(e.createdAt), "
                        + "MAX(e.deliveredAt) FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.realmId = :realm "
                        + "AND e.containerId = :person GROUP BY e.ownerId, e.entryType, e.status", Object[].class)
                .setParameter("kind", KIND).setParameter("realm", realmId).setParameter("person", containerOf(userId))
                .getResultList().stream()
                .map(row -> new PersonRows(sinkIdOf((String) row[0]), (String) row[1], (OutboxEntryStatus) row[2],
                        ((Number) row[3]).longValue(), (Instant) row[4], (Instant) row[5], (Instant) row[6]))
                .toList();
    }

    /** Deletes one row (claimed in this transaction). */
    public void remove(OutboxEntryEntity entry) {
        em().remove(entry);
    }

    private EntityManager em() {
        return getEntityManager();
    }
}

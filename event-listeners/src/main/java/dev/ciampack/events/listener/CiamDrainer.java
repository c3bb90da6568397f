package dev.ciampack.events.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.events.outbox.OutboxConfig;
import org.keycloak.events.outbox.OutboxDrainerTask;
import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.utils.KeycloakSessionUtil;

import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.outbox.SinkPause;

/**
 * Keycloak's drainer, run by the {@link DeliveryEngine} rather than on the timer thread, with these changes:
 * <ul>
 *   <li>a batch's network I/O runs concurrently in lanes: per sink at most {@code sink-concurrency} lanes,
 *   a person's rows always in the same lane and in commit order; a row waits while an earlier row of the
 *   same person for the same sink is still queued outside the batch (parked for a retry, or in flight on
 *   another node), so a {@code user.profile_updated} never overtakes the {@code user.registered} before it;</li>
 *   <li>once a sink failed, its remaining rows of the run wait with the failed one instead of each spending a
 *   timeout and an attempt; a sink's {@code Retry-After} is honoured (capped at 24 hours) for the whole sink and
 *   on every node ({@link SinkPause}): its rows wait without a try until then;</li>
 *   <li>a backlog drains batch after batch, each batch its own transaction (row locks held for one batch);</li>
 *   <li>the retention purge deletes in bounded batches rather than in one unbounded statement.</li>
 * </ul>
 */
final class CiamDrainer extends OutboxDrainerTask {

    private static final Logger LOG = Logger.getLogger(CiamDrainer.class);
    /** How long a batch's lanes may take in all (each request has its own shorter timeouts). */
    private static final Duration LANES_TIMEOUT = Duration.ofSeconds(60);
    private final SinkDelivery delivery;
    private final ExecutorService pool;
    private final int sinkConcurrency;
    private final int purgeBatchSize;
    private final Duration budget;
    private final BacklogGauges gauges;
    private final SinkPageStatus pageStatus;
    /** The earliest next attempt this run gave a row (drain thread only). */
    private Instant nextDue;
    /** The rows of the batch being applied, by id (drain thread only). */
    private Map<String, OutboxEntryEntity> batchById = Map.of();

    /**
     * @param budget how long one run may keep claiming further batches while they come back full (then the
     *               engine queues another run, so housekeeping and other nodes get their turn)
     */
    CiamDrainer(OutboxConfig config, SinkDelivery delivery, ExecutorService pool, int sinkConcurrency,
                int purgeBatchSize, Duration budget, BacklogGauges gauges, SinkPageStatus pageStatus) {
        super(config, delivery, OutboxRows::new);
        this.delivery = delivery;
        this.pool = pool;
        this.sinkConcurrency = sinkConcurrency;
        this.purgeBatchSize = purgeBatchSize;
        this.budget = budget;
        this.gauges = gauges;
        this.pageStatus = pageStatus;
    }

    /**
     * A whole run with housekeeping, in transactions of its own (the engine calls {@link #runOnce} on its drain
     * thread; the timer task does not schedule this class, it only asks the engine for runs).
     */
    @Override
    public void run(KeycloakSession session) {
        runOnce(session.getKeycloakSessionFactory(), true);
    }

    /** What a run leaves: whether rows may be due still (its last batch was full), and its earliest retry. */
    record Outcome(boolean more, Instant nextDue) {
    }

    /**
     * One run: batches until one comes back short or the budget is spent, then (when due) retention and
     * stale-row housekeeping and the backlog gauges.
     */
    Outcome runOnce(KeycloakSessionFactory factory, boolean housekeeping) {
        delivery.newRound();
        nextDue = null;
        long deadline = System.nanoTime() + budget.toNanos();
        boolean full;
        do {
            KeycloakModelUtils.runJobInTransaction(factory, batch -> {
                KeycloakSession previous = KeycloakSessionUtil.setKeycloakSession(batch);
                try {
                    drain(batch, storeFactory.apply(batch));
                } finally {
                    KeycloakSessionUtil.setKeycloakSession(previous);
                }
            });
            full = delivery.handledInBatch() >= config.batchSize();
        } while (full && System.nanoTime() < deadline);
        if (housekeeping) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                KeycloakSession previous = KeycloakSessionUtil.setKeycloakSession(session);
                try {
                    OutboxStore store = storeFactory.apply(session);
                    promoteStaleQueuedToDeadLetter(store);
                    purgeDeliveredOlderThanRetention(store);
                    purgeDeadLetterOlderThanRetention(store);
                    gauges.refresh(session, (OutboxRows) store);
                    pageStatus.refresh(session);
                } finally {
                    KeycloakSessionUtil.setKeycloakSession(previous);
                }
            });
        }
        return new Outcome(full, nextDue);
    }

    @Override
    protected void drain(KeycloakSession session, OutboxStore store) {
        OutboxRows rows = (OutboxRows) store;
        List<OutboxEntryEntity> due = rows.lockDue(config.batchSize());
        delivery.newBatch(due.size());
        if (due.isEmpty()) {
            return;
        }
        LOG.debugf("ciam-events: %d due row(s)", due.size());
        // A row whose person no longer consents to its sink is deleted, not sent and not kept as a dead letter.
        List<OutboxEntryEntity> live = new ArrayList<>();
        for (OutboxEntryEntity entry : due) {
            if (delivery.consentGone(session, entry)) {
                rows.remove(entry);
            } else {
                live.add(entry);
            }
        }
        Map<String, Instant> behind = rows.waitingBehindEarlier(live);
        behind.forEach(delivery::waitUntil);
        behind.values().forEach(this::due);
        sendConcurrently(session, live.stream().filter(e -> !behind.containsKey(e.getId())).toList());
        delivery.askedToWait().forEach((owner, until) -> SinkPause.pause(session, owner, until));
        Map<String, OutboxEntryEntity> byId = new LinkedHashMap<>();
        live.forEach(e -> byId.put(e.getId(), e));
        batchById = byId;
        // Attempted rows first: the rows that waited for a failed one take its next attempt time.
        live.stream().filter(delivery::attempted).forEach(e -> processOne(session, store, e));
        delivery.rememberFailures(byId::get);
        live.stream().filter(e -> !delivery.attempted(e)).forEach(e -> processOne(session, store, e));
        for (String owner : delivery.goneSinks()) {
            RealmModel realm = session.realms().getRealm(live.stream().filter(e -> e.getOwnerId().equals(owner))
                    .findFirst().map(OutboxEntryEntity::getRealmId).orElse(null));
            if (realm != null) {
                EventsListenerFactory.sinkStore(session).disable(realm, OutboxRows.sinkIdOf(owner));
            }
        }
    }

    /** Routes each sink on this thread, then runs the lanes on the delivery threads and waits for them. */
    private void sendConcurrently(KeycloakSession session, List<OutboxEntryEntity> sendable) {
        Map<String, List<SinkDelivery.Row>> byOwner = new LinkedHashMap<>();
        Map<String, String> realmOf = new LinkedHashMap<>();
        sendable.stream().sorted(OutboxRows.COMMIT_ORDER).forEach(e -> {
            byOwner.computeIfAbsent(e.getOwnerId(), o -> new ArrayList<>()).add(delivery.row(session, e));
            realmOf.putIfAbsent(e.getOwnerId(), e.getRealmId());
        });
        CloseableHttpClient http = null;
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (Map.Entry<String, List<SinkDelivery.Row>> sink : byOwner.entrySet()) {
            Instant paused = SinkPause.until(session, sink.getKey());
            if (paused != null) {
                // The sink asked to be left alone until then (Retry-After): its rows wait, no attempt counted.
                sink.getValue().forEach(row -> delivery.waitUntil(row.id(), paused));
                continue;
            }
            SinkDelivery.Route route = delivery.route(session, session.realms().getRealm(realmOf.get(sink.getKey())),
                    sink.getKey());
            if (route.fixed() != null) {
                delivery.settle(route, sink.getValue());
                continue;
            }
            if (http == null) {
                http = session.getProvider(HttpClientProvider.class).getHttpClient();
            }
            CloseableHttpClient client = http;
            for (List<SinkDelivery.Row> lane : Lanes.split(sink.getValue(), sinkConcurrency)) {
                lanes.add(CompletableFuture.runAsync(() -> delivery.lane(client, route, lane), pool));
            }
        }
        try {
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new))
                    .get(LANES_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Rows without an outcome are retried (see SinkDelivery#deliver).
            LOG.warnf("ciam-events: a delivery lane did not finish: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void handleRetry(OutboxStore store, OutboxEntryEntity entry, String error) {
        Instant together = delivery.deferredUntil(entry, batchById::get);
        if (together != null || !delivery.attempted(entry)) {
            // Not attempted: no attempt counted, the row waits as long as what it waits for.
            ((OutboxRows) store).defer(entry, together != null ? together : Instant.now().plusSeconds(1));
            due(entry.getNextAttemptAt());
            return;
        }
        super.handleRetry(store, entry, error);
        Instant wanted = delivery.retryAfterWish(entry);
        if (wanted != null && entry.getStatus() == OutboxEntryStatus.PENDING
                && (entry.getNextAttemptAt() == null || wanted.isAfter(entry.getNextAttemptAt()))) {
            Instant cap = Instant.now().plusSeconds(86_400);
            entry.setNextAttemptAt(wanted.isAfter(cap) ? cap : wanted);
        }
        if (entry.getStatus() == OutboxEntryStatus.PENDING) {
            due(entry.getNextAttemptAt());
        }
    }

    private void due(Instant at) {
        if (at != null && (nextDue == null || at.isBefore(nextDue))) {
            nextDue = at;
        }
    }

    @Override
    protected void purgeDeliveredOlderThanRetention(OutboxStore store) {
        purge(store, OutboxEntryStatus.DELIVERED, Instant.now().minus(config.deliveredRetention()));
    }

    @Override
    protected void purgeDeadLetterOlderThanRetention(OutboxStore store) {
        purge(store, OutboxEntryStatus.DEAD_LETTER, Instant.now().minus(config.deadLetterRetention()));
    }

    /** Deletes at most one batch of expired rows per drain round (the oldest first). */
    private void purge(OutboxStore store, OutboxEntryStatus status, Instant olderThan) {
        if (store instanceof OutboxRows rows) {
            int removed = rows.purgeExpired(status, olderThan, purgeBatchSize);
            if (removed > 0) {
                LOG.debugf("ciam-events: purged %d %s row(s)", removed, status);
            }
        }
    }
}

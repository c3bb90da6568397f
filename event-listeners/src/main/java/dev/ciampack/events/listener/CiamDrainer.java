package dev.ciampack.events.listener;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;
import org.keycloak.events.outbox.OutboxConfig;
import org.keycloak.events.outbox.OutboxDrainerTask;
import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.utils.KeycloakSessionUtil;

import dev.ciampack.events.outbox.OutboxRows;

/**
 * Keycloak's drainer with three additions: a sink's {@code Retry-After} is honoured (when the answer
 * asked to wait longer than the backoff curve would, the row's next attempt moves to that time, capped
 * at 24 hours); once a sink failed in a drain round its remaining rows of that round wait with the
 * failed one instead of each spending a timeout and an attempt; and the retention purge deletes in
 * bounded batches rather than in one unbounded statement; and a backlog drains batch after batch
 * within a run instead of one batch per interval.
 */
final class CiamDrainer extends OutboxDrainerTask {

    private static final Logger LOG = Logger.getLogger(CiamDrainer.class);
    private final SinkDelivery delivery;
    private final int purgeBatchSize;
    private final Duration budget;

    /**
     * @param budget how long one run may keep claiming further batches while they come back full (the
     *               timer thread is shared with Keycloak's other scheduled tasks, so it stays short)
     */
    CiamDrainer(OutboxConfig config, SinkDelivery delivery, int purgeBatchSize, Duration budget) {
        super(config, delivery, OutboxRows::new);
        this.delivery = delivery;
        this.purgeBatchSize = purgeBatchSize;
        this.budget = budget;
    }

    /**
     * Keycloak's run handles one batch per tick: a backlog would drain at {@code batchSize} rows per
     * interval. Here every batch runs and commits in its own transaction (row locks held for one batch
     * only; a later batch must not wait for an earlier one's locks), and a full batch is followed by
     * another until one comes back short or the budget is spent. Retention and stale-row housekeeping
     * then run in the timer's transaction, as in Keycloak's run.
     */
    @Override
    public void run(KeycloakSession session) {
        delivery.newRound();
        long deadline = System.nanoTime() + budget.toNanos();
        do {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), batch -> {
                KeycloakSession previous = KeycloakSessionUtil.setKeycloakSession(batch);
                try {
                    drain(batch, storeFactory.apply(batch));
                } finally {
                    KeycloakSessionUtil.setKeycloakSession(previous);
                }
            });
        } while (delivery.handledInBatch() >= config.batchSize() && System.nanoTime() < deadline);
        KeycloakSession previous = KeycloakSessionUtil.setKeycloakSession(session);
        try {
            OutboxStore store = storeFactory.apply(session);
            promoteStaleQueuedToDeadLetter(store);
            purgeDeliveredOlderThanRetention(store);
            purgeDeadLetterOlderThanRetention(store);
        } finally {
            KeycloakSessionUtil.setKeycloakSession(previous);
        }
    }

    @Override
    protected void drain(KeycloakSession session, OutboxStore store) {
        delivery.newBatch();
        super.drain(session, store);
    }

    /** A row whose person no longer consents to its sink is deleted, not sent and not kept as a dead letter. */
    @Override
    protected void processOne(KeycloakSession session, OutboxStore store, OutboxEntryEntity entry) {
        if (store instanceof OutboxRows rows && delivery.consentGone(session, entry)) {
            rows.remove(entry);
            return;
        }
        super.processOne(session, store, entry);
    }

    @Override
    protected void handleRetry(OutboxStore store, OutboxEntryEntity entry, String error) {
        Instant together = delivery.deferredUntil(entry);
        if (together != null) {
            // Not attempted: no attempt counted, the row waits as long as its sink's failed row.
            entry.setNextAttemptAt(together);
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
            delivery.failed(entry.getOwnerId(), entry.getNextAttemptAt());
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

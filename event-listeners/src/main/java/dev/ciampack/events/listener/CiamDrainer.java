package dev.ciampack.events.listener;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.events.outbox.OutboxConfig;
import org.keycloak.events.outbox.OutboxDeliveryHandler;
import org.keycloak.events.outbox.OutboxDrainerTask;
import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

/**
 * Keycloak's drainer, honouring a sink's {@code Retry-After}: when the answer asked to wait longer than
 * the backoff curve would, the row's next attempt moves to that time (capped at 24 hours).
 */
final class CiamDrainer extends OutboxDrainerTask {

    /** Retry-After wishes of the rows of the current drain, by row id. */
    private static final Map<String, Instant> RETRY_AFTER = new ConcurrentHashMap<>();

    CiamDrainer(OutboxConfig config, OutboxDeliveryHandler handler) {
        super(config, handler, OutboxStore::new);
    }

    static void retryAfter(String entryId, Instant notBefore) {
        RETRY_AFTER.put(entryId, notBefore);
    }

    @Override
    protected void handleRetry(OutboxStore store, OutboxEntryEntity entry, String error) {
        super.handleRetry(store, entry, error);
        Instant wanted = RETRY_AFTER.remove(entry.getId());
        if (wanted != null && entry.getStatus() == OutboxEntryStatus.PENDING
                && (entry.getNextAttemptAt() == null || wanted.isAfter(entry.getNextAttemptAt()))) {
            Instant cap = Instant.now().plusSeconds(86_400);
            entry.setNextAttemptAt(wanted.isAfter(cap) ? cap : wanted);
        }
    }
}

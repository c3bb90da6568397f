package dev.ciampack.events.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;

import dev.ciampack.events.outbox.OutboxRows;

/**
 * Backlog gauges per realm and sink, refreshed on every housekeeping run (each {@code drain-interval-seconds}):
 * {@code ciam_events_pending_rows}, {@code ciam_events_oldest_pending_age_seconds} and
 * {@code ciam_events_dead_letter_rows}. They are read from the shared outbox table, so every node of a cluster
 * reports the same values: aggregate them with {@code max}, not {@code sum}.
 */
final class BacklogGauges {

    private record Key(String realm, String sink) {
    }

    private record Values(long pending, Instant oldestPending, long deadLetters) {
    }

    private final Map<Key, Values> values = new ConcurrentHashMap<>();
    private final Map<Key, List<Meter>> meters = new ConcurrentHashMap<>();

    void refresh(KeycloakSession session, OutboxRows rows) {
        Map<Key, Values> now = new HashMap<>();
        for (OutboxRows.Backlog backlog : rows.backlogBySink()) {
            RealmModel realm = session.realms().getRealm(backlog.realmId());
            if (realm != null) {
                now.put(new Key(realm.getName(), backlog.sinkId()),
                        new Values(backlog.pending(), backlog.oldestPending(), backlog.deadLetters()));
            }
        }
        values.putAll(now);
        values.keySet().removeIf(key -> {
            boolean gone = !now.containsKey(key);
            if (gone) {
                List<Meter> removed = meters.remove(key);
                if (removed != null) {
                    removed.forEach(Metrics.globalRegistry::remove);
                }
            }
            return gone;
        });
        now.keySet().forEach(key -> meters.computeIfAbsent(key, this::register));
    }

    private List<Meter> register(Key key) {
        return List.of(
                Gauge.builder("ciam.events.pending.rows", values, v -> get(v, key).pending())
                        .tags("realm", key.realm(), "sink", key.sink())
                        .description("Rows waiting for delivery").register(Metrics.globalRegistry),
                Gauge.builder("ciam.events.oldest.pending.age.seconds", values, v -> age(get(v, key).oldestPending()))
                        .tags("realm", key.realm(), "sink", key.sink())
                        .description("Age of the oldest row waiting for delivery").register(Metrics.globalRegistry),
                Gauge.builder("ciam.events.dead.letter.rows", values, v -> get(v, key).deadLetters())
                        .tags("realm", key.realm(), "sink", key.sink())
                        .description("Rows given up on, kept for replay").register(Metrics.globalRegistry));
    }

    private static Values get(Map<Key, Values> values, Key key) {
        return values.getOrDefault(key, new Values(0, null, 0));
    }

    private static double age(Instant oldest) {
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}

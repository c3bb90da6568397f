package dev.ciampack.events.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

import dev.ciampack.consent.spi.PersonalDataSection;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.sinks.Sink;

/**
 * Section {@code deliveries} of a person's data export: which sinks received (or are still to receive) which
 * event types about them, how many and when, from the outbox rows kept (the retention period of delivered
 * rows bounds how far back this goes). Counts and dates only: never a payload, a sink's address or its
 * secrets. A sink removed since is listed by id with {@code "removed": true}.
 */
public final class DeliveriesPersonalData extends PersonalDataSection {

    public static final String ID = "deliveries";

    public DeliveriesPersonalData() {
        super(ID, 60);
    }

    @Override
    public Object collect(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Sink> sinks = new LinkedHashMap<>();
        EventsListenerFactory.sinkStore(session).sinks(realm).forEach(s -> sinks.put(s.id(), s));
        Map<String, Map<String, Map<String, Object>>> bySink = new TreeMap<>();
        for (OutboxRows.PersonRows rows : new OutboxRows(session).rowsOf(realm.getId(), user.getId())) {
            Map<String, Object> type = bySink.computeIfAbsent(rows.sinkId(), k -> new TreeMap<>())
                    .computeIfAbsent(rows.type(), k -> emptyType(k));
            String count = switch (rows.status()) {
                case DELIVERED -> "delivered";
                case DEAD_LETTER -> "failed";
                default -> "waiting";
            };
            type.put(count, (Long) type.get(count) + rows.count());
            type.put("firstQueuedAt", earliest((String) type.get("firstQueuedAt"), rows.firstCreated()));
            type.put("lastQueuedAt", latest((String) type.get("lastQueuedAt"), rows.lastCreated()));
            if (rows.status() == OutboxEntryStatus.DELIVERED) {
                type.put("lastDeliveredAt", latest((String) type.get("lastDeliveredAt"), rows.lastDelivered()));
            }
        }
        List<Map<String, Object>> section = new ArrayList<>();
        bySink.forEach((sinkId, types) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("sink", sinkId);
            Sink sink = sinks.get(sinkId);
            if (sink != null) {
                view.put("kind", sink.type());
            } else {
                view.put("removed", true);
            }
            view.put("eventTypes", new ArrayList<>(types.values()));
            section.add(view);
        });
        return section;
    }

    private static Map<String, Object> emptyType(String type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", type);
        view.put("delivered", 0L);
        view.put("waiting", 0L);
        view.put("failed", 0L);
        view.put("firstQueuedAt", null);
        view.put("lastQueuedAt", null);
        view.put("lastDeliveredAt", null);
        return view;
    }

    private static String earliest(String was, Instant candidate) {
        if (candidate == null) {
            return was;
        }
        return was == null || Instant.parse(was).isAfter(candidate) ? candidate.toString() : was;
    }

    private static String latest(String was, Instant candidate) {
        if (candidate == null) {
            return was;
        }
        return was == null || Instant.parse(was).isBefore(candidate) ? candidate.toString() : was;
    }
}

package dev.ciampack.events.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/** A realm's sinks, kept in a realm attribute (cached with the realm, shared by all nodes). */
public final class SinkStore {

    private static final Logger LOG = Logger.getLogger(SinkStore.class);

    private SinkStore() {
    }

    /** The last parsed sinks per realm id, with the attribute text they came from (sinks are immutable). */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private record Parsed(String raw, List<Sink> sinks) {
    }

    /** The realm's sinks; parsed once per change of the realm attribute, not on every event. */
    public static List<Sink> sinks(RealmModel realm) {
        String raw = realm.getAttribute(SinksJson.REALM_ATTRIBUTE);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        Parsed parsed = PARSED.get(realm.getId());
        if (parsed != null && parsed.raw().equals(raw)) {
            return parsed.sinks();
        }
        try {
            List<Sink> sinks = List.copyOf(SinksJson.parse(raw));
            PARSED.put(realm.getId(), new Parsed(raw, sinks));
            return sinks;
        } catch (IllegalArgumentException e) {
            LOG.errorf("Realm %s: stored sinks are invalid (%s); no events are sent", realm.getName(), e.getMessage());
            return List.of();
        }
    }

    public static Sink find(RealmModel realm, String id) {
        return sinks(realm).stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public static void save(RealmModel realm, List<Sink> sinks) {
        realm.setAttribute(SinksJson.REALM_ATTRIBUTE, SinksJson.write(sinks, false));
    }

    /** Turns one sink off (e.g. its endpoint answered 410 Gone). */
    public static void disable(RealmModel realm, String id) {
        List<Sink> next = new ArrayList<>();
        for (Sink sink : sinks(realm)) {
            next.add(sink.id().equals(id) ? sink.disabled() : sink);
        }
        save(realm, next);
    }
}

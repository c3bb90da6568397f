package dev.ciampack.events.sinks;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.ciampack.common.RealmTextCache;

/**
 * A realm's sinks, kept in a realm attribute (cached with the realm, shared by all nodes) and parsed
 * once per change of that attribute, not on every event. One instance, held by the {@code ciam-events}
 * listener factory.
 */
public final class SinkStore {

    private static final Logger LOG = Logger.getLogger(SinkStore.class);

    private final RealmTextCache<List<Sink>> parsed = new RealmTextCache<>(SinkStore::parse);

    /** The realm's sinks (none when the stored text is invalid: nothing is sent, and the log says why). */
    public List<Sink> sinks(RealmModel realm) {
        String raw = realm.getAttribute(SinksJson.REALM_ATTRIBUTE);
        return raw == null || raw.isBlank() ? List.of() : parsed.get(realm, raw);
    }

    public Sink find(RealmModel realm, String id) {
        return sinks(realm).stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public void save(RealmModel realm, List<Sink> sinks) {
        realm.setAttribute(SinksJson.REALM_ATTRIBUTE, SinksJson.write(sinks, false));
    }

    /** Turns one sink off (e.g. its endpoint answered 410 Gone). */
    public void disable(RealmModel realm, String id) {
        List<Sink> next = new ArrayList<>();
        for (Sink sink : sinks(realm)) {
            next.add(sink.id().equals(id) ? sink.disabled() : sink);
        }
        save(realm, next);
    }

    public void evictRemovedRealms(KeycloakSessionFactory factory) {
        parsed.evictRemovedRealms(factory);
    }

    private static List<Sink> parse(RealmModel realm, String raw) {
        try {
            return List.copyOf(SinksJson.parse(raw));
        } catch (IllegalArgumentException e) {
            LOG.errorf("Realm %s: stored sinks are invalid (%s); no events are sent", realm.getName(), e.getMessage());
            return List.of();
        }
    }
}

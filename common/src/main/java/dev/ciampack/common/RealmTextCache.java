package dev.ciampack.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Settings a realm keeps as text (JSON in a realm attribute), parsed once per change of the text
 * instead of on every request. One cache per provider factory (never a static): the realm's text is
 * the truth (cached and invalidated across the cluster by Keycloak with the realm), this only saves
 * the parsing on each node; a removed realm's entry is dropped.
 *
 * @param <T> the parsed settings (immutable)
 */
public final class RealmTextCache<T> {

    private record Entry<T>(String raw, T value) {
    }

    private final Map<String, Entry<T>> byRealm = new ConcurrentHashMap<>();
    private final BiFunction<RealmModel, String, T> parser;

    /**
     * @param parser turns a realm's text into settings; it handles invalid text itself (logs it and
     *               returns what applies then), since invalid stored text must not fail every request
     */
    public RealmTextCache(BiFunction<RealmModel, String, T> parser) {
        this.parser = parser;
    }

    /** The settings parsed from {@code raw}, {@code realm}'s current text (parsed again only if it changed). */
    public T get(RealmModel realm, String raw) {
        Entry<T> cached = byRealm.get(realm.getId());
        if (cached != null && cached.raw().equals(raw)) {
            return cached.value();
        }
        T value = parser.apply(realm, raw);
        byRealm.put(realm.getId(), new Entry<>(raw, value));
        return value;
    }

    public void evict(String realmId) {
        byRealm.remove(realmId);
    }

    /** Drops a realm's entry when the realm is removed (call once, from the factory's {@code postInit}). */
    public void evictRemovedRealms(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                evict(removed.getRealm().getId());
            }
        });
    }

    /** How many realms have an entry (for tests). */
    int size() {
        return byRealm.size();
    }
}

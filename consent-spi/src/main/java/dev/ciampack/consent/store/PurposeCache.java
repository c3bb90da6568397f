package dev.ciampack.consent.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

/**
 * Parsed purposes per realm, re-parsed only when the realm attribute's text changes. Invalid stored
 * JSON (e.g. from a hand-edited realm import) is logged once and read as "no purposes": nothing is
 * asked and {@code mayUse} is false for every purpose until an administrator fixes it.
 */
final class PurposeCache {

    private static final Logger LOG = Logger.getLogger(PurposeCache.class);

    private record Entry(String raw, List<Purpose> purposes) {
    }

    private final Map<String, Entry> byRealm = new ConcurrentHashMap<>();

    List<Purpose> get(RealmModel realm) {
        String raw = realm.getAttribute(PurposesJson.REALM_ATTRIBUTE);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        Entry cached = byRealm.get(realm.getId());
        if (cached != null && cached.raw().equals(raw)) {
            return cached.purposes();
        }
        List<Purpose> purposes;
        try {
            purposes = PurposesJson.parse(raw);
        } catch (InvalidPurposesException e) {
            LOG.errorf("Realm '%s' has invalid consent purposes in attribute %s; no purpose applies until they are "
                    + "fixed: %s", realm.getName(), PurposesJson.REALM_ATTRIBUTE, String.join("; ", e.errors()));
            purposes = List.of();
        }
        byRealm.put(realm.getId(), new Entry(raw, purposes));
        return purposes;
    }

    void evict(String realmId) {
        byRealm.remove(realmId);
    }
}

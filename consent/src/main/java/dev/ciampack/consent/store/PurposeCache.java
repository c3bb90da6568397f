package dev.ciampack.consent.store;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.ciampack.common.RealmTextCache;
import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

/**
 * Parsed purposes per realm, re-parsed only when the realm attribute's text changes. Invalid stored
 * JSON (e.g. from a hand-edited realm import) is logged once and read as "no purposes": nothing is
 * asked and {@code mayUse} is false for every purpose until an administrator fixes it.
 */
final class PurposeCache {

    private static final Logger LOG = Logger.getLogger(PurposeCache.class);

    private final RealmTextCache<List<Purpose>> parsed = new RealmTextCache<>(PurposeCache::parse);

    List<Purpose> get(RealmModel realm) {
        String raw = realm.getAttribute(PurposesJson.REALM_ATTRIBUTE);
        return raw == null || raw.isBlank() ? List.of() : parsed.get(realm, raw);
    }

    void evictRemovedRealms(KeycloakSessionFactory factory) {
        parsed.evictRemovedRealms(factory);
    }

    private static List<Purpose> parse(RealmModel realm, String raw) {
        try {
            return PurposesJson.parse(raw);
        } catch (InvalidPurposesException e) {
            LOG.errorf("Realm '%s' has invalid consent purposes in attribute %s; no purpose applies until they are "
                    + "fixed: %s", realm.getName(), PurposesJson.REALM_ATTRIBUTE, String.join("; ", e.errors()));
            return List.of();
        }
    }
}

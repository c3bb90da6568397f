package dev.ciampack.enrichment.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.ciampack.common.ManagedAttributes;
import dev.ciampack.common.ManagedAttributes.Attribute;
import dev.ciampack.enrichment.api.EnrichmentAttributes;

/**
 * The login-context, linked-id and segment attributes, declared admin-view-only (group
 * {@code ciam-context}), once per realm and node: when the settings are saved, or at the first sign-in
 * of a realm whose settings came by import. Sign-ins do not read the User Profile configuration again.
 * One instance per factory; a removed realm is forgotten.
 */
final class EnrichmentProfile {

    static final ManagedAttributes.Group GROUP = new ManagedAttributes.Group("ciam-context",
            "Sign-in context (managed by the CIAM Pack)", null);

    /** Realms whose attributes this node has declared since it started. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    void declareOnce(KeycloakSession session, RealmModel realm) {
        if (declared.add(realm.getId())) {
            declare(session, realm);
        }
    }

    void declare(KeycloakSession session, RealmModel realm) {
        List<Attribute> all = new ArrayList<>(EnrichmentAttributes.LOGIN_CONTEXT.stream().map(Attribute::single).toList());
        all.add(Attribute.multivalued(EnrichmentAttributes.ANONYMOUS_IDS));
        all.add(Attribute.multivalued(EnrichmentAttributes.SEGMENTS));
        ManagedAttributes.declare(session, realm, GROUP, all);
        declared.add(realm.getId());
    }

    void forgetRemovedRealms(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                declared.remove(removed.getRealm().getId());
            }
        });
    }
}

package dev.ciampack.enrichment.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.keycloak.models.KeycloakSession;

import dev.ciampack.enrichment.ManagedAttributes;

/** The login-context, linked-id and segment attributes, declared admin-view-only (group {@code ciam-context}). */
final class EnrichmentProfile {

    static final String GROUP = "ciam-context";
    static final List<String> CONTEXT_ATTRIBUTES = List.of(LoginContext.FIRST_LOGIN_AT, LoginContext.LAST_LOGIN_AT,
            LoginContext.LOGIN_COUNT, LoginContext.LAST_CLIENT, LoginContext.SIGNUP_CLIENT,
            LoginContext.SIGNUP_UTM_SOURCE, LoginContext.SIGNUP_UTM_MEDIUM, LoginContext.SIGNUP_UTM_CAMPAIGN,
            LoginContext.PREFERRED_LOCALE);

    private EnrichmentProfile() {
    }

    /** Realms whose attributes this node has declared since it started. */
    private static final java.util.Set<String> DECLARED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Declares once per realm and node: when the settings are saved, or at the first sign-in of a realm
     * whose settings came by import. Sign-ins do not read the User Profile configuration again.
     */
    static void declareOnce(KeycloakSession session, String realmId) {
        if (DECLARED.add(realmId)) {
            declare(session);
        }
    }

    static void declare(KeycloakSession session) {
        List<String> all = new ArrayList<>(CONTEXT_ATTRIBUTES);
        all.add(LoginContextAction.ANONYMOUS_IDS);
        all.add(LoginContextAction.SEGMENTS);
        ManagedAttributes.declare(session, GROUP, "Sign-in context (managed by the CIAM Pack)", all,
                Set.of(LoginContextAction.ANONYMOUS_IDS, LoginContextAction.SEGMENTS));
    }
}

package dev.ciampack.enrichment.context;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A person's segments follow their profile at once: when they change or clear an answer in the account console
 * ({@code UPDATE_PROFILE}, {@code UPDATE_EMAIL}), or an administrator changes their profile (admin event
 * {@code UPDATE} of {@code users/{id}}), the segments are recomputed in the same transaction, so the next token's
 * personalization claim and the events queued for that change (the CIAM Pack's events read traits as the
 * transaction commits) carry them. A global listener: nothing to enable per realm; it acts only in realms that
 * use the {@code ciam-login-context} step with segment rules.
 */
public final class ProfileSegmentsListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "ciam-profile-segments";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if ((event.getType() == EventType.UPDATE_PROFILE || event.getType() == EventType.UPDATE_EMAIL)
                        && event.getError() == null && event.getUserId() != null) {
                    recompute(session, event.getRealmId(), event.getUserId());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE
                        || event.getError() != null || event.getResourcePath() == null) {
                    return;
                }
                String[] path = event.getResourcePath().split("/");
                if (path.length == 2 && "users".equals(path[0])) {
                    recompute(session, event.getRealmId(), path[1]);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private static void recompute(KeycloakSession session, String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !Segments.inUse(realm)) {
            return;
        }
        LoginContextSettings settings = Segments.settings(realm);
        if (settings.segments().segments().isEmpty()) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user != null) {
            Segments.recompute(session, realm, settings, user);
        }
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}

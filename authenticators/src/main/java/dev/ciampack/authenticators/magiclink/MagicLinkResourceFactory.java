package dev.ciampack.authenticators.magiclink;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@code /realms/{realm}/ciam-magic-link}, where magic-link confirmations are posted. */
public final class MagicLinkResourceFactory implements RealmResourceProviderFactory {

    public static final String ID = "ciam-magic-link";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new MagicLinkResource(session);
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

    @Override
    public String getId() {
        return ID;
    }
}

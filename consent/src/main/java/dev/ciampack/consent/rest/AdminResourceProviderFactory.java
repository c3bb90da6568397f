package dev.ciampack.consent.rest;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link AdminResource} at {@code /admin/realms/{realm}/ciam-consent}. */
public final class AdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-consent";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return new AdminResource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("path", "/admin/realms/{realm}/" + PROVIDER_ID);
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
        return PROVIDER_ID;
    }
}

package dev.ciampack.consent.action;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The consent step as a required action: enable "CIAM consent" under Authentication → Required actions. */
public final class ConsentRequiredActionFactory implements RequiredActionFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-consent";
    private static final ConsentRequiredAction INSTANCE = new ConsentRequiredAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayText() {
        return "CIAM consent";
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("template", ConsentRequiredAction.TEMPLATE, "kc_action", PROVIDER_ID);
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

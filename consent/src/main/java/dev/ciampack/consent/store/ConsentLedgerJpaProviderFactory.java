package dev.ciampack.consent.store;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the ledger entity and its Liquibase changelog with Keycloak's JPA store. */
public final class ConsentLedgerJpaProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String PROVIDER_ID = "ciam-consent-ledger";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ConsentLedgerEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/ciam-consent-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return PROVIDER_ID;
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

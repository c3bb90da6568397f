package dev.ciampack.consent.spi;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/**
 * Factory of a {@link PersonalDataContributor}; its id is the section's key in the export. Contributors
 * are usually stateless: {@link #create} may return one shared instance.
 */
public interface PersonalDataContributorFactory extends ProviderFactory<PersonalDataContributor> {

    @Override
    PersonalDataContributor create(KeycloakSession session);

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}

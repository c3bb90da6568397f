package dev.ciampack.consent.spi;

import org.keycloak.models.KeycloakSession;

/**
 * A stateless section of a person's data export, factory and provider in one: give the section's key and
 * place in the constructor and implement {@link #collect}. Subclasses need a public no-argument
 * constructor (they are found with {@code META-INF/services/dev.ciampack.consent.spi.PersonalDataContributorFactory}).
 */
public abstract class PersonalDataSection implements PersonalDataContributorFactory, PersonalDataContributor {

    private final String id;
    private final int order;

    /**
     * @param id    the section's key in the export (and the provider id)
     * @param order its place: sections go highest first
     */
    protected PersonalDataSection(String id, int order) {
        this.id = id;
        this.order = order;
    }

    @Override
    public final PersonalDataContributor create(KeycloakSession session) {
        return this;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public void close() {
    }
}

package dev.ciampack.consent.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the {@code ciam-personal-data} SPI: the parts of a person's data export. */
public final class PersonalDataSpi implements Spi {

    public static final String NAME = "ciam-personal-data";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PersonalDataContributor.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PersonalDataContributorFactory.class;
    }
}

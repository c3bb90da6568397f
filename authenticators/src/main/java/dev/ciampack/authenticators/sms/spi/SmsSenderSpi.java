package dev.ciampack.authenticators.sms.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The {@code ciam-sms-sender} SPI: how SMS codes leave Keycloak. The pack ships {@code log} (the
 * default; for development) and {@code http} (any HTTP gateway, with a Twilio preset); pick one with
 * {@code --spi-ciam-sms-sender--provider=http}, or per realm in the SMS step's settings.
 */
public final class SmsSenderSpi implements Spi {

    public static final String NAME = "ciam-sms-sender";

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
        return SmsSender.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SmsSenderFactory.class;
    }
}

package dev.ciampack.authenticators.sms.spi;

import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link SmsSender}; register it in {@code META-INF/services}. */
public interface SmsSenderFactory extends ProviderFactory<SmsSender> {
}

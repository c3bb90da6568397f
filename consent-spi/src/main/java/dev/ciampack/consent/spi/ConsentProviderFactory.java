package dev.ciampack.consent.spi;

import org.keycloak.provider.ProviderFactory;

/** Factory of {@link ConsentProvider}s; the pack's own is {@code default}. */
public interface ConsentProviderFactory extends ProviderFactory<ConsentProvider> {
}

/**
 * The public API of the CIAM Pack's consent store. Other modules (progressive profiling, events,
 * profile enrichment) use only this package: they obtain a {@link dev.ciampack.consent.spi.ConsentProvider}
 * with {@code session.getProvider(ConsentProvider.class)} and ask
 * {@link dev.ciampack.consent.spi.ConsentProvider#mayUse} before using a person's data, and they
 * observe changes as {@link dev.ciampack.consent.spi.ConsentChangedEvent}s.
 */
package dev.ciampack.consent.spi;

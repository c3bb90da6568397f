package dev.ciampack.consent.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * One module's part of a person's data export ("download my data", GDPR Art. 15 and 20, and the
 * administrator's data-subject access request, which returns the same document). The export gathers
 * every contributor of the {@value PersonalDataSpi#NAME} SPI: each adds one section, named by its
 * factory's id, in the order of {@link PersonalDataContributorFactory#order()} (highest first).
 *
 * <p>A contributor gives what its module holds about this person and only them: nothing about other
 * people (an administrator's id, another person's data), no secrets (hashes, keys, tokens, sink
 * credentials) and no event payloads. The value is JSON-shaped: maps with string keys, lists, strings,
 * numbers, booleans and nulls; times as ISO-8601 UTC strings. A contributor that fails fails the
 * whole export: the person never gets a document that silently leaves a part out.
 */
public interface PersonalDataContributor extends Provider {

    /** The section's value, or {@code null} to leave the section out (the module holds nothing of its kind). */
    Object collect(KeycloakSession session, RealmModel realm, UserModel user);

    @Override
    default void close() {
    }
}

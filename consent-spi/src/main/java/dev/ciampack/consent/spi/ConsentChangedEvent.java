package dev.ciampack.consent.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published through {@code KeycloakSessionFactory.publish} inside the transaction that records a
 * decision, after the ledger row is written. A listener that writes in the same session (e.g. to
 * an outbox) commits or rolls back with the decision.
 *
 * @param session  the session (and transaction) of the change
 * @param realm    the realm
 * @param user     the person
 * @param record   the ledger row just written
 * @param previous the decision before, or null if there was none
 */
public record ConsentChangedEvent(KeycloakSession session, RealmModel realm, UserModel user, ConsentRecord record,
                                  ConsentState previous) implements ProviderEvent {

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }

    /** {@code consent.granted} or {@code consent.withdrawn}, the type events carry downstream. */
    public String type() {
        return record.decision() == Decision.GRANTED ? "consent.granted" : "consent.withdrawn";
    }
}

package dev.ciampack.consent.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * The consent store: a realm's purposes, each person's current decision per purpose, and the
 * append-only ledger of every change. Obtain it with {@code session.getProvider(ConsentProvider.class)}.
 *
 * <p>All methods work in the caller's Keycloak transaction: a decision and its ledger row are
 * written together or not at all, and a {@link ConsentChangedEvent} is published in the same
 * transaction.
 */
public interface ConsentProvider extends Provider {

    /** The realm's purposes in their configured order; empty when none are defined. */
    List<Purpose> purposes(RealmModel realm);

    Optional<Purpose> purpose(RealmModel realm, String purposeId);

    /**
     * Validates and stores a realm's purposes, replacing the current list, and declares their
     * attributes in the realm's User Profile.
     *
     * @throws InvalidPurposesException with every problem found; nothing is stored then
     */
    void setPurposes(RealmModel realm, List<Purpose> purposes);

    /** The person's current decision per purpose id; purposes never decided are absent. */
    Map<String, ConsentState> decisions(RealmModel realm, UserModel user);

    /**
     * Records a decision on one purpose: updates the current state and appends a ledger row.
     *
     * @throws IllegalArgumentException if the purpose does not exist in the realm
     */
    ConsentRecord decide(RealmModel realm, UserModel user, String purposeId, Decision decision, Provenance provenance);

    /**
     * A realm's ledger for audits, newest first, including rows of deleted (anonymized) people.
     *
     * @param purposeId only this purpose, or null for all
     * @param first     rows to skip
     * @param max       rows to return
     */
    List<ConsentRecord> ledger(RealmModel realm, String purposeId, int first, int max);

    /** The person's ledger, oldest first. */
    List<ConsentRecord> history(RealmModel realm, UserModel user);

    /**
     * Whether purpose {@code purposeId} may use this person's data now: true only if the purpose
     * exists and the person's current decision is a grant of the purpose's current version.
     */
    boolean mayUse(RealmModel realm, UserModel user, String purposeId);

    /** Purposes the person has not decided, or decided on an older version; what a consent step shows. */
    List<Purpose> pending(RealmModel realm, UserModel user);
}

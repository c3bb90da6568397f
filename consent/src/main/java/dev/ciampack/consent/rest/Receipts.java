package dev.ciampack.consent.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.receipt.ConsentReceipts;
import dev.ciampack.consent.spi.ConsentProvider;

/** Signed receipts of ledger records for the REST APIs (see {@link ConsentReceipts}). */
final class Receipts {

    private Receipts() {
    }

    /** The receipt of one of the user's records, or null if no record of theirs has that id. */
    static String of(KeycloakSession session, RealmModel realm, ConsentProvider consent, UserModel user, String recordId) {
        return consent.history(realm, user).stream().filter(r -> r.id().equals(recordId)).findFirst()
                .map(r -> ConsentReceipts.issue(session, realm, consent, r)).orElse(null);
    }

    /** A caller's id as echoed in an error: at most 40 characters, printable ASCII only. */
    static String shorten(String id) {
        String clean = id == null ? "" : id.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}

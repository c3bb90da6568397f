package dev.ciampack.consent.store;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.ciampack.common.ManagedAttributes;
import dev.ciampack.consent.spi.ConsentAttributes;
import dev.ciampack.consent.spi.Purpose;

/**
 * Declares one attribute per purpose in the realm's User Profile: visible to administrators, editable
 * by nobody through the profile, account or admin user APIs, so only the consent store (which writes
 * the user model directly, next to its ledger row) changes a decision.
 */
final class UserProfileFragment {

    static final ManagedAttributes.Group GROUP = new ManagedAttributes.Group("ciam-consent",
            "Consent (managed by the CIAM Pack)",
            "Current decision per consent purpose; change it through the consent API.");

    private UserProfileFragment() {
    }

    static void apply(KeycloakSession session, RealmModel realm, List<Purpose> purposes) {
        ManagedAttributes.declare(session, realm, GROUP, purposes.stream()
                .map(p -> new ManagedAttributes.Attribute(ConsentAttributes.name(p.id()), p.title(Purpose.DEFAULT_LOCALE), false))
                .toList());
    }
}

package dev.ciampack.consent.store;

import java.util.List;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

import dev.ciampack.consent.spi.Purpose;

/**
 * Declares one attribute per purpose in the realm's User Profile: visible to administrators, editable
 * by nobody through the profile, account or admin user APIs, so only the consent store (which writes
 * the user model directly, next to its ledger row) changes a decision.
 */
final class UserProfileFragment {

    static final String GROUP = "ciam-consent";

    private UserProfileFragment() {
    }

    static void apply(KeycloakSession session, RealmModel realm, List<Purpose> purposes) {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            UserProfileProvider profile = session.getProvider(UserProfileProvider.class);
            UPConfig config = profile.getConfiguration();
            boolean changed = false;
            if (config.getGroups() == null || config.getGroups().stream().noneMatch(g -> GROUP.equals(g.getName()))) {
                UPGroup group = new UPGroup(GROUP);
                group.setDisplayHeader("Consent (managed by the CIAM Pack)");
                group.setDisplayDescription("Current decision per consent purpose; change it through the consent API.");
                config.addGroup(group);
                changed = true;
            }
            for (Purpose purpose : purposes) {
                String name = ConsentAttribute.name(purpose.id());
                UPAttribute existing = config.getAttribute(name);
                UPAttribute wanted = new UPAttribute(name, new UPAttributePermissions(Set.of("admin"), Set.of()));
                wanted.setDisplayName(purpose.title(Purpose.DEFAULT_LOCALE));
                wanted.setGroup(GROUP);
                if (existing == null || !existing.getPermissions().equals(wanted.getPermissions())
                        || !GROUP.equals(existing.getGroup())
                        || !wanted.getDisplayName().equals(existing.getDisplayName())) {
                    config.addOrReplaceAttribute(wanted);
                    changed = true;
                }
            }
            if (changed) {
                profile.setConfiguration(config);
            }
        } finally {
            session.getContext().setRealm(previous);
        }
    }
}

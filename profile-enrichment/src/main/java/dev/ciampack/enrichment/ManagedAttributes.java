package dev.ciampack.enrichment;

import java.util.Collection;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares attributes that only the pack writes in the realm's User Profile: administrators see them,
 * nobody edits them through the profile, account or admin user APIs. Writes the configuration only when
 * something is missing.
 */
public final class ManagedAttributes {

    private ManagedAttributes() {
    }

    public static void declare(KeycloakSession session, String group, String header, Collection<String> names,
                               Set<String> multivalued) {
        UserProfileProvider provider = session.getProvider(UserProfileProvider.class);
        UPConfig config = provider.getConfiguration();
        boolean changed = false;
        if (config.getGroups() == null || config.getGroups().stream().noneMatch(g -> group.equals(g.getName()))) {
            UPGroup upGroup = new UPGroup(group);
            upGroup.setDisplayHeader(header);
            config.addGroup(upGroup);
            changed = true;
        }
        for (String name : names) {
            UPAttribute existing = config.getAttribute(name);
            if (existing == null || existing.getPermissions() == null || !existing.getPermissions().getEdit().isEmpty()) {
                UPAttribute attribute = new UPAttribute(name, new UPAttributePermissions(Set.of("admin"), Set.of()));
                attribute.setGroup(group);
                attribute.setMultivalued(multivalued.contains(name));
                config.addOrReplaceAttribute(attribute);
                changed = true;
            }
        }
        if (changed) {
            provider.setConfiguration(config);
        }
    }
}

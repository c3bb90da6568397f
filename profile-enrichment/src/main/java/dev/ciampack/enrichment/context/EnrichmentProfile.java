package dev.ciampack.enrichment.context;

import java.util.List;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares the login-context and linked-id attributes in the realm's User Profile: administrators see
 * them, nobody edits them through the profile, account or admin user APIs.
 */
final class EnrichmentProfile {

    static final String GROUP = "ciam-context";
    static final List<String> CONTEXT_ATTRIBUTES = List.of(LoginContext.FIRST_LOGIN_AT, LoginContext.LAST_LOGIN_AT,
            LoginContext.LOGIN_COUNT, LoginContext.LAST_CLIENT, LoginContext.SIGNUP_CLIENT,
            LoginContext.SIGNUP_UTM_SOURCE, LoginContext.SIGNUP_UTM_MEDIUM, LoginContext.SIGNUP_UTM_CAMPAIGN,
            LoginContext.PREFERRED_LOCALE);

    private EnrichmentProfile() {
    }

    static void declare(KeycloakSession session) {
        UserProfileProvider provider = session.getProvider(UserProfileProvider.class);
        UPConfig config = provider.getConfiguration();
        boolean changed = false;
        if (config.getGroups() == null || config.getGroups().stream().noneMatch(g -> GROUP.equals(g.getName()))) {
            UPGroup group = new UPGroup(GROUP);
            group.setDisplayHeader("Sign-in context (managed by the CIAM Pack)");
            config.addGroup(group);
            changed = true;
        }
        List<String> all = new java.util.ArrayList<>(CONTEXT_ATTRIBUTES);
        all.add(LoginContextAction.ANONYMOUS_IDS);
        all.add(LoginContextAction.SEGMENTS);
        for (String name : all) {
            UPAttribute existing = config.getAttribute(name);
            if (existing == null || existing.getPermissions() == null || !existing.getPermissions().getEdit().isEmpty()) {
                UPAttribute attribute = new UPAttribute(name, new UPAttributePermissions(Set.of("admin"), Set.of()));
                attribute.setGroup(GROUP);
                attribute.setMultivalued(LoginContextAction.ANONYMOUS_IDS.equals(name)
                        || LoginContextAction.SEGMENTS.equals(name));
                config.addOrReplaceAttribute(attribute);
                changed = true;
            }
        }
        if (changed) {
            provider.setConfiguration(config);
        }
    }
}

package dev.ciampack.common;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares attributes that only the pack writes in a realm's User Profile (Keycloak 26 drops or hides
 * undeclared ones): nobody edits them through the profile, account or admin user APIs; administrators
 * see them (an operator may widen who sees them, which a later declaration keeps). The configuration
 * is written only when something is missing or editable.
 */
public final class ManagedAttributes {

    /** The role that may view a managed attribute when the realm says nothing else. */
    static final String ADMIN = "admin";

    private ManagedAttributes() {
    }

    /** A User Profile group for the pack's attributes; {@code description} may be null. */
    public record Group(String name, String header, String description) {
        public Group {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(header, "header");
        }
    }

    /** One attribute; {@code displayName} may be null (Keycloak shows the name). */
    public record Attribute(String name, String displayName, boolean multivalued) {
        public Attribute {
            Objects.requireNonNull(name, "name");
        }

        public static Attribute single(String name) {
            return new Attribute(name, null, false);
        }

        public static Attribute multivalued(String name) {
            return new Attribute(name, null, true);
        }
    }

    /** Declares {@code attributes} in {@code group} of {@code realm}'s User Profile where needed. */
    public static void declare(KeycloakSession session, RealmModel realm, Group group, Collection<Attribute> attributes) {
        RealmModel previous = session.getContext().getRealm();
        // The User Profile provider reads the context's realm (an admin request's context is the admin's realm).
        session.getContext().setRealm(realm);
        try {
            UserProfileProvider provider = session.getProvider(UserProfileProvider.class);
            UPConfig config = provider.getConfiguration();
            boolean changed = false;
            if (config.getGroups() == null || config.getGroups().stream().noneMatch(g -> group.name().equals(g.getName()))) {
                UPGroup upGroup = new UPGroup(group.name());
                upGroup.setDisplayHeader(group.header());
                upGroup.setDisplayDescription(group.description());
                config.addGroup(upGroup);
                changed = true;
            }
            for (Attribute attribute : attributes) {
                UPAttribute existing = config.getAttribute(attribute.name());
                if (needsDeclaration(existing, attribute, group.name())) {
                    config.addOrReplaceAttribute(declaration(existing, attribute, group.name()));
                    changed = true;
                }
            }
            if (changed) {
                provider.setConfiguration(config);
            }
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /** Whether the realm's declaration is missing or differs from what the pack needs. */
    static boolean needsDeclaration(UPAttribute existing, Attribute wanted, String group) {
        if (existing == null || existing.getPermissions() == null) {
            return true;
        }
        Set<String> edit = existing.getPermissions().getEdit();
        return (edit != null && !edit.isEmpty())
                || !group.equals(existing.getGroup())
                || existing.isMultivalued() != wanted.multivalued()
                || (wanted.displayName() != null && !wanted.displayName().equals(existing.getDisplayName()));
    }

    /** The pack's declaration: editable by nobody, visible as the realm had it (administrators by default). */
    static UPAttribute declaration(UPAttribute existing, Attribute wanted, String group) {
        Set<String> view = existing == null || existing.getPermissions() == null
                || existing.getPermissions().getView() == null || existing.getPermissions().getView().isEmpty()
                ? Set.of(ADMIN) : existing.getPermissions().getView();
        UPAttribute declared = new UPAttribute(wanted.name(), new UPAttributePermissions(view, Set.of()));
        declared.setGroup(group);
        declared.setMultivalued(wanted.multivalued());
        declared.setDisplayName(wanted.displayName() != null ? wanted.displayName()
                : existing == null ? null : existing.getDisplayName());
        return declared;
    }
}

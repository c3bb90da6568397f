package dev.ciampack.consent.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keycloak.device.DeviceActivityManager;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

import dev.ciampack.consent.spi.PersonalDataSection;

/**
 * Section {@code account}: what Keycloak itself holds about the person. The profile with every attribute
 * the person may view in the User Profile (as the account console shows them: progressive-profiling answers
 * included, attributes only administrators may view left out), required actions,
 * linked identity providers (alias, their id and user name there; never the stored provider tokens),
 * credentials (type, label, creation; never their secret data), groups and direct realm roles, the
 * applications the person granted access (scopes, dates), and the active and offline sessions with the
 * device each was started from. Session ids and anything of another person are left out.
 */
public final class AccountPersonalData extends PersonalDataSection {

    public static final String ID = "account";

    public AccountPersonalData() {
        super(ID, 100);
    }

    @Override
    public Object collect(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", user.getId());
        account.put("username", user.getUsername());
        account.put("email", user.getEmail());
        account.put("emailVerified", user.isEmailVerified());
        account.put("firstName", user.getFirstName());
        account.put("lastName", user.getLastName());
        account.put("enabled", user.isEnabled());
        account.put("createdAt", PersonalData.time(user.getCreatedTimestamp()));
        // What the account console shows the person: the User Profile's attributes they may view. Attributes an
        // administrator keeps from them (view: admin only, e.g. a fraud flag or another extension's token) stay out.
        account.put("attributes", new TreeMap<>(session.getProvider(UserProfileProvider.class)
                .create(UserProfileContext.ACCOUNT, user).getAttributes().getReadable()));
        account.put("requiredActions", user.getRequiredActionsStream().sorted().toList());
        account.put("identityProviderLinks", session.users().getFederatedIdentitiesStream(realm, user)
                .map(link -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("identityProvider", link.getIdentityProvider());
                    view.put("userId", link.getUserId());
                    view.put("userName", link.getUserName());
                    return view;
                }).toList());
        if (user.getFederationLink() != null) {
            var federation = realm.getComponent(user.getFederationLink());
            account.put("userFederation", federation == null ? user.getFederationLink() : federation.getName());
        }
        account.put("credentials", user.credentialManager().getStoredCredentialsStream().map(credential -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("type", credential.getType());
            view.put("userLabel", credential.getUserLabel());
            view.put("createdAt", PersonalData.time(credential.getCreatedDate()));
            return view;
        }).toList());
        account.put("groups", user.getGroupsStream().map(ModelToRepresentation::buildGroupPath).sorted().toList());
        account.put("realmRoles", user.getRealmRoleMappingsStream().map(RoleModel::getName).sorted().toList());
        account.put("applicationConsents", session.users().getConsentsStream(realm, user.getId()).map(grant -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("clientId", grant.getClient().getClientId());
            view.put("grantedScopes", grant.getGrantedClientScopes().stream().map(ClientScopeModel::getName).sorted()
                    .toList());
            view.put("createdAt", PersonalData.time(grant.getCreatedDate()));
            view.put("lastUpdatedAt", PersonalData.time(grant.getLastUpdatedDate()));
            return view;
        }).toList());
        account.put("sessions", session.sessions().getUserSessionsStream(realm, user).map(s -> session(s, true))
                .toList());
        account.put("offlineSessions", session.sessions().getOfflineUserSessionsStream(realm, user)
                .map(s -> session(s, false)).toList());
        return account;
    }

    private static Map<String, Object> session(UserSessionModel s, boolean withDevice) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("startedAt", PersonalData.time(s.getStarted() * 1000L));
        view.put("lastAccessAt", PersonalData.time(s.getLastSessionRefresh() * 1000L));
        view.put("ipAddress", s.getIpAddress());
        view.put("rememberMe", s.isRememberMe());
        List<String> clients = new ArrayList<>();
        s.getAuthenticatedClientSessions().values().forEach(c -> clients.add(c.getClient().getClientId()));
        view.put("clients", clients.stream().sorted().toList());
        if (withDevice) {
            DeviceRepresentation device = DeviceActivityManager.getCurrentDevice(s);
            if (device != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("os", device.getOs());
                d.put("osVersion", device.getOsVersion());
                d.put("browser", device.getBrowser());
                d.put("device", device.getDevice());
                d.put("mobile", device.isMobile());
                view.put("device", d);
            }
        }
        return view;
    }
}

package dev.ciampack.authenticators.otp;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The first proof of an address or number an account had not verified, by a code or link used as the first
 * factor: the destination becomes verified and, unless the step keeps it ({@code keep-earlier-access}),
 * everything that let someone in before that proof ends. Whoever registered the address before its owner
 * proved it (account pre-hijacking: Sudhodanan and Paverd, 2022) may hold a password, an OTP device, a passkey,
 * a linked social account or a session; they are all removed, and tokens issued before now stop working.
 */
public final class FirstProof {

    private static final Logger LOG = Logger.getLogger(FirstProof.class);

    /** Detail of the events this records: the step whose code or link was the first proof. */
    public static final String DETAIL = "ciam_first_proof";

    public static final BooleanSetting KEEP_EARLIER_ACCESS = new BooleanSetting("keep-earlier-access",
            "Keep earlier credentials and sessions on first proof", false);

    /** How a step reads and marks its kind of destination on an account. */
    public interface Destination {
        boolean isVerified(UserModel user);

        void markVerified(UserModel user);

        /** The Keycloak event of a verified destination (e.g. {@code VERIFY_EMAIL}), or null. */
        EventType verifiedEvent();
    }

    /** The account's email address ({@code emailVerified}). */
    public static final Destination EMAIL = new Destination() {
        @Override
        public boolean isVerified(UserModel user) {
            return user.isEmailVerified();
        }

        @Override
        public void markVerified(UserModel user) {
            user.setEmailVerified(true);
        }

        @Override
        public EventType verifiedEvent() {
            return EventType.VERIFY_EMAIL;
        }
    };

    /** A phone number kept in {@code attribute}, verified when {@code <attribute>_verified} is "true". */
    public static Destination phone(String attribute) {
        return new Destination() {
            @Override
            public boolean isVerified(UserModel user) {
                return "true".equals(user.getFirstAttribute(attribute + "_verified"));
            }

            @Override
            public void markVerified(UserModel user) {
                user.setSingleAttribute(attribute + "_verified", "true");
            }

            @Override
            public EventType verifiedEvent() {
                return null;
            }
        };
    }

    private FirstProof() {
    }

    /**
     * The step {@code provider} identified the account itself, from what the person typed (or an identity
     * provider's match), not an earlier step: its code or link will be the first factor.
     */
    public static void identifiedHere(AuthenticationSessionModel auth, String provider) {
        auth.setAuthNote(provider + ".first-factor", "true");
    }

    /**
     * Whether {@link #identifiedHere} was said in this sign-in. Not {@code context.getUser()}: a confirmed link's
     * action token sets its user on the session before the step runs again.
     */
    public static boolean isFirstFactor(AuthenticationSessionModel auth, String provider) {
        return "true".equals(auth.getAuthNote(provider + ".first-factor"));
    }

    /**
     * Called when a code or link was right and {@code user} signs in with it. {@code firstFactor}: the step
     * identified the account itself (no earlier step did); after a password, the person proved both and nothing
     * is removed, the destination is only marked verified.
     */
    public static void proven(AuthenticationFlowContext context, String provider, UserModel user, Destination kind,
                              boolean firstFactor, boolean keepEarlierAccess) {
        if (kind.isVerified(user)) {
            return;
        }
        kind.markVerified(user);
        if (kind.verifiedEvent() != null) {
            context.getEvent().clone().event(kind.verifiedEvent()).user(user).detail(DETAIL, provider).success();
        }
        if (!firstFactor || keepEarlierAccess || LightweightUserAdapter.isLightweightUser(user)) {
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        List<CredentialModel> credentials = user.credentialManager().getStoredCredentialsStream().toList();
        for (CredentialModel credential : credentials) {
            user.credentialManager().removeStoredCredentialById(credential.getId());
            context.getEvent().clone().event(EventType.REMOVE_CREDENTIAL).user(user)
                    .detail(Details.CREDENTIAL_TYPE, credential.getType()).detail(DETAIL, provider).success();
        }
        List<FederatedIdentityModel> links = session.users().getFederatedIdentitiesStream(realm, user).toList();
        for (FederatedIdentityModel link : links) {
            session.users().removeFederatedIdentity(realm, user, link.getIdentityProvider());
            context.getEvent().clone().event(EventType.REMOVE_FEDERATED_IDENTITY).user(user)
                    .detail(Details.IDENTITY_PROVIDER, link.getIdentityProvider()).detail(DETAIL, provider).success();
        }
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        online.forEach(us -> AuthenticationManager.backchannelLogout(session, realm, us, context.getUriInfo(),
                context.getConnection(), context.getHttpRequest().getHttpHeaders(), true));
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        UserSessionManager sessions = new UserSessionManager(session);
        offline.forEach(sessions::revokeOfflineUserSession);
        LOG.infof("%s: realm %s, user %s proved an unverified destination for the first time: removed %d credentials "
                        + "(%s), %d identity provider links, %d sessions and %d offline sessions made before",
                provider, realm.getName(), user.getId(), credentials.size(),
                String.join(", ", credentials.stream().map(CredentialModel::getType).distinct().toList()),
                links.size(), online.size(), offline.size());
    }
}

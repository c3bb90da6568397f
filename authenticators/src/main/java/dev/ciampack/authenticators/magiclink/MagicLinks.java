package dev.ciampack.authenticators.magiclink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.keycloak.TokenVerifier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import dev.ciampack.authenticators.otp.OneTimeCode;
import dev.ciampack.authenticators.otp.SessionBinding;

/**
 * The rules a magic link lives by, shared by the step that mails it, Keycloak's action-token endpoint
 * (GET: confirmation page) and the confirmation endpoint (POST: the only request that signs in).
 */
final class MagicLinks {

    /** Characters of the nonce: 32 alphanumerics, about 190 bits. */
    static final int NONCE_LENGTH = 32;

    private MagicLinks() {
    }

    /**
     * Makes a link for {@code user} that completes the current execution of this sign-in, replacing any
     * earlier link of the sign-in, and records its state; returns the URL to send.
     */
    static String newLink(AuthenticationFlowContext context, UserModel user, String email, long expiresAtMillis,
                          String crossDevice, String requestedFrom) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        String nonce = SecretGenerator.getInstance().randomString(NONCE_LENGTH);
        MagicLinkToken token = new MagicLinkToken(user.getId(), (int) (expiresAtMillis / 1000),
                AuthenticationSessionCompoundId.fromAuthSession(auth).getEncodedId(),
                auth.getClient().getClientId(), nonce);
        new LinkState(user.getId(), email, SessionBinding.hash(session, realm, auth, nonce), expiresAtMillis,
                crossDevice, context.getRefreshExecutionUrl().toString(), requestedFrom, false).write(auth);
        return context.getActionTokenUrl(token.serialize(session, realm, context.getUriInfo())).toString();
    }

    /** A link that verified and still matches the pending sign-in it was issued to. */
    record Pending(MagicLinkToken token, AuthenticationSessionModel original, LinkState state, UserModel user) {

        boolean openedIn(RootAuthenticationSessionModel browserSession) {
            return browserSession != null && browserSession.getId().equals(original.getParentSession().getId());
        }

        boolean crossDeviceAllowed() {
            return MagicLinkConfig.CrossDevice.CONTINUE_ORIGINAL.value().equals(state.crossDevice());
        }
    }

    /**
     * Verifies a serialized link token as Keycloak's action-token endpoint does (signature with the
     * realm's keys, issuer, expiry, basic claims) and checks it is a magic link.
     */
    static MagicLinkToken verify(KeycloakSession session, RealmModel realm, String serialized)
            throws VerificationException {
        if (serialized == null || serialized.isEmpty() || serialized.length() > 8192) {
            throw new VerificationException("no link token");
        }
        TokenVerifier<MagicLinkToken> verifier = TokenVerifier.create(serialized, MagicLinkToken.class)
                .withChecks(TokenVerifier.IS_ACTIVE,
                        new TokenVerifier.RealmUrlCheck(
                                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName())),
                        DefaultActionToken.ACTION_TOKEN_BASIC_CHECKS);
        String algorithm = verifier.getHeader().getAlgorithm().name();
        SignatureProvider signatures = session.getProvider(SignatureProvider.class, algorithm);
        if (signatures == null) {
            throw new VerificationException("unsupported algorithm");
        }
        verifier.verifierContext(signatures.verifier(verifier.getHeader().getKeyId()));
        MagicLinkToken token = verifier.verify().getToken();
        if (!MagicLinkToken.TOKEN_TYPE.equals(token.getActionId()) || token.getNonce() == null) {
            throw new VerificationException("not a magic link");
        }
        return token;
    }

    /**
     * The pending sign-in a verified token belongs to, or null when it no longer does: the session is
     * gone, a newer link replaced this one, the link was used, or the account cannot sign in.
     */
    static Pending pending(KeycloakSession session, RealmModel realm, MagicLinkToken token) {
        String compound = token.getCompoundAuthenticationSessionId();
        if (compound == null) {
            return null;
        }
        AuthenticationSessionCompoundId id;
        try {
            id = AuthenticationSessionCompoundId.encoded(compound);
        } catch (RuntimeException e) {
            return null;
        }
        ClientModel client = realm.getClientById(id.getClientUUID());
        if (client == null || !client.isEnabled()) {
            return null;
        }
        AuthenticationSessionModel original = new AuthenticationSessionManager(session)
                .getAuthenticationSessionByIdAndClient(realm, id.getRootSessionId(), client, id.getTabId());
        if (original == null) {
            return null;
        }
        LinkState state = LinkState.read(original);
        if (state == null || !state.hasLink() || !state.isEligible() || !state.userId().equals(token.getUserId())
                || System.currentTimeMillis() > state.expiresAt()) {
            return null;
        }
        String hash = SessionBinding.hash(session, realm, original, token.getNonce());
        if (!OneTimeCode.sameHash(state.nonceHash(), hash) || isUsed(session, token)) {
            return null;
        }
        UserModel user = session.users().getUserById(realm, token.getUserId());
        // Keycloak's lockout, when the step shares it, is checked when the sign-in completes (the step has its config).
        if (user == null || !user.isEnabled()) {
            return null;
        }
        return new Pending(token, original, state, user);
    }

    /** Marks the link used, once across the cluster; false when it already was. */
    static boolean consume(KeycloakSession session, MagicLinkToken token) {
        long lifespan = Math.max(1, token.getExp() - Time.currentTime() + 1);
        return session.getProvider(SingleUseObjectProvider.class).putIfAbsent(usedKey(token), lifespan);
    }

    private static boolean isUsed(KeycloakSession session, MagicLinkToken token) {
        return session.getProvider(SingleUseObjectProvider.class).contains(usedKey(token));
    }

    /** The nonce never leaves the token: the store keys on its SHA-256. */
    private static String usedKey(MagicLinkToken token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getNonce().getBytes(StandardCharsets.UTF_8));
            return "ciam.link.used:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

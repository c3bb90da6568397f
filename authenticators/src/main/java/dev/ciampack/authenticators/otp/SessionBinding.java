package dev.ciampack.authenticators.otp;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What binds a secret (a code, a link nonce) to one sign-in: the realm's active HMAC key, shared by
 * all nodes through the database, and the authentication session plus browser tab it was issued to.
 */
public final class SessionBinding {

    private SessionBinding() {
    }

    /** The realm's active HS512 key. */
    public static byte[] hashKey(KeycloakSession session, RealmModel realm) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        return key.getSecretKey().getEncoded();
    }

    /** One authentication session and browser tab. */
    public static String of(AuthenticationSessionModel auth) {
        return auth.getParentSession().getId() + "." + auth.getTabId();
    }

    /** Keyed hash of {@code secret} bound to {@code auth}. */
    public static String hash(KeycloakSession session, RealmModel realm, AuthenticationSessionModel auth,
                              String secret) {
        return OneTimeCode.hash(hashKey(session, realm), secret, of(auth));
    }
}

package dev.ciampack.authenticators.otp;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Whether an account may be sent a code or link, and whether it may sign in now, under Keycloak's brute-force
 * detection.
 */
public final class Lockout {

    private Lockout() {
    }

    /**
     * Whether a code or link may be sent: the account is enabled and not locked out. Reads the lockout itself:
     * with brute-force detection on, Keycloak's protector also counts an account as disabled while another
     * sign-in of it is in progress (its guard against parallel guesses), so a stranger's parallel requests
     * for a person's address would silently stop the person's own mail.
     */
    public static boolean mayReceive(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !user.isEnabled()) {
            return false;
        }
        if (!realm.isBruteForceProtected()) {
            return true;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures == null) {
            return true;
        }
        boolean temporarily = Time.currentTime() < failures.getFailedLoginNotBefore();
        boolean permanently = realm.isPermanentLockout()
                && failures.getNumTemporaryLockouts() > realm.getMaxTemporaryLockouts();
        return !temporarily && !permanently;
    }

    /** Whether the account may sign in now: Keycloak's protector, with its guard against parallel sign-ins. */
    public static boolean maySignIn(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !user.isEnabled()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return !protector.isTemporarilyDisabled(session, realm, user)
                && !protector.isPermanentlyLockedOut(session, realm, user);
    }
}

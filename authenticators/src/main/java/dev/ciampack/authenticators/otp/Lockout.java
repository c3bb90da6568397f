package dev.ciampack.authenticators.otp;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Whether an account may be sent a code or link, and whether it may sign in with one.
 *
 * <p>By default the passwordless steps keep their own guards (a few guesses per code, a budget of wrong codes per
 * network, single-use links) and ignore Keycloak's brute-force lockout: that lockout counts password failures, which
 * anyone can cause from any client's password endpoint, and a person who signs in by code has no password to
 * protect. A step configured with {@code brute-force-lockout} shares Keycloak's lockout instead: its wrong codes
 * count toward it and a locked account is sent a notice instead of a code (see {@link CodeStep}).
 */
public final class Lockout {

    private Lockout() {
    }

    /** Whether the account is enabled but locked by Keycloak's brute-force detection (temporarily or for good). */
    public static boolean isLockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !realm.isBruteForceProtected()) {
            return false;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures == null) {
            return false;
        }
        boolean temporarily = Time.currentTime() < failures.getFailedLoginNotBefore();
        boolean permanently = realm.isPermanentLockout()
                && failures.getNumTemporaryLockouts() > realm.getMaxTemporaryLockouts();
        return temporarily || permanently;
    }

    /** Whole minutes until the account's lockout ends (at least 1), or -1 when it is permanent. */
    public static long minutesLeft(KeycloakSession session, RealmModel realm, UserModel user) {
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures == null || Time.currentTime() >= failures.getFailedLoginNotBefore()) {
            return -1;
        }
        return Math.max(1, (failures.getFailedLoginNotBefore() - Time.currentTime() + 59) / 60);
    }

    /**
     * Whether the account may sign in now: enabled and, when the step shares Keycloak's lockout, not disabled by its
     * protector (with its guard against parallel sign-ins).
     */
    public static boolean maySignIn(KeycloakSession session, RealmModel realm, UserModel user, boolean shared) {
        if (user == null || !user.isEnabled()) {
            return false;
        }
        if (!shared) {
            return true;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return !protector.isTemporarilyDisabled(session, realm, user)
                && !protector.isPermanentlyLockedOut(session, realm, user);
    }
}

package dev.ciampack.authenticators.otp;

import org.keycloak.sessions.AuthenticationSessionModel;

/** Marks a sign-in completed by one of the pack's passwordless steps (read by the passkey nudge). */
public final class Passwordless {

    static final String NOTE = "ciam.passwordless";

    private Passwordless() {
    }

    public static void mark(AuthenticationSessionModel auth, String providerId) {
        auth.setAuthNote(NOTE, providerId);
    }

    /** The passwordless step that signed this session in, or null. */
    public static String method(AuthenticationSessionModel auth) {
        return auth.getAuthNote(NOTE);
    }
}

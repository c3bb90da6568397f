package dev.ciampack.authenticators.emailcode;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The email-code state of one authentication session, kept in its notes: who the code is for (an
 * empty user id when the address belongs to no eligible account), where it went, its keyed hash,
 * expiry, wrong guesses and id. The code itself is never stored.
 */
record CodeState(String userId, String email, String hash, long expiresAt, int attempts, String codeId) {

    private static final String P = "ciam-email-code.";

    static CodeState read(AuthenticationSessionModel auth) {
        String email = auth.getAuthNote(P + "email");
        if (email == null) {
            return null;
        }
        String expires = auth.getAuthNote(P + "expires");
        String attempts = auth.getAuthNote(P + "attempts");
        return new CodeState(auth.getAuthNote(P + "user"), email, auth.getAuthNote(P + "hash"),
                expires == null ? 0 : Long.parseLong(expires), attempts == null ? 0 : Integer.parseInt(attempts),
                auth.getAuthNote(P + "id"));
    }

    void write(AuthenticationSessionModel auth) {
        auth.setAuthNote(P + "user", userId == null ? "" : userId);
        auth.setAuthNote(P + "email", email);
        set(auth, "hash", hash);
        auth.setAuthNote(P + "expires", String.valueOf(expiresAt));
        auth.setAuthNote(P + "attempts", String.valueOf(attempts));
        set(auth, "id", codeId);
    }

    static void clear(AuthenticationSessionModel auth) {
        for (String note : new String[] {"user", "email", "hash", "expires", "attempts", "id"}) {
            auth.removeAuthNote(P + note);
        }
    }

    boolean hasCode() {
        return hash != null;
    }

    /** An existing account receives codes. */
    boolean isEligible() {
        return userId != null && !userId.isEmpty() && !isSignUp();
    }

    /** The address has no account and sign-up on first use is on: the code creates the account. */
    boolean isSignUp() {
        return SIGN_UP.equals(userId);
    }

    /** Marker kept instead of a user id while a sign-up code is pending. */
    static final String SIGN_UP = "sign-up";

    CodeState withAttempts(int value) {
        return new CodeState(userId, email, hash, expiresAt, value, codeId);
    }

    CodeState burned() {
        return new CodeState(userId, email, null, 0, attempts, null);
    }

    private static void set(AuthenticationSessionModel auth, String name, String value) {
        if (value == null) {
            auth.removeAuthNote(P + name);
        } else {
            auth.setAuthNote(P + name, value);
        }
    }
}

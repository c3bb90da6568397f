package dev.ciampack.authenticators.otp;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one-time-code state of one authentication session, kept in its notes under the step's provider
 * id: who the code is for (an empty user id when the destination belongs to no eligible account), the
 * destination (address or phone number), its keyed hash, expiry, wrong guesses and id. The code itself
 * is never stored.
 */
public record CodeState(String providerId, String userId, String destination, String hash, long expiresAt,
                        int attempts, String codeId) {

    private static final String[] NOTES = {"user", "to", "hash", "expires", "attempts", "id"};

    /** Marker kept instead of a user id while a sign-up code is pending. */
    public static final String SIGN_UP = "sign-up";

    public static CodeState read(AuthenticationSessionModel auth, String providerId) {
        String p = providerId + ".";
        String destination = auth.getAuthNote(p + "to");
        if (destination == null) {
            return null;
        }
        String expires = auth.getAuthNote(p + "expires");
        String attempts = auth.getAuthNote(p + "attempts");
        return new CodeState(providerId, auth.getAuthNote(p + "user"), destination, auth.getAuthNote(p + "hash"),
                expires == null ? 0 : Long.parseLong(expires), attempts == null ? 0 : Integer.parseInt(attempts),
                auth.getAuthNote(p + "id"));
    }

    public void write(AuthenticationSessionModel auth) {
        set(auth, "user", userId == null ? "" : userId);
        set(auth, "to", destination);
        set(auth, "hash", hash);
        set(auth, "expires", String.valueOf(expiresAt));
        set(auth, "attempts", String.valueOf(attempts));
        set(auth, "id", codeId);
    }

    public static void clear(AuthenticationSessionModel auth, String providerId) {
        for (String note : NOTES) {
            auth.removeAuthNote(providerId + "." + note);
        }
    }

    public boolean hasCode() {
        return hash != null;
    }

    /** An existing account receives codes. */
    public boolean isEligible() {
        return userId != null && !userId.isEmpty() && !isSignUp();
    }

    /** The destination has no account and sign-up on first use is on: the code creates the account. */
    public boolean isSignUp() {
        return SIGN_UP.equals(userId);
    }

    public CodeState withAttempts(int value) {
        return new CodeState(providerId, userId, destination, hash, expiresAt, value, codeId);
    }

    public CodeState burned() {
        return new CodeState(providerId, userId, destination, null, 0, attempts, null);
    }

    private void set(AuthenticationSessionModel auth, String name, String value) {
        if (value == null) {
            auth.removeAuthNote(providerId + "." + name);
        } else {
            auth.setAuthNote(providerId + "." + name, value);
        }
    }
}

package dev.ciampack.authenticators.otp;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What an earlier step of the sign-in (identifier first) handed on to the pack's later steps, in
 * authentication-session notes: the identifier's kind and normalized value, and the route chosen for
 * it. Later steps (email code, magic link, SMS code) read the identifier instead of asking again. The
 * steps that write these notes depend on this class; it depends on none of them.
 */
public final class HandedOn {

    public static final String KIND = "ciam.identifier.kind";
    public static final String VALUE = "ciam.identifier.value";
    public static final String ROUTE = "ciam.route";

    private HandedOn() {
    }

    /** The identifier handed on if it is of {@code kind} ("email", "phone"), else null. */
    public static String identifier(AuthenticationSessionModel auth, String kind) {
        return kind.equals(auth.getAuthNote(KIND)) ? auth.getAuthNote(VALUE) : null;
    }
}

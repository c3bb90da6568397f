package dev.ciampack.authenticators.identifierfirst;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the identifier-first step handed on, in authentication-session notes: the identifier (kind and
 * normalized value) and the route the realm chose for it. Later steps of the pack (email code, magic
 * link, SMS code) read the identifier instead of asking again; the route condition reads the route.
 * The identifier is recorded the same way whether or not an account has it.
 */
public record Identified(Identifier identifier, String route) {

    static final String KIND = "ciam.identifier.kind";
    static final String VALUE = "ciam.identifier.value";
    static final String ROUTE = "ciam.route";

    public static Identified read(AuthenticationSessionModel auth) {
        Identifier.Kind kind = Identifier.Kind.parse(auth.getAuthNote(KIND));
        String value = auth.getAuthNote(VALUE);
        String route = auth.getAuthNote(ROUTE);
        return route == null ? null : new Identified(kind == null || value == null ? null : new Identifier(kind, value), route);
    }

    /** The identifier if it is of {@code kind} ("email", "phone"), else null. */
    public static String valueOf(AuthenticationSessionModel auth, String kind) {
        return kind.equals(auth.getAuthNote(KIND)) ? auth.getAuthNote(VALUE) : null;
    }

    void write(AuthenticationSessionModel auth) {
        if (identifier == null) {
            auth.removeAuthNote(KIND);
            auth.removeAuthNote(VALUE);
        } else {
            auth.setAuthNote(KIND, identifier.kind().value());
            auth.setAuthNote(VALUE, identifier.value());
        }
        auth.setAuthNote(ROUTE, route);
    }
}

package dev.ciampack.authenticators.identifierfirst;

import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.authenticators.otp.HandedOn;

/**
 * What the identifier-first step hands on (see {@link HandedOn}): the identifier (kind and normalized
 * value) and the route the realm chose for it; the route condition reads the route. The identifier is
 * recorded the same way whether or not an account has it.
 */
record Identified(Identifier identifier, String route) {

    static Identified read(AuthenticationSessionModel auth) {
        Identifier.Kind kind = Identifier.Kind.parse(auth.getAuthNote(HandedOn.KIND));
        String value = auth.getAuthNote(HandedOn.VALUE);
        String route = auth.getAuthNote(HandedOn.ROUTE);
        return route == null ? null : new Identified(kind == null || value == null ? null : new Identifier(kind, value), route);
    }

    void write(AuthenticationSessionModel auth) {
        if (identifier == null) {
            auth.removeAuthNote(HandedOn.KIND);
            auth.removeAuthNote(HandedOn.VALUE);
        } else {
            auth.setAuthNote(HandedOn.KIND, identifier.kind().value());
            auth.setAuthNote(HandedOn.VALUE, identifier.value());
        }
        auth.setAuthNote(HandedOn.ROUTE, route);
    }
}

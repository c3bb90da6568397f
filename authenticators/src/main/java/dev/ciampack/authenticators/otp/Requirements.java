package dev.ciampack.authenticators.otp;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** The requirement choices the pack's sign-in steps offer in the admin console. */
public final class Requirements {

    private Requirements() {
    }

    /** A sign-in method: the only one (required), one of several (alternative), or off. */
    public static Requirement[] signInMethod() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
    }
}

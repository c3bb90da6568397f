package dev.ciampack.common;

import org.keycloak.models.Constants;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/** What kind of sign-in an authentication session is. */
public final class SignIns {

    private SignIns() {
    }

    /**
     * An interactive sign-in: not a silent SSO-cookie renewal, not {@code prompt=none} (a page would turn
     * it into an error for the application), not an application-initiated action such as the consent
     * review ({@code kc_action}: the person came for something else). Only these count as sign-ins for
     * the pack's profile and context steps, and only these may ask anything.
     */
    public static boolean interactive(AuthenticationSessionModel auth) {
        String prompt = auth.getClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        return auth.getAuthNote(AuthenticationManager.SSO_AUTH) == null
                && auth.getClientNote(Constants.KC_ACTION) == null
                && (prompt == null || !prompt.contains(OIDCLoginProtocol.PROMPT_VALUE_NONE));
    }
}

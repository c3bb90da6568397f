package dev.ciampack.authenticators.magiclink;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * A magic link inside another step's email (the email code's {@code include-link}): the same link,
 * confirmation page and single-use rules as {@code ciam-magic-link}, completing the step that sent
 * it. Such links only work in the browser that asked for them.
 */
public final class EmbeddedLinks {

    private EmbeddedLinks() {
    }

    /** A new link for {@code user} (voiding this sign-in's earlier one), valid {@code ttlSeconds}. */
    public static String issue(AuthenticationFlowContext context, UserModel user, String email, int ttlSeconds) {
        String from = DeviceSummary.of(context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT));
        long expiresAt = (Time.currentTime() + (long) ttlSeconds) * 1000L;
        return MagicLinks.newLink(context, user, email, expiresAt, MagicLinkConfig.CrossDevice.DENY.value(), from);
    }

    /**
     * The account whose link for this sign-in was confirmed (then forgotten), or null when none was.
     * The caller still checks that the account may sign in.
     */
    public static UserModel confirmed(AuthenticationFlowContext context) {
        LinkState state = LinkState.read(context.getAuthenticationSession());
        if (state == null || !state.confirmed()) {
            return null;
        }
        LinkState.clear(context.getAuthenticationSession());
        return context.getSession().users().getUserById(context.getRealm(), state.userId());
    }

    /** Forgets this sign-in's link (e.g. once its code was used). */
    public static void forget(AuthenticationFlowContext context) {
        LinkState.clear(context.getAuthenticationSession());
    }
}

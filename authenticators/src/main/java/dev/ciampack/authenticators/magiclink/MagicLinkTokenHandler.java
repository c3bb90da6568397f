package dev.ciampack.authenticators.magiclink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's action-token endpoint hands magic links here on GET. A GET never signs in: it answers
 * with a confirmation page whose form POSTs the link to {@link MagicLinkResource}. (Keycloak answers a
 * HEAD on the endpoint with an empty 200 and no processing.) The link is therefore declared reusable to
 * Keycloak, which would otherwise spend it on the first GET, and is spent by the POST instead.
 */
public final class MagicLinkTokenHandler extends AbstractActionTokenHandler<MagicLinkToken> {

    static final String CONFIRM_FORM = "ciam-magic-link-confirm.ftl";
    static final String INVALID = "ciam-magic-link.error.invalid";

    public MagicLinkTokenHandler() {
        super(MagicLinkToken.TOKEN_TYPE, MagicLinkToken.class, INVALID, EventType.EXECUTE_ACTION_TOKEN,
                Errors.INVALID_CODE);
    }

    @Override
    public boolean canUseTokenRepeatedly(MagicLinkToken token, ActionTokenContext<MagicLinkToken> context) {
        return true;
    }

    @Override
    public Response handleToken(MagicLinkToken token, ActionTokenContext<MagicLinkToken> context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel browserSession = context.getAuthenticationSession();
        String serialized = browserSession.getAuthNote(Constants.KEY);
        boolean fresh = context.isAuthenticationSessionFresh();
        MagicLinks.Pending pending = MagicLinks.pending(session, realm, token);
        Response response;
        if (pending == null || serialized == null || (fresh && !pending.crossDeviceAllowed())) {
            context.getEvent().error(pending == null ? Errors.INVALID_CODE : Errors.INVALID_REQUEST);
            response = invalid(session);
        } else {
            browserSession.removeAuthNote(Constants.KEY);
            long requestedAt = token.getIat() * 1000L;
            response = session.getProvider(LoginFormsProvider.class)
                    .setAuthenticationSession(fresh ? null : browserSession)
                    .setAttribute("ciamConfirmUrl", MagicLinkResource.confirmUrl(session, realm))
                    .setAttribute("ciamKey", serialized)
                    .setAttribute("ciamEmail", pending.state().email())
                    .setAttribute("ciamOtherDevice", fresh)
                    .setAttribute("ciamRequestedBrowser", DeviceSummary.browser(pending.state().requestedFrom()))
                    .setAttribute("ciamRequestedSystem", DeviceSummary.system(pending.state().requestedFrom()))
                    .setAttribute("ciamRequestedAt", requestedAt(Instant.ofEpochMilli(requestedAt),
                            session.getContext().resolveLocale(null)))
                    .createForm(CONFIRM_FORM);
        }
        if (fresh) {
            // Opened by another browser or a mail scanner: the session Keycloak made for it serves nothing.
            new AuthenticationSessionManager(session).removeAuthenticationSession(realm, browserSession, true);
        }
        return response;
    }

    /** The time a link was asked for, as the person's language writes a time of day, in UTC (e.g. 2:05 PM UTC). */
    static String requestedAt(Instant at, Locale locale) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).withZone(ZoneOffset.UTC)
                .format(at) + " UTC";
    }

    static Response invalid(KeycloakSession session) {
        return session.getProvider(LoginFormsProvider.class)
                .setError(INVALID)
                .createErrorPage(Response.Status.BAD_REQUEST);
    }
}

package dev.ciampack.enrichment.context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;

import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.common.SignIns;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.enrichment.api.EnrichmentAttributes;
import dev.ciampack.enrichment.api.EnrichmentDetails;
import dev.ciampack.enrichment.api.UserIdentifiedEvent;

/**
 * Records the sign-in's context on the user and links the application's analytics anonymous id (only
 * with consent). It never shows a page: all its work happens while Keycloak evaluates required actions,
 * in the sign-in's own transaction, with the authorization request at hand.
 */
final class LoginContextAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(LoginContextAction.class);
    private static final String DONE = "ciam-login-context.done";

    private final EnrichmentProfile profile;

    LoginContextAction(EnrichmentProfile profile) {
        this.profile = profile;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        if (user == null || auth == null || auth.getAuthNote(DONE) != null || !SignIns.interactive(auth)) {
            return;
        }
        auth.setAuthNote(DONE, "true");
        LoginContextSettings settings;
        try {
            settings = LoginContextSettings.parse(context.getConfig() == null ? null : context.getConfig().getConfig());
        } catch (IllegalArgumentException e) {
            LOG.errorf("Realm %s: ciam-login-context settings refused: %s", context.getRealm().getName(), e.getMessage());
            return;
        }
        profile.declareOnce(context.getSession(), context.getRealm());
        String clientId = auth.getClient().getClientId();
        Map<String, String> utm = new HashMap<>();
        for (String name : List.of("utm_source", "utm_medium", "utm_campaign")) {
            String value = auth.getClientNote(AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + name);
            if (value != null) {
                utm.put(name, value);
            }
        }
        Map<String, String> current = new HashMap<>();
        for (String name : EnrichmentAttributes.LOGIN_CONTEXT) {
            String value = user.getFirstAttribute(name);
            if (value != null) {
                current.put(name, value);
            }
        }
        String locale = context.getSession().getContext().resolveLocale(user).toLanguageTag();
        Map<String, String> writes = LoginContext.changes(current,
                new LoginContext.SignIn(Instant.ofEpochSecond(Time.currentTime()), clientId, utm, locale),
                settings.minIntervalMinutes() * 60L);
        writes.forEach(user::setSingleAttribute);
        stitch(context, settings, user, auth, clientId);
        segment(context, settings, user);
    }

    /** Recomputes the person's segments from the realm's rules (after this sign-in's context writes). */
    private static void segment(RequiredActionContext context, LoginContextSettings settings, UserModel user) {
        Segments.recompute(context.getSession(), context.getRealm(), settings, user);
    }

    /**
     * Links the anonymous id when the person granted the purpose: the one the client vouched for in its authorization
     * request ({@link VouchedAnonymousIdExecutorFactory}), else the first-party cookie's, else (opt-in only) the plain
     * request parameter's.
     */
    private static void stitch(RequiredActionContext context, LoginContextSettings settings, UserModel user,
                               AuthenticationSessionModel auth, String clientId) {
        String id = auth.getClientNote(VouchedAnonymousIdExecutorFactory.NOTE);
        if (id == null && !settings.anonymousIdCookie().isEmpty()) {
            Cookie cookie = context.getHttpRequest().getHttpHeaders().getCookies().get(settings.anonymousIdCookie());
            id = cookie == null ? null : cookieValue(cookie.getValue());
        }
        if (id == null && settings.anonymousIdFrontChannel()) {
            id = auth.getClientNote(AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX
                    + LoginContextSettings.PARAMETER);
        }
        if (id == null) {
            return;
        }
        if (!AnonymousIds.isValid(id)) {
            LOG.debugf("Realm %s: malformed anonymous id ignored (length %d)", context.getRealm().getName(), id.length());
            return;
        }
        ConsentProvider consent = context.getSession().getProvider(ConsentProvider.class);
        if (consent == null || !consent.mayUse(context.getRealm(), user, settings.anonymousIdPurpose())) {
            return;
        }
        List<String> current = user.getAttributeStream(EnrichmentAttributes.ANONYMOUS_IDS).toList();
        if (current.contains(id)) {
            return;
        }
        user.setAttribute(EnrichmentAttributes.ANONYMOUS_IDS, AnonymousIds.add(current, id, settings.maxAnonymousIds()));
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                .client(context.getAuthenticationSession().getClient())
                .detail("custom_required_action", LoginContextActionFactory.PROVIDER_ID)
                .detail(EnrichmentDetails.EVENT, EnrichmentDetails.USER_IDENTIFIED)
                .detail(EnrichmentDetails.ANONYMOUS_ID, id)
                .success();
        context.getSession().getKeycloakSessionFactory()
                .publish(new UserIdentifiedEvent(context.getRealm(), user, id, clientId));
    }

    /** Segment's ajs_anonymous_id cookie holds a JSON string, URL-encoded: %22abc%22. */
    static String cookieValue(String raw) {
        if (raw == null) {
            return null;
        }
        String value = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void close() {
    }
}

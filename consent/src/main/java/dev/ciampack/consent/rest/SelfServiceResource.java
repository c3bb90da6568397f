package dev.ciampack.consent.rest;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.HashException;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.common.RollingSlots;
import dev.ciampack.consent.action.ConsentRequiredActionFactory;
import dev.ciampack.consent.export.PersonalData;
import dev.ciampack.consent.signals.ConsentMode;
import dev.ciampack.consent.spi.Channel;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.Provenance;
import dev.ciampack.consent.spi.PrivacyChoices;
import dev.ciampack.consent.spi.Purpose;

/**
 * {@code /realms/{realm}/ciam-consent}: the realm's purposes (public), and the signed-in person's own
 * consents and history, authorized by their bearer access token. There is no way to name another
 * user here: every {@code /me} call acts on the token's subject. Reading needs any access token of the
 * person; recording a decision needs one that carries the client scope {@value #DECIDE_SCOPE}, which an
 * administrator gives only to the applications meant to change consent (any other client of the realm,
 * or a password grant, cannot decide in the person's name).
 */
final class SelfServiceResource {

    /** The client scope a token must carry to record a decision. */
    static final String DECIDE_SCOPE = "ciam-consent";
    /** The request header of Global Privacy Control. */
    static final String GPC_HEADER = "Sec-GPC";
    private static final String[] METHODS = {"GET", "PUT"};

    private final KeycloakSession session;

    SelfServiceResource(KeycloakSession session) {
        this.session = session;
    }

    /** CORS preflight for browser applications; the actual request's origin is checked against the token. */
    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder().preflight().allowedMethods(METHODS).auth().add(Response.ok());
    }

    @GET
    @Path("purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public Response purposes(@QueryParam("locale") String locale) {
        RealmModel realm = session.getContext().getRealm();
        // Public notices: any origin may read them (no credentials involved).
        return Cors.builder().allowAllOrigins().allowedMethods("GET")
                .add(Response.ok(consent().purposes(realm).stream().map(p -> Views.purpose(p, locale)).toList()));
    }

    /**
     * The privacy-choices address in emails and the account console ({@link PrivacyChoices#url}): starts a sign-in
     * of the account console that opens the review page ({@code kc_action=ciam-consent}) and ends in the account
     * console. The account console requires PKCE, so a plain link with {@code kc_action} cannot do this; here the
     * challenge is one of a verifier nobody keeps (the console, back from the review, signs itself in again with
     * the single sign-on session). Nothing is decided by this GET: the page asks.
     */
    @GET
    @Path("review")
    public Response review(@QueryParam("ui_locales") String uiLocales) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel console = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
        if (console == null || !console.isEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The privacy choices page opens in the account console, which this realm does not offer.")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        String challenge;
        try {
            challenge = PkceUtils.generateS256CodeChallenge(PkceUtils.generateCodeVerifier());
        } catch (HashException e) {
            throw new IllegalStateException(e);
        }
        var uri = session.getContext().getUri();
        var auth = OIDCLoginProtocolService.authUrl(uri.getBaseUriBuilder())
                .queryParam("client_id", console.getClientId())
                .queryParam("redirect_uri", Urls.accountBase(uri.getBaseUri()).path("/")
                        .build(realm.getName()).toString())
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("kc_action", ConsentRequiredActionFactory.PROVIDER_ID)
                .queryParam("state", SecretGenerator.getInstance().randomString(22))
                .queryParam("code_challenge", challenge)
                .queryParam("code_challenge_method", "S256");
        if (uiLocales != null && UI_LOCALES.matcher(uiLocales).matches()) {
            auth.queryParam("ui_locales", uiLocales);
        }
        return Response.seeOther(auth.build(realm.getName())).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** Language tags separated by spaces, as OIDC's {@code ui_locales}; anything else is ignored. */
    private static final Pattern UI_LOCALES = Pattern.compile("[A-Za-z0-9_ -]{1,64}");

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mine(@QueryParam("locale") String locale) {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        RealmModel realm = session.getContext().getRealm();
        return cors(auth, Response.ok(Views.consents(consent(), realm, auth.user(), localeOf(locale, auth.user()))));
    }

    /**
     * The person's Google Consent Mode v2 states, {@code granted} or {@code denied} per consent type, from their
     * purposes and the realm's mapping: for a signed-in page to set consent mode before any tag runs.
     */
    @GET
    @Path("me/consent-mode")
    @Produces(MediaType.APPLICATION_JSON)
    public Response consentMode() {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        RealmModel realm = session.getContext().getRealm();
        return cors(auth, Response.ok(ConsentMode.of(consent(), realm, auth.user())));
    }

    @GET
    @Path("me/history")
    @Produces(MediaType.APPLICATION_JSON)
    public Response history() {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        RealmModel realm = session.getContext().getRealm();
        return cors(auth, Response.ok(Views.history(consent().history(realm, auth.user()))));
    }

    /**
     * The receipt of one of the person's own ledger records: a compact JWS ({@code application/jose}) signed with
     * the realm's active key. 404 for an id that is not one of theirs (the same as for one that does not exist).
     */
    @GET
    @Path("me/receipts/{recordId}")
    @Produces({"application/jose", MediaType.APPLICATION_JSON})
    public Response receipt(@PathParam("recordId") String recordId) {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        RealmModel realm = session.getContext().getRealm();
        String receipt = Receipts.of(session, realm, consent(), auth.user(), recordId);
        if (receipt == null) {
            return cors(auth, Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Views.error("unknown_record", "no consent record '" + Receipts.shorten(recordId)
                            + "' of yours")));
        }
        return cors(auth, Response.ok(receipt, "application/jose")
                .header("Content-Disposition", "attachment; filename=\"consent-receipt-" + recordId + ".jwt\""));
    }

    /**
     * The person's data export ("download my data"): the document every personal-data contributor adds to (see
     * {@link PersonalData}). It holds their sessions and devices, so it asks what
     * Keycloak's own account API asks: a token carrying the {@code account} client's role {@code view-profile} or
     * {@code manage-account} (the account console's tokens do; a client without them cannot pull it).
     */
    @GET
    @Path("me/export")
    @Produces(MediaType.APPLICATION_JSON)
    public Response export() {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        if (!mayViewProfile(auth)) {
            return cors(auth, Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity(Views.error("insufficient_role", "the export needs an access token with the account "
                            + "client's role view-profile or manage-account, as Keycloak's account API does")));
        }
        RealmModel realm = session.getContext().getRealm();
        long wait = takeExport(realm, auth.user());
        if (wait > 0) {
            return cors(auth, Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(wait))
                    .entity(Views.error("too_many_exports", "at most " + EXPORTS_PER_HOUR + " exports an hour; try "
                            + "again in " + Math.max(1, (wait + 59) / 60) + " minutes")));
        }
        return cors(auth, Response.ok(PersonalData.document(session, realm, auth.user()))
                .header("Content-Disposition", "attachment; filename=\"my-data-" + realm.getName() + ".json\""));
    }

    /** A person's exports per rolling hour: enough to download again and again, not to hammer the server with a token. */
    static final int EXPORTS_PER_HOUR = 10;

    /** Takes one of the person's export slots ({@link RollingSlots}, an hour each): 0, or the seconds to wait. */
    private long takeExport(RealmModel realm, UserModel user) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = "ciam.export:" + realm.getId() + ":" + user.getId();
        long now = Time.currentTimeMillis();
        return RollingSlots.take(store, key, EXPORTS_PER_HOUR, 3600, now) != null ? 0
                : RollingSlots.untilFree(store, key, EXPORTS_PER_HOUR, 3600, now);
    }

    private static boolean mayViewProfile(AuthResult auth) {
        var account = auth.token().getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        return account != null && (account.isUserInRole(AccountRoles.VIEW_PROFILE)
                || account.isUserInRole(AccountRoles.MANAGE_ACCOUNT));
    }

    @PUT
    @Path("me/{purposeId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("purposeId") String purposeId, JsonNode body) {
        AuthResult auth = authenticate();
        if (auth == null) {
            return unauthorized();
        }
        if (!hasScope(auth.token().getScope(), DECIDE_SCOPE)) {
            return cors(auth, Response.status(Response.Status.FORBIDDEN)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + DECIDE_SCOPE + "\"")
                    .entity(Views.error("insufficient_scope", "recording a decision needs an access token with the "
                            + "client scope " + DECIDE_SCOPE + " (given to the applications meant to change consent)"))
                    .type(MediaType.APPLICATION_JSON));
        }
        RealmModel realm = session.getContext().getRealm();
        ConsentProvider consent = consent();
        Purpose purpose = consent.purpose(realm, purposeId).orElse(null);
        if (purpose == null) {
            return cors(auth, Response.fromResponse(Views.unknownPurpose(purposeId)));
        }
        DecisionRequest request;
        try {
            request = DecisionRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return cors(auth, Response.fromResponse(Views.invalidRequest(e.getMessage())));
        }
        UserModel user = auth.user();
        String locale = request.locale() != null ? request.locale() : localeOf(null, user);
        consent.decide(realm, user, purposeId, request.decision(), new Provenance(Channel.API, user.getId(),
                auth.client() == null ? null : auth.client().getClientId(),
                session.getContext().getConnection().getRemoteAddr(),
                session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT), locale,
                // A browser application's call carries the person's Global Privacy Control signal, if they set it.
                Provenance.isGpc(session.getContext().getRequestHeaders().getHeaderString(GPC_HEADER)) ? Provenance.GPC
                        : null));
        return cors(auth, Response.ok(Views.consent(purpose, consent.decisions(realm, user).get(purposeId), locale)));
    }

    /** CORS for an authenticated answer: only the web origins of the client the token was issued to. */
    private static Response cors(AuthResult auth, Response.ResponseBuilder response) {
        return Cors.builder().auth().allowedMethods(METHODS).checkAllowedOrigins(auth.token()).add(response);
    }

    /** The token's user, or null for a missing, invalid or expired token or a service account. */
    private AuthResult authenticate() {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null || auth.user() == null || auth.user().getServiceAccountClientLink() != null) {
            return null;
        }
        return auth;
    }

    static boolean hasScope(String scopes, String wanted) {
        return scopes != null && java.util.Arrays.asList(scopes.split(" ")).contains(wanted);
    }

    private static Response unauthorized() {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Views.error("invalid_token", "a valid bearer access token of a user of this realm is required"))
                .type(MediaType.APPLICATION_JSON).build();
    }

    private String localeOf(String requested, UserModel user) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        String locale = user.getFirstAttribute(UserModel.LOCALE);
        return locale != null ? locale : session.getContext().getRealm().getDefaultLocale();
    }

    private ConsentProvider consent() {
        return session.getProvider(ConsentProvider.class);
    }

}

package dev.ciampack.authenticators.magiclink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.validation.Validation;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.authenticators.otp.FirstProof;
import dev.ciampack.authenticators.otp.HandedOn;
import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.LockedNotice;
import dev.ciampack.authenticators.otp.Lockout;
import dev.ciampack.authenticators.otp.Passwordless;
import dev.ciampack.authenticators.otp.SignInSends;
import dev.ciampack.common.Brand;
import dev.ciampack.consent.spi.PrivacyChoices;

/**
 * Sign-in with a link sent by email. As a first step it asks for the address; as a later step it mails
 * the identified user. The link opens Keycloak's action-token endpoint, whose GET only shows a
 * confirmation page; the POST of that page ({@link MagicLinkResource}) marks this sign-in confirmed,
 * and this step then completes. Unknown, disabled and locked accounts walk the same pages.
 */
final class MagicLinkAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(MagicLinkAuthenticator.class);
    static final String IDENTIFY_FORM = "ciam-email-code-identify.ftl";
    static final String SENT_FORM = "ciam-magic-link-sent.ftl";
    static final int MAX_EMAIL = 254;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MagicLinkConfig config = config(context);
        if (config == null) {
            return;
        }
        LinkState state = LinkState.read(context.getAuthenticationSession());
        if (state != null && state.confirmed()) {
            complete(context, config, state);
            return;
        }
        if (state != null) {
            context.challenge(sentForm(context, state, null));
            return;
        }
        UserModel user = context.getUser();
        if (user == null) {
            // Handed on by ciam-identifier-first: the same for known and unknown identifiers.
            String identified = HandedOn.identifier(context.getAuthenticationSession(), "email");
            if (identified != null) {
                identify(context, config, identified);
            } else {
                context.challenge(identifyForm(context, null, null));
            }
            return;
        }
        if (user.getEmail() == null) {
            context.attempted();
            return;
        }
        String error = issue(context, config, user.getEmail(), user);
        context.challenge(sentForm(context, LinkState.read(context.getAuthenticationSession()), error));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MagicLinkConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String action = form.getFirst("ciam_action");
        LinkState state = LinkState.read(context.getAuthenticationSession());
        if ("identify".equals(action) && state == null && context.getUser() == null) {
            identify(context, config, form.getFirst("email"));
        } else if ("resend".equals(action) && state != null && !state.confirmed()) {
            UserModel user = state.isEligible()
                    ? context.getSession().users().getUserById(context.getRealm(), state.userId()) : null;
            String error = issue(context, config, state.email(), user != null && user.isEnabled() ? user : null);
            context.challenge(sentForm(context, LinkState.read(context.getAuthenticationSession()),
                    error == null ? "ciam-magic-link.info.resent" : error));
        } else {
            authenticate(context);
        }
    }

    private void identify(AuthenticationFlowContext context, MagicLinkConfig config, String typed) {
        String email = typed == null ? "" : typed.strip();
        if (email.isEmpty() || email.length() > MAX_EMAIL || email.chars().anyMatch(Character::isISOControl)
                || !Validation.isEmailValid(email)) {
            context.challenge(identifyForm(context, typed, "ciam-email-code.error.email"));
            return;
        }
        KeycloakSession session = context.getSession();
        UserModel user = session.users().getUserByEmail(context.getRealm(), email);
        FirstProof.identifiedHere(context.getAuthenticationSession(), MagicLinkAuthenticatorFactory.PROVIDER_ID);
        String error = issue(context, config, email, user != null && user.isEnabled() ? user : null);
        context.challenge(sentForm(context, LinkState.read(context.getAuthenticationSession()), error));
    }

    /** The link was confirmed by the POST of its confirmation page: this sign-in step is done. */
    private void complete(AuthenticationFlowContext context, MagicLinkConfig config, LinkState state) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        LinkState.clear(auth);
        UserModel user = context.getSession().users().getUserById(context.getRealm(), state.userId());
        if (!Lockout.maySignIn(context.getSession(), context.getRealm(), user, config.bruteForceLockout())
                || (context.getUser() != null && !context.getUser().getId().equals(user.getId()))) {
            context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
            context.failureChallenge(AuthenticationFlowError.INVALID_USER,
                    identifyForm(context, null, "ciam-magic-link.error.invalid"));
            return;
        }
        SignInSends.succeeded(context, MagicLinkAuthenticatorFactory.PROVIDER_ID, state.email());
        FirstProof.proven(context, MagicLinkAuthenticatorFactory.PROVIDER_ID, user, FirstProof.EMAIL,
                FirstProof.isFirstFactor(auth, MagicLinkAuthenticatorFactory.PROVIDER_ID), config.keepEarlierAccess());
        context.setUser(user);
        Passwordless.mark(auth, MagicLinkAuthenticatorFactory.PROVIDER_ID);
        context.success();
    }

    /**
     * Mails a new link (voiding the previous one) within the send limits. Without an eligible account
     * nothing is sent but the session records the address, so the pages stay the same.
     *
     * @return null, or the message key of why no link was sent
     */
    private String issue(AuthenticationFlowContext context, MagicLinkConfig config, String email, UserModel user) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        String requestedFrom = DeviceSummary.of(context.getHttpRequest().getHttpHeaders()
                .getHeaderString(HttpHeaders.USER_AGENT));
        String resume = context.getRefreshExecutionUrl().toString();
        // Counted the same for every address, with an account or not, so the answers cannot tell them apart.
        String refused = SignInSends.take(context, MagicLinkAuthenticatorFactory.PROVIDER_ID, email, config.sendLimits(),
                user != null);
        if (refused != null) {
            if (LinkState.read(auth) == null) {
                new LinkState("", email, null, 0, config.crossDevice().value(), resume, requestedFrom, false)
                        .write(auth);
            }
            return refused;
        }
        long expiresAt = (Time.currentTime() + (long) config.ttlSeconds()) * 1000L;
        if (user == null) {
            new LinkState("", email, null, expiresAt, config.crossDevice().value(), resume, requestedFrom, false)
                    .write(auth);
            return null;
        }
        if (config.bruteForceLockout() && Lockout.isLockedOut(session, realm, user)) {
            // A locked account learns it by mail; its session holds no link, so the page is the same as for anyone.
            new LinkState("", email, null, expiresAt, config.crossDevice().value(), resume, requestedFrom, false)
                    .write(auth);
            try {
                LockedNotice.mail(context, user, user.getEmail(), Lockout.minutesLeft(session, realm, user));
            } catch (EmailException e) {
                LOG.warnf("ciam-magic-link: could not send the locked-account notice for realm %s: %s",
                        realm.getName(), e.getMessage());
                return "ciam-magic-link.error.send";
            }
            return null;
        }
        String link = MagicLinks.newLink(context, user, email, expiresAt, config.crossDevice().value(), requestedFrom);
        try {
            EmailTemplateProvider mail = session.getProvider(EmailTemplateProvider.class).setRealm(realm)
                    .setAuthenticationSession(auth).setUser(user);
            mail.send("ciam-magic-link.subject", List.of(realmName(realm)), "ciam-magic-link.ftl",
                    new HashMap<>(Map.of("link", link, "ttlMinutes", Math.max(1, config.ttlSeconds() / 60),
                            "realmName", realmName(realm), Brand.EMAIL_ATTRIBUTE, Brand.of(realm).email(),
                            PrivacyChoices.EMAIL_ATTRIBUTE, PrivacyChoices.url(
                                    session.getContext().getUri().getBaseUri(), realm.getName()).toString())),
                    user.getEmail());
        } catch (EmailException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            LOG.warnf("ciam-magic-link: could not send the link email for realm %s: %s (%s)", realm.getName(),
                    e.getMessage(), root.getClass().getSimpleName());
            LinkState.clear(auth);
            new LinkState("", email, null, 0, config.crossDevice().value(), resume, requestedFrom, false).write(auth);
            return "ciam-magic-link.error.send";
        }
        return null;
    }

    private MagicLinkConfig config(AuthenticationFlowContext context) {
        try {
            return MagicLinkConfig.of(context.getAuthenticatorConfig());
        } catch (InvalidConfigException e) {
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            context.getEvent().error(Errors.INVALID_CONFIG);
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError("ciam-magic-link.error.config").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return null;
        }
    }

    static Response identifyForm(AuthenticationFlowContext context, String email, String error) {
        var form = context.form().setAttribute("ciamDestination", email == null ? "" : email)
                .setAttribute("ciamSubmitKey", "ciam-magic-link.identify.submit");
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(IDENTIFY_FORM);
    }

    static Response sentForm(AuthenticationFlowContext context, LinkState state, String message) {
        Long retry = SignInSends.waitMinutes(context.getAuthenticationSession(), MagicLinkAuthenticatorFactory.PROVIDER_ID);
        boolean otherDevice = state != null
                && MagicLinkConfig.CrossDevice.CONTINUE_ORIGINAL.value().equals(state.crossDevice());
        var form = context.form().setAttribute("ciamEmail", state == null ? "" : state.email())
                .setAttribute("ciamOtherDevice", otherDevice)
                .setAttribute("ciamRefreshUrl", context.getRefreshExecutionUrl().toString());
        if (message != null && message.startsWith("ciam-magic-link.info")) {
            form.setInfo(message);
        } else if (message != null) {
            form.setError(message, retry);
        }
        return form.createForm(SENT_FORM);
    }

    private static String realmName(RealmModel realm) {
        return realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getEmail() != null;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}

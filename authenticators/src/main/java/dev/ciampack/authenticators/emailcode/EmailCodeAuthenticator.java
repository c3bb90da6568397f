package dev.ciampack.authenticators.emailcode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.validation.Validation;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.OneTimeCode;
import dev.ciampack.authenticators.otp.SendBudget;
import dev.ciampack.authenticators.otp.SessionBinding;

/**
 * Sign-in with a one-time code sent by email. As a first step it asks for the address; as a later
 * step it mails the already identified user. Unknown, disabled and locked accounts walk the same
 * pages with the same answers, but no mail is sent and no code can match.
 */
final class EmailCodeAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);
    static final String IDENTIFY_FORM = "ciam-email-code-identify.ftl";
    static final String CODE_FORM = "ciam-email-code.ftl";
    static final int MAX_EMAIL = 254;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EmailCodeConfig config = config(context);
        if (config == null) {
            return;
        }
        UserModel user = context.getUser();
        if (user == null) {
            context.challenge(identifyForm(context, null, null));
            return;
        }
        if (user.getEmail() == null) {
            context.attempted();
            return;
        }
        start(context, config, user.getEmail(), user, false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EmailCodeConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String action = form.getFirst("ciam_action");
        CodeState state = CodeState.read(context.getAuthenticationSession());
        if ("identify".equals(action) && context.getUser() == null) {
            identify(context, config, form.getFirst("email"));
        } else if (state == null) {
            authenticate(context);
        } else if ("resend".equals(action)) {
            resend(context, config, state);
        } else {
            EmailCodeVerifier.verify(context, config, state, form.getFirst("code"));
        }
    }

    private void identify(AuthenticationFlowContext context, EmailCodeConfig config, String typed) {
        String email = typed == null ? "" : typed.strip();
        if (email.isEmpty() || email.length() > MAX_EMAIL || email.chars().anyMatch(Character::isISOControl)
                || !Validation.isEmailValid(email)) {
            context.challenge(identifyForm(context, typed, "ciam-email-code.error.email"));
            return;
        }
        UserModel user = context.getSession().users().getUserByEmail(context.getRealm(), email);
        boolean signUp = user == null && config.signUp();
        start(context, config, email, eligible(context, user) ? user : null, signUp);
    }

    /** Issues a first code for this session (if none yet) and shows the code form. */
    private void start(AuthenticationFlowContext context, EmailCodeConfig config, String email, UserModel user,
                       boolean signUp) {
        CodeState state = CodeState.read(context.getAuthenticationSession());
        if (state != null && state.hasCode() && state.email().equalsIgnoreCase(email)) {
            context.challenge(codeForm(context, state, null));
            return;
        }
        String error = issue(context, config, email, user, signUp);
        context.challenge(codeForm(context, CodeState.read(context.getAuthenticationSession()), error));
    }

    private void resend(AuthenticationFlowContext context, EmailCodeConfig config, CodeState state) {
        UserModel user = state.isEligible() ? context.getSession().users().getUserById(context.getRealm(), state.userId()) : null;
        String error = issue(context, config, state.email(), eligible(context, user) ? user : null,
                state.isSignUp() && config.signUp());
        context.challenge(codeForm(context, CodeState.read(context.getAuthenticationSession()),
                error == null ? "ciam-email-code.info.resent" : error));
    }

    /** Draws a new code (voiding the previous one) within the send budget; null or an error message key. */
    private String issue(AuthenticationFlowContext context, EmailCodeConfig config, String email, UserModel user,
                         boolean signUp) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        long now = System.currentTimeMillis();
        SendBudget.Decision budget = SendBudget.tryConsume(session.getProvider(SingleUseObjectProvider.class),
                SendBudget.key(EmailCodeAuthenticatorFactory.PROVIDER_ID, realm.getId(),
                        user == null ? "" : user.getId(), email),
                now, config.resendCooldownSeconds(), config.maxSends(), config.sendWindowSeconds());
        if (!budget.allowed()) {
            auth.setAuthNote("ciam-email-code.retry-after", String.valueOf(budget.retryAfterSeconds()));
            CodeState previous = CodeState.read(auth);
            if (previous == null) {
                new CodeState(user == null ? "" : user.getId(), email, null, 0, 0, null).write(auth);
            }
            return budget.exhausted() ? "ciam-email-code.error.budget" : "ciam-email-code.error.cooldown";
        }
        String code = OneTimeCode.generate(config.codeLength());
        String owner = user != null ? user.getId() : signUp ? CodeState.SIGN_UP : "";
        CodeState state = new CodeState(owner, email,
                SessionBinding.hash(session, realm, auth, code),
                now + config.ttlSeconds() * 1000L, 0, UUID.randomUUID().toString());
        state.write(auth);
        if (user != null || signUp) {
            try {
                EmailTemplateProvider mail = session.getProvider(EmailTemplateProvider.class).setRealm(realm)
                        .setAuthenticationSession(auth);
                mail.setUser(user != null ? user : SignUp.recipient(session, realm, email));
                mail.send("ciam-email-code.subject", java.util.List.of(realmName(realm)), "ciam-email-code.ftl",
                        new HashMap<>(Map.of("code", code, "ttlMinutes", Math.max(1, config.ttlSeconds() / 60),
                                "realmName", realmName(realm))), email);
            } catch (EmailException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                LOG.warnf("ciam-email-code: could not send the code email for realm %s: %s (%s: %s)", realm.getName(),
                        e.getMessage(), root.getClass().getSimpleName(), firstLine(root.getMessage()));
                CodeState.clear(auth);
                return "ciam-email-code.error.send";
            }
        }
        return null;
    }

    static boolean eligible(AuthenticationFlowContext context, UserModel user) {
        if (user == null || !user.isEnabled()) {
            return false;
        }
        var protector = context.getProtector();
        return !protector.isTemporarilyDisabled(context.getSession(), context.getRealm(), user)
                && !protector.isPermanentlyLockedOut(context.getSession(), context.getRealm(), user);
    }

    /**
     * Counts a wrong code against the account. As a later step Keycloak counts it itself (the user is
     * set on the flow); as a first step the user stays unset until the code is right, so it is done here.
     */
    static void reportFailure(AuthenticationFlowContext context, UserModel user) {
        if (user != null && context.getUser() == null && context.getRealm().isBruteForceProtected()) {
            // Keycloak only counts failures of known categories ("otp" for this step), as its own processor does.
            String category = AuthenticationManager.getAuthenticationCategory(context.getSession(),
                    EmailCodeAuthenticatorFactory.PROVIDER_ID);
            context.getProtector().failedLogin(context.getRealm(), user, context.getConnection(), context.getUriInfo(),
                    category == null ? Set.of() : Set.of(category));
        }
    }

    private EmailCodeConfig config(AuthenticationFlowContext context) {
        try {
            return EmailCodeConfig.of(context.getAuthenticatorConfig());
        } catch (InvalidConfigException e) {
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            context.getEvent().error(Errors.INVALID_CONFIG);
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError("ciam-email-code.error.config").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return null;
        }
    }

    static Response identifyForm(AuthenticationFlowContext context, String email, String error) {
        var form = context.form().setAttribute("ciamEmail", email == null ? "" : email);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(IDENTIFY_FORM);
    }

    static Response codeForm(AuthenticationFlowContext context, CodeState state, String message) {
        String retry = context.getAuthenticationSession().getAuthNote("ciam-email-code.retry-after");
        var form = context.form().setAttribute("ciamEmail", state == null ? "" : state.email());
        if (message != null && message.startsWith("ciam-email-code.info")) {
            form.setInfo(message);
        } else if (message != null) {
            form.setError(message, retry == null ? "" : retry);
        }
        return form.createForm(CODE_FORM);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
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

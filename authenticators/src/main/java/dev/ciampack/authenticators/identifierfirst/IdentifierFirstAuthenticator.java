package dev.ciampack.authenticators.identifierfirst;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.WebAuthnConditionalUIAuthenticator;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.Lockout;

/**
 * Asks only for an email address, phone number or username (or offers a passkey), records it and the
 * route the realm configured for its kind, and hands over to the conditional sub-flow of that route
 * ({@code ciam-condition-route}). Nothing here depends on whether an account has the identifier: the
 * same identifier kind always takes the same route and sees the same pages. The password route is
 * served here (a second page), so unknown identifiers get the same password page and answer.
 */
final class IdentifierFirstAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(IdentifierFirstAuthenticator.class);
    static final String FORM = "ciam-identifier-first.ftl";
    static final String PASSWORD_FORM = "ciam-identifier-password.ftl";
    private static final String P = "ciam-identifier-first.";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        IdentifierFirstConfig config = config(context);
        if (config == null) {
            return;
        }
        UserModel user = context.getUser();
        if (user != null && user.getEmail() != null) {
            // Already known to the flow (re-authentication, first broker login): continue by email.
            new Identified(new Identifier(Identifier.Kind.EMAIL, user.getEmail()), config.emailRoute())
                    .write(context.getAuthenticationSession());
            context.success();
            return;
        }
        context.challenge(form(context, config, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        IdentifierFirstConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String action = form.getFirst("ciam_action");
        if (autofill(context, config) && (form.containsKey(WebAuthnConstants.AUTHENTICATOR_DATA)
                || form.containsKey(WebAuthnConstants.ERROR))) {
            // A passkey picked from the identifier field's autofill list (or the browser's error): Keycloak's
            // passkey check signs in with it; on failure it shows this page again with the error.
            new Identified(null, IdentifierFirstConfig.SIGNED_IN_BY_PASSKEY).write(context.getAuthenticationSession());
            passkeys(context, config).action(context);
            return;
        }
        if ("passkey".equals(action) && config.passkeys()) {
            new Identified(null, IdentifierFirstConfig.PASSKEY).write(context.getAuthenticationSession());
            context.success();
            return;
        }
        Identified identified = Identified.read(context.getAuthenticationSession());
        if ("password".equals(action) && identified != null && identified.identifier() != null
                && IdentifierFirstConfig.PASSWORD.equals(identified.route())) {
            checkPassword(context, identified.identifier(), form.getFirst("password"));
            return;
        }
        String typed = form.getFirst("identifier");
        Identifier identifier = Identifier.parse(typed, config.defaultRegion(), config.acceptsPhones(),
                config.acceptsUsernames()).orElse(null);
        if (identifier == null) {
            context.challenge(form(context, config, typed, P + "error." + accepted(config)));
            return;
        }
        String route = config.routeFor(identifier.kind());
        new Identified(identifier, route).write(context.getAuthenticationSession());
        if (IdentifierFirstConfig.PASSWORD.equals(route)) {
            context.challenge(passwordForm(context, identifier, null));
            return;
        }
        context.success();
    }

    private void checkPassword(AuthenticationFlowContext context, Identifier identifier, String password) {
        IdentifierFirstConfig config = IdentifierFirstConfig.of(context.getAuthenticatorConfig());
        UserModel user = find(context, config, identifier);
        // A password is what Keycloak's brute-force lockout protects: this route always shares it.
        boolean eligible = Lockout.maySignIn(context.getSession(), context.getRealm(), user, true);
        boolean valid;
        if (password == null || password.isEmpty() || password.length() > 1024) {
            valid = false;
        } else if (eligible) {
            valid = user.credentialManager().isValid(UserCredentialModel.password(password));
        } else {
            dummyHash(context.getSession(), context.getRealm());
            valid = false;
        }
        if (!valid) {
            if (eligible && context.getRealm().isBruteForceProtected()) {
                String category = AuthenticationManager.getAuthenticationCategory(context.getSession(), "auth-password-form");
                context.getProtector().failedLogin(context.getRealm(), user, context.getConnection(),
                        context.getUriInfo(), category == null ? Set.of() : Set.of(category));
            }
            context.getEvent().error(user == null ? Errors.USER_NOT_FOUND : Errors.INVALID_USER_CREDENTIALS);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                    passwordForm(context, identifier, P + "error.password"));
            return;
        }
        context.setUser(user);
        context.success();
    }

    /** The account an identifier names, or null (also when a phone number is on several accounts). */
    static UserModel find(AuthenticationFlowContext context, IdentifierFirstConfig config, Identifier identifier) {
        var users = context.getSession().users();
        RealmModel realm = context.getRealm();
        return switch (identifier.kind()) {
            case EMAIL -> users.getUserByEmail(realm, identifier.value());
            case USERNAME -> users.getUserByUsername(realm, identifier.value());
            case PHONE -> {
                List<UserModel> found = users.searchForUserByUserAttributeStream(realm, config.phoneAttribute(),
                        identifier.value()).limit(2).toList();
                yield found.size() == 1 ? found.get(0) : null;
            }
        };
    }

    /** Spends the time of a password check when there is no account, as Keycloak's own form does. */
    private static void dummyHash(KeycloakSession session, RealmModel realm) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy.getHashAlgorithm() == null ? session.getProvider(PasswordHashProvider.class)
                : session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm());
        if (hash != null) {
            hash.encodedCredential("ciam-dummy-password", policy.getHashIterations());
        }
    }

    private static String accepted(IdentifierFirstConfig config) {
        if (config.acceptsPhones() && config.acceptsUsernames()) {
            return "any";
        }
        return config.acceptsPhones() ? "email-or-phone" : config.acceptsUsernames() ? "email-or-username" : "email";
    }

    private IdentifierFirstConfig config(AuthenticationFlowContext context) {
        try {
            return IdentifierFirstConfig.of(context.getAuthenticatorConfig());
        } catch (InvalidConfigException e) {
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            context.getEvent().error(Errors.INVALID_CONFIG);
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError(P + "error.config").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return null;
        }
    }

    /**
     * Whether the page offers passkeys by autofill (WebAuthn conditional mediation): the step offers passkeys and
     * the realm's WebAuthn passwordless policy has passkeys on, as for Keycloak's own username form.
     */
    private static boolean autofill(AuthenticationFlowContext context, IdentifierFirstConfig config) {
        return config.passkeys() && WebAuthnConditionalUIAuthenticator.isPasskeysEnabled(context.getSession());
    }

    /** Keycloak's passkey check of its username form, whose errors show this page again. */
    private static WebAuthnConditionalUIAuthenticator passkeys(AuthenticationFlowContext context,
                                                               IdentifierFirstConfig config) {
        return new WebAuthnConditionalUIAuthenticator(context.getSession(), c -> page(c, config, null, null));
    }

    private static Response form(AuthenticationFlowContext context, IdentifierFirstConfig config, String typed,
                                 String error) {
        if (autofill(context, config)) {
            // Keycloak's challenge, relying party and scripts (template passkeys.ftl): no WebAuthn code of the pack.
            passkeys(context, config).fillContextForm(context);
        }
        return page(context, config, typed, error);
    }

    private static Response page(AuthenticationFlowContext context, IdentifierFirstConfig config, String typed,
                                 String error) {
        var form = context.form().setAttribute("ciamIdentifier", typed == null ? "" : typed)
                .setAttribute("ciamPasskeys", config.passkeys())
                .setAttribute("ciamAccepted", accepted(config));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(FORM);
    }

    private static Response passwordForm(AuthenticationFlowContext context, Identifier identifier, String error) {
        var form = context.form().setAttribute("ciamIdentifier", identifier.value());
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(PASSWORD_FORM);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}

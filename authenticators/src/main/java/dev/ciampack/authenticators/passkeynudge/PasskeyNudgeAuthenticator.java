package dev.ciampack.authenticators.passkeynudge;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.Passwordless;

/**
 * After a person has signed in without a password a few times, offers to create a passkey with
 * Keycloak's own passkey registration (required action {@code webauthn-register-passwordless}).
 * "Not now" snoozes the offer. Never shown to people who already have a passkey, after a password
 * sign-in, or when the realm has passkey registration disabled.
 */
final class PasskeyNudgeAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(PasskeyNudgeAuthenticator.class);
    static final String FORM = "ciam-passkey-nudge.ftl";
    /** Passwordless sign-ins counted so far (admin-only attribute). */
    static final String COUNT = "ciam_passwordless_signins";
    /** Epoch second until which the offer is snoozed (admin-only attribute). */
    static final String SNOOZED_UNTIL = "ciam_passkey_nudge_until";
    private static final String COUNTED = "ciam-passkey-nudge.counted";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        PasskeyNudgeConfig config;
        try {
            config = PasskeyNudgeConfig.of(context.getAuthenticatorConfig());
        } catch (InvalidConfigException e) {
            // A nudge is never worth a failed sign-in: log and step aside.
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            context.getEvent().detail("ciam_passkey_nudge", Errors.INVALID_CONFIG);
            context.success();
            return;
        }
        UserModel user = context.getUser();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        if (user == null || Passwordless.method(auth) == null || hasPasskey(user) || !registrationEnabled(context)) {
            context.success();
            return;
        }
        int count = count(user);
        if (auth.getAuthNote(COUNTED) == null) {
            count++;
            user.setSingleAttribute(COUNT, String.valueOf(count));
            auth.setAuthNote(COUNTED, "true");
        }
        if (count < config.afterSignIns() || Time.currentTime() < snoozedUntil(user)) {
            context.success();
            return;
        }
        context.challenge(context.form().setAttribute("ciamSnoozeDays", config.snoozeDays()).createForm(FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        PasskeyNudgeConfig config = PasskeyNudgeConfig.of(context.getAuthenticatorConfig());
        String choice = context.getHttpRequest().getDecodedFormParameters().getFirst("ciam_action");
        UserModel user = context.getUser();
        if (user == null) {
            context.success();
            return;
        }
        // Either way the offer rests for the snooze period: no nagging if the registration is abandoned.
        user.setSingleAttribute(SNOOZED_UNTIL,
                String.valueOf(Time.currentTime() + (long) config.snoozeDays() * 86_400L));
        if ("create".equals(choice)) {
            context.getAuthenticationSession().addRequiredAction(WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        }
        context.success();
    }

    static boolean hasPasskey(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }

    private static boolean registrationEnabled(AuthenticationFlowContext context) {
        RequiredActionProviderModel action = context.getRealm()
                .getRequiredActionProviderByAlias(WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        return action != null && action.isEnabled();
    }

    private static int count(UserModel user) {
        try {
            return Math.max(0, Integer.parseInt(user.getFirstAttribute(COUNT)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long snoozedUntil(UserModel user) {
        try {
            return Long.parseLong(user.getFirstAttribute(SNOOZED_UNTIL));
        } catch (NumberFormatException e) {
            return 0;
        }
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

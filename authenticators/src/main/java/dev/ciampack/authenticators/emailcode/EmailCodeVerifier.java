package dev.ciampack.authenticators.emailcode;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.ciampack.authenticators.otp.OneTimeCode;
import dev.ciampack.authenticators.otp.SessionBinding;

/** Checks a typed code: format, expiry, guess budget, keyed hash, then consumes it once cluster-wide. */
final class EmailCodeVerifier {

    private EmailCodeVerifier() {
    }

    static void verify(AuthenticationFlowContext context, EmailCodeConfig config, CodeState state, String typed) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        OneTimeCode.Input input = OneTimeCode.normalize(typed, config.codeLength());
        if (input.code() == null) {
            context.challenge(EmailCodeAuthenticator.codeForm(context, state, "ciam-email-code.error.format"));
            return;
        }
        if (!state.hasCode()) {
            fail(context, state, "ciam-email-code.error.burned");
            return;
        }
        if (System.currentTimeMillis() > state.expiresAt()) {
            state.burned().write(auth);
            fail(context, state, "ciam-email-code.error.expired");
            return;
        }
        UserModel user = state.isEligible()
                ? context.getSession().users().getUserById(context.getRealm(), state.userId()) : null;
        String hash = SessionBinding.hash(context.getSession(), context.getRealm(), auth, input.code());
        if (!OneTimeCode.sameHash(state.hash(), hash)) {
            int attempts = state.attempts() + 1;
            CodeState next = attempts >= config.maxAttempts() ? state.withAttempts(attempts).burned()
                    : state.withAttempts(attempts);
            next.write(auth);
            EmailCodeAuthenticator.reportFailure(context, user);
            fail(context, next, next.hasCode() ? "ciam-email-code.error.wrong" : "ciam-email-code.error.burned");
            return;
        }
        boolean first = context.getSession().getProvider(SingleUseObjectProvider.class)
                .putIfAbsent("ciam.code.used:" + state.codeId(), Math.max(1, config.ttlSeconds()));
        CodeState.clear(auth);
        if (first && state.isSignUp() && config.signUp()) {
            user = SignUp.userFor(context, state.email());
        }
        if (!first || user == null || !EmailCodeAuthenticator.eligible(context, user)) {
            fail(context, state.burned(), "ciam-email-code.error.burned");
            return;
        }
        context.setUser(user);
        context.success();
    }

    private static void fail(AuthenticationFlowContext context, CodeState state, String message) {
        context.getEvent().error(Errors.INVALID_CODE);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                EmailCodeAuthenticator.codeForm(context, state, message));
    }
}

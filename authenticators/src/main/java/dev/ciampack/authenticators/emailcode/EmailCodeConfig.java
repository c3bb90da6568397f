package dev.ciampack.authenticators.emailcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.InvalidConfigException;

/** Typed realm settings of the email-code step; every key, default and bound is declared here once. */
public record EmailCodeConfig(int codeLength, int ttlSeconds, int maxAttempts, int resendCooldownSeconds,
                              int maxSends, int sendWindowSeconds, boolean signUp, boolean includeLink)
        implements CodeSettings {

    /** Sign-up on first use: an unknown address that proves possession becomes a new account. */
    public static final String SIGN_UP = "sign-up";
    public static final boolean DEFAULT_SIGN_UP = false;
    /** The code's email also carries a magic link to the same sign-in. */
    public static final String INCLUDE_LINK = "include-link";
    public static final boolean DEFAULT_INCLUDE_LINK = false;

    public static final BoundedSetting MAX_SENDS = CodeSettings.maxSends("address");

    public static final List<BoundedSetting> SETTINGS =
            List.of(CODE_LENGTH, TTL, MAX_ATTEMPTS, RESEND_COOLDOWN, MAX_SENDS, SEND_WINDOW);

    public static final EmailCodeConfig DEFAULTS = parse(Map.of());

    /** @throws InvalidConfigException listing every refused value */
    public static EmailCodeConfig parse(Map<String, String> config) {
        List<String> errors = new ArrayList<>();
        String signUp = config == null ? null : config.get(SIGN_UP);
        if (signUp != null && !signUp.isBlank() && !signUp.equals("true") && !signUp.equals("false")) {
            errors.add("Sign up on first use (" + SIGN_UP + ") must be true or false");
        }
        String includeLink = config == null ? null : config.get(INCLUDE_LINK);
        if (includeLink != null && !includeLink.isBlank() && !includeLink.equals("true") && !includeLink.equals("false")) {
            errors.add("Also send a sign-in link (" + INCLUDE_LINK + ") must be true or false");
        }
        EmailCodeConfig parsed = new EmailCodeConfig(CODE_LENGTH.read(config, errors), TTL.read(config, errors),
                MAX_ATTEMPTS.read(config, errors), RESEND_COOLDOWN.read(config, errors),
                MAX_SENDS.read(config, errors), SEND_WINDOW.read(config, errors),
                signUp == null || signUp.isBlank() ? DEFAULT_SIGN_UP : Boolean.parseBoolean(signUp),
                includeLink == null || includeLink.isBlank() ? DEFAULT_INCLUDE_LINK : Boolean.parseBoolean(includeLink));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(EmailCodeAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static EmailCodeConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }
}

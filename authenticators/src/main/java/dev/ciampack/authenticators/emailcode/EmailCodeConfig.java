package dev.ciampack.authenticators.emailcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BooleanSetting;
import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;

/** Typed realm settings of the email-code step; every key, default and bound is declared here once. */
public record EmailCodeConfig(int codeLength, int ttlSeconds, int maxAttempts, SendLimits sendLimits,
                              int wrongCodesPerClientHourly, boolean bruteForceLockout, boolean signUp,
                              boolean includeLink, boolean keepEarlierAccess) implements CodeSettings {

    /** Sign-up on first use: an unknown address that proves possession becomes a new account. */
    public static final BooleanSetting SIGN_UP = new BooleanSetting("sign-up", "Sign up on first use", false);
    /** The code's email also carries a magic link to the same sign-in. */
    public static final BooleanSetting INCLUDE_LINK = new BooleanSetting("include-link", "Also send a sign-in link", false);

    public static final List<BoundedSetting> SETTINGS = settings();

    public static final EmailCodeConfig DEFAULTS = parse(Map.of());

    private static List<BoundedSetting> settings() {
        List<BoundedSetting> settings = new ArrayList<>(List.of(CODE_LENGTH, TTL, MAX_ATTEMPTS));
        settings.addAll(SendLimits.settings("Codes", "address"));
        settings.add(WRONG_CODES_PER_CLIENT);
        return List.copyOf(settings);
    }

    /** @throws InvalidConfigException listing every refused value */
    public static EmailCodeConfig parse(Map<String, String> config) {
        List<String> errors = new ArrayList<>();
        EmailCodeConfig parsed = new EmailCodeConfig(CODE_LENGTH.read(config, errors), TTL.read(config, errors),
                MAX_ATTEMPTS.read(config, errors), SendLimits.read(config, errors, "Codes", "address"),
                WRONG_CODES_PER_CLIENT.read(config, errors), BRUTE_FORCE_LOCKOUT.read(config, errors),
                SIGN_UP.read(config, errors), INCLUDE_LINK.read(config, errors),
                KEEP_EARLIER_ACCESS.read(config, errors));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(EmailCodeAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static EmailCodeConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }
}

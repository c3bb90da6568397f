package dev.ciampack.authenticators.passkeynudge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.InvalidConfigException;

/** Typed realm settings of the passkey nudge. */
public record PasskeyNudgeConfig(int afterSignIns, int snoozeDays) {

    public static final BoundedSetting AFTER_SIGN_INS =
            new BoundedSetting("after-sign-ins", "Offer after this many passwordless sign-ins", 3, 1, 50);
    public static final BoundedSetting SNOOZE_DAYS =
            new BoundedSetting("snooze-days", "Days before offering again after 'not now'", 30, 1, 365);
    public static final List<BoundedSetting> SETTINGS = List.of(AFTER_SIGN_INS, SNOOZE_DAYS);

    public static final PasskeyNudgeConfig DEFAULTS = parse(Map.of());

    public static PasskeyNudgeConfig parse(Map<String, String> config) {
        List<String> errors = new ArrayList<>();
        PasskeyNudgeConfig parsed = new PasskeyNudgeConfig(AFTER_SIGN_INS.read(config, errors),
                SNOOZE_DAYS.read(config, errors));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(PasskeyNudgeAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static PasskeyNudgeConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }
}

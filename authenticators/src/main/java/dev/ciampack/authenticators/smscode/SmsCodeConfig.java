package dev.ciampack.authenticators.smscode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BooleanSetting;
import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;
import dev.ciampack.authenticators.sms.PhoneNumbers;

/** Typed realm settings of the SMS-code step; every key, default and bound is declared here once. */
public record SmsCodeConfig(int codeLength, int ttlSeconds, int maxAttempts, SendLimits sendLimits,
                            int wrongCodesPerClientHourly, boolean bruteForceLockout, boolean signUp,
                            String defaultRegion, String phoneAttribute, String sender,
                            boolean keepEarlierAccess) implements CodeSettings {

    public static final BooleanSetting SIGN_UP = new BooleanSetting("sign-up", "Sign up on first use", false);
    /** ISO 3166 region for numbers typed without "+", e.g. BR; empty: "+" required. */
    public static final String DEFAULT_REGION = "default-region";
    public static final String PHONE_ATTRIBUTE = "phone-attribute";
    public static final String DEFAULT_PHONE_ATTRIBUTE = "phone_number";
    /** Provider id of the ciam-sms-sender SPI; empty: the server's default. */
    public static final String SENDER = "sms-sender";

    public static final List<BoundedSetting> SETTINGS = settings();

    private static List<BoundedSetting> settings() {
        List<BoundedSetting> settings = new ArrayList<>(List.of(CODE_LENGTH, TTL, MAX_ATTEMPTS));
        settings.addAll(SendLimits.settings("Codes", "number"));
        settings.add(WRONG_CODES_PER_CLIENT);
        return List.copyOf(settings);
    }

    public static final SmsCodeConfig DEFAULTS = parse(Map.of());

    /** @throws InvalidConfigException listing every refused value */
    public static SmsCodeConfig parse(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> errors = new ArrayList<>();
        String region = blankToEmpty(c.get(DEFAULT_REGION)).toUpperCase(Locale.ROOT);
        if (!region.isEmpty() && !PhoneNumbers.isRegion(region)) {
            errors.add("Default region (" + DEFAULT_REGION + ") must be an ISO 3166 region code such as BR or US, not '"
                    + abbreviate(region) + "'");
        }
        String attribute = blankToEmpty(c.get(PHONE_ATTRIBUTE));
        if (attribute.isEmpty()) {
            attribute = DEFAULT_PHONE_ATTRIBUTE;
        } else if (!attribute.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
            errors.add("Phone number attribute (" + PHONE_ATTRIBUTE + ") must be a User Profile attribute name, not '"
                    + abbreviate(attribute) + "'");
        }
        String sender = blankToEmpty(c.get(SENDER));
        if (!sender.isEmpty() && !sender.matches("[a-z0-9-]{1,64}")) {
            errors.add("SMS sender (" + SENDER + ") must be a provider id such as log or http");
        }
        SmsCodeConfig parsed = new SmsCodeConfig(CODE_LENGTH.read(c, errors), TTL.read(c, errors),
                MAX_ATTEMPTS.read(c, errors), SendLimits.read(c, errors, "Codes", "number"),
                WRONG_CODES_PER_CLIENT.read(c, errors), BRUTE_FORCE_LOCKOUT.read(c, errors), SIGN_UP.read(c, errors),
                region, attribute, sender, KEEP_EARLIER_ACCESS.read(c, errors));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(SmsCodeAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static SmsCodeConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 20 ? clean.substring(0, 20) + "..." : clean;
    }
}

package dev.ciampack.authenticators.smscode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.sms.PhoneNumbers;

/** Typed realm settings of the SMS-code step; every key, default and bound is declared here once. */
public record SmsCodeConfig(int codeLength, int ttlSeconds, int maxAttempts, int resendCooldownSeconds,
                            int maxSends, int sendWindowSeconds, boolean signUp, String defaultRegion,
                            String phoneAttribute, String sender) implements CodeSettings {

    public static final String SIGN_UP = "sign-up";
    public static final boolean DEFAULT_SIGN_UP = false;
    /** ISO 3166 region for numbers typed without "+", e.g. BR; empty: "+" required. */
    public static final String DEFAULT_REGION = "default-region";
    public static final String PHONE_ATTRIBUTE = "phone-attribute";
    public static final String DEFAULT_PHONE_ATTRIBUTE = "phone_number";
    /** Provider id of the ciam-sms-sender SPI; empty: the server's default. */
    public static final String SENDER = "sms-sender";

    public static final BoundedSetting MAX_SENDS = CodeSettings.maxSends("number");

    public static final List<BoundedSetting> SETTINGS =
            List.of(CODE_LENGTH, TTL, MAX_ATTEMPTS, RESEND_COOLDOWN, MAX_SENDS, SEND_WINDOW);

    public static final SmsCodeConfig DEFAULTS = parse(Map.of());

    /** @throws InvalidConfigException listing every refused value */
    public static SmsCodeConfig parse(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> errors = new ArrayList<>();
        String signUp = c.get(SIGN_UP);
        if (signUp != null && !signUp.isBlank() && !signUp.equals("true") && !signUp.equals("false")) {
            errors.add("Sign up on first use (" + SIGN_UP + ") must be true or false");
        }
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
                MAX_ATTEMPTS.read(c, errors), RESEND_COOLDOWN.read(c, errors), MAX_SENDS.read(c, errors),
                SEND_WINDOW.read(c, errors), signUp == null || signUp.isBlank() ? DEFAULT_SIGN_UP
                        : Boolean.parseBoolean(signUp), region, attribute, sender);
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

package dev.ciampack.authenticators.identifierfirst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.sms.PhoneNumbers;

/** Typed realm settings of the identifier-first step: which route each kind of identifier takes. */
public record IdentifierFirstConfig(String emailRoute, String phoneRoute, String usernameRoute, boolean passkeys,
                                    String defaultRegion, String phoneAttribute) {

    public static final String PASSKEY = "passkey";
    /** Not a route: signed in on the identifier page with a passkey from the autofill list; no route sub-flow runs. */
    public static final String SIGNED_IN_BY_PASSKEY = "signed-in-by-passkey";
    public static final String EMAIL_CODE = "email-code";
    public static final String MAGIC_LINK = "magic-link";
    public static final String SMS_CODE = "sms-code";
    public static final String PASSWORD = "password";
    public static final String NONE = "none";

    /** Every route a condition may test. */
    public static final List<String> ROUTES = List.of(PASSKEY, EMAIL_CODE, MAGIC_LINK, SMS_CODE, PASSWORD);

    public static final String EMAIL_ROUTE = "email-route";
    public static final String PHONE_ROUTE = "phone-route";
    public static final String USERNAME_ROUTE = "username-route";
    public static final String PASSKEYS = "passkeys";
    public static final String DEFAULT_REGION = "default-region";
    public static final String PHONE_ATTRIBUTE = "phone-attribute";

    public static final List<String> EMAIL_ROUTES = List.of(EMAIL_CODE, MAGIC_LINK, PASSWORD);
    public static final List<String> PHONE_ROUTES = List.of(SMS_CODE, PASSWORD, NONE);
    public static final List<String> USERNAME_ROUTES = List.of(PASSWORD, NONE);

    public static final IdentifierFirstConfig DEFAULTS = parse(Map.of());

    /** @throws InvalidConfigException listing every refused value */
    public static IdentifierFirstConfig parse(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> errors = new ArrayList<>();
        String email = choice(c, EMAIL_ROUTE, EMAIL_ROUTES, errors);
        String phone = choice(c, PHONE_ROUTE, PHONE_ROUTES, errors);
        String username = choice(c, USERNAME_ROUTE, USERNAME_ROUTES, errors);
        String passkeys = c.getOrDefault(PASSKEYS, "").strip();
        if (!passkeys.isEmpty() && !passkeys.equals("true") && !passkeys.equals("false")) {
            errors.add("Offer passkeys (" + PASSKEYS + ") must be true or false");
        }
        String region = c.getOrDefault(DEFAULT_REGION, "").strip().toUpperCase(Locale.ROOT);
        if (!region.isEmpty() && !PhoneNumbers.isRegion(region)) {
            errors.add("Default region (" + DEFAULT_REGION + ") must be an ISO 3166 region code such as BR or US");
        }
        String attribute = c.getOrDefault(PHONE_ATTRIBUTE, "").strip();
        if (attribute.isEmpty()) {
            attribute = "phone_number";
        } else if (!attribute.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
            errors.add("Phone number attribute (" + PHONE_ATTRIBUTE + ") must be a User Profile attribute name");
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(IdentifierFirstAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return new IdentifierFirstConfig(email, phone, username, !passkeys.equals("false"), region, attribute);
    }

    public static IdentifierFirstConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }

    /** The route for an identifier kind. */
    public String routeFor(Identifier.Kind kind) {
        return switch (kind) {
            case EMAIL -> emailRoute;
            case PHONE -> phoneRoute;
            case USERNAME -> usernameRoute;
        };
    }

    boolean acceptsPhones() {
        return !NONE.equals(phoneRoute);
    }

    boolean acceptsUsernames() {
        return !NONE.equals(usernameRoute);
    }

    private static String choice(Map<String, String> c, String key, List<String> allowed, List<String> errors) {
        String value = c.getOrDefault(key, "").strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return allowed.get(0);
        }
        if (!allowed.contains(value)) {
            errors.add(key + " must be one of " + allowed + ", not '" + (value.length() > 20 ? value.substring(0, 20) : value) + "'");
            return allowed.get(0);
        }
        return value;
    }
}

package dev.ciampack.events.listener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a person signed in, for {@code user.logged_in}: the methods completed in this authentication and whether
 * it opened a new session, reused one through single sign-on or added a step to an existing one.
 *
 * <p>Read from what Keycloak records: the user session note {@code authenticators-completed} (execution id to
 * the second it completed, merged across the authentications of one session), the session's start, the client
 * session's {@code SSO_AUTH} note and the {@code identity_provider} detail of a brokered sign-in. Keycloak
 * creates a user session after its authenticators complete, so an execution that completed after the session
 * started belongs to a later authentication of that session: a step-up (one-second resolution).
 */
public final class SignInMethod {

    /** {@code sessionType}: a session opened by this sign-in. */
    public static final String NEW = "new";
    /** {@code sessionType}: an existing session reused without a new step (single sign-on cookie). */
    public static final String SSO = "sso";
    /** {@code sessionType}: an existing session that completed another step (e.g. a higher level of assurance). */
    public static final String STEP_UP = "step_up";

    /** The pack's names of authenticators (Keycloak's and the pack's provider ids). */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("auth-username-password-form", "password"),
            Map.entry("auth-password-form", "password"),
            Map.entry("direct-grant-validate-password", "password"),
            Map.entry("ciam-email-code", "email_code"),
            Map.entry("ciam-magic-link", "magic_link"),
            Map.entry("ciam-sms-code", "sms_code"),
            Map.entry("webauthn-authenticator-passwordless", "passkey"),
            Map.entry("webauthn-authenticator", "security_key"),
            Map.entry("auth-otp-form", "otp"),
            Map.entry("direct-grant-validate-otp", "otp"),
            Map.entry("auth-x509-client-username-form", "x509"),
            Map.entry("auth-spnego", "kerberos"));

    /** Steps that identify or route but prove nothing by themselves. */
    private static final java.util.Set<String> NOT_METHODS = java.util.Set.of("auth-cookie", "auth-username-form",
            "ciam-identifier-first", "identity-provider-redirector", "idp-review-profile", "idp-create-user-if-unique",
            "idp-confirm-link", "idp-email-verification", "idp-username-password-form", "idp-auto-link",
            "idp-detect-existing-broker-user", "ciam-passkey-nudge", "ciam-progressive-profile",
            "direct-grant-validate-username");

    /** What {@code user.logged_in} says about the sign-in. */
    public record Described(String method, List<String> methods, String sessionType) {
    }

    private SignInMethod() {
    }

    /** The pack's name of an authenticator provider id: a known method, null for a step that proves nothing, else the id. */
    static String nameOf(String authenticator) {
        if (authenticator == null || NOT_METHODS.contains(authenticator)) {
            return null;
        }
        return NAMES.getOrDefault(authenticator, authenticator);
    }

    /**
     * Describes a sign-in.
     *
     * @param completed        execution id to the epoch second it completed (the session's merged note; may be empty)
     * @param sessionStarted   the epoch second the user session started
     * @param authenticatorOf  execution id to its authenticator provider id (null when the execution is gone)
     * @param sso              whether the client session was authenticated by the SSO cookie
     * @param identityProvider the alias of the identity provider of a brokered sign-in, or null
     */
    public static Described describe(Map<String, Integer> completed, int sessionStarted,
                                     Function<String, String> authenticatorOf, boolean sso, String identityProvider) {
        boolean later = !sso && completed.values().stream().anyMatch(second -> second > sessionStarted);
        List<Map.Entry<String, Integer>> ordered = new ArrayList<>(completed.entrySet());
        ordered.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<String> methods = new ArrayList<>();
        if (identityProvider != null && !identityProvider.isBlank()) {
            methods.add("social:" + identityProvider);
        }
        for (Map.Entry<String, Integer> entry : ordered) {
            // A step-up's methods are what completed after the session started; a new or reused session's, all.
            if (later && entry.getValue() <= sessionStarted) {
                continue;
            }
            String name = nameOf(authenticatorOf.apply(entry.getKey()));
            if (name != null && !methods.contains(name)) {
                methods.add(name);
            }
        }
        if (sso) {
            // Nothing was proven now: "sso", and the methods that proved the session it reused.
            return new Described("sso", List.copyOf(methods), SSO);
        }
        return new Described(methods.isEmpty() ? "unknown" : methods.get(0), List.copyOf(methods),
                later ? STEP_UP : NEW);
    }
}

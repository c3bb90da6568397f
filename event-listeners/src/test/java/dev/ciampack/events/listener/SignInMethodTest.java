package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignInMethodTest {

    /** Execution ids of a realm's flows, to their authenticator provider ids. */
    private static final Map<String, String> EXECUTIONS = Map.of("e-cookie", "auth-cookie", "e-id", "ciam-identifier-first",
            "e-code", "ciam-email-code", "e-pw", "auth-username-password-form", "e-otp", "auth-otp-form",
            "e-passkey", "webauthn-authenticator-passwordless", "e-custom", "acme-face-id", "e-idp", "identity-provider-redirector");

    private static SignInMethod.Described describe(Map<String, Integer> completed, int started, boolean sso, String idp) {
        return SignInMethod.describe(completed, started, EXECUTIONS::get, sso, idp);
    }

    private static Map<String, Integer> completed(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }

    @Test
    @DisplayName("a new session: the proving steps in the order completed, identifying steps left out")
    void newSession() {
        assertThat(describe(completed("e-otp", 1005, "e-id", 1000, "e-pw", 1002), 1005, false, null))
                .isEqualTo(new SignInMethod.Described("password", List.of("password", "otp"), "new"));
        assertThat(describe(completed("e-id", 1000, "e-code", 1030), 1031, false, null))
                .isEqualTo(new SignInMethod.Described("email_code", List.of("email_code"), "new"));
        assertThat(describe(completed("e-passkey", 1000), 1000, false, null).method()).isEqualTo("passkey");
    }

    @Test
    @DisplayName("a step-up: only what completed after the session started")
    void stepUp() {
        assertThat(describe(completed("e-pw", 1000, "e-otp", 1300), 1001, false, null))
                .isEqualTo(new SignInMethod.Described("otp", List.of("otp"), "step_up"));
    }

    @Test
    @DisplayName("single sign-on: method sso, the methods that proved the reused session")
    void singleSignOn() {
        assertThat(describe(completed("e-code", 1000, "e-cookie", 1500), 1001, true, null))
                .isEqualTo(new SignInMethod.Described("sso", List.of("email_code"), "sso"));
    }

    @Test
    @DisplayName("a brokered sign-in is social:<alias>; an unknown authenticator keeps its provider id; nothing recorded is unknown")
    void socialCustomAndUnknown() {
        assertThat(describe(completed("e-idp", 1000), 1001, false, "google"))
                .isEqualTo(new SignInMethod.Described("social:google", List.of("social:google"), "new"));
        assertThat(describe(completed("e-custom", 1000), 1000, false, null).method()).isEqualTo("acme-face-id");
        assertThat(describe(Map.of(), 1000, false, null))
                .isEqualTo(new SignInMethod.Described("unknown", List.of(), "new"));
        assertThat(describe(completed("gone-execution", 1000), 1000, false, null).method()).isEqualTo("unknown");
    }
}

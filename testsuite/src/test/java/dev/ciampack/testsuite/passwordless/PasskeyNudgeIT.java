package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** The passkey nudge after the email code, offered from the second passwordless sign-in. */
class PasskeyNudgeIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.fromJson(IdentifierFirstIT.resource("/realms/passkey-nudge-import.json"));

    /** Signs in by email code and returns the page after the code (the app redirect or the nudge). */
    private static Page afterCode(OidcLogin login, String email, int seen) {
        Page codePage = login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
        String code = Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
        return codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");
    }

    @Test
    @DisplayName("first sign-in: no offer; second: the offer; 'not now' signs in and snoozes; third: no offer")
    void offeredFromSecondSignInAndSnoozed() throws Exception {
        String nina = realm.createUser("nina", "unused-Passw0rd!");
        String olga = realm.createUser("olga", "unused-Passw0rd!");

        OidcLogin first = realm.newLogin();
        Tokens firstTokens = first.finish(afterCode(first, "nina@ciam.test", 0));
        OidcLogin olgaFirst = realm.newLogin();
        olgaFirst.finish(afterCode(olgaFirst, "olga@ciam.test", 0));
        Thread.sleep(10_500); // the email code's 10-second send cooldown: the same people's next sign-ins wait it out

        OidcLogin second = realm.newLogin();
        Page offer = afterCode(second, "nina@ciam.test", 1);
        assertThat(offer.text("#kc-page-title")).hasValue("Sign in faster next time");
        Tokens secondTokens = second.finish(offer.form("#ciam-passkey-nudge-form").submit("ciam_action", "later"));

        OidcLogin olgaSecond = realm.newLogin();
        Page olgaOffer = afterCode(olgaSecond, "olga@ciam.test", 1);
        Page registration = olgaOffer.form("#ciam-passkey-nudge-form").submit("ciam_action", "create");
        Thread.sleep(10_500); // the send cooldown again, before Nina's third sign-in

        OidcLogin third = realm.newLogin();
        Tokens thirdTokens = third.finish(afterCode(third, "nina@ciam.test", 2));

        assertThat(firstTokens.idClaims()).containsEntry("sub", nina);
        assertThat(secondTokens.idClaims()).containsEntry("sub", nina);
        assertThat(thirdTokens.idClaims()).containsEntry("sub", nina);
        // "Create a passkey" hands over to Keycloak's own passkey registration (a required action).
        assertThat(registration.uri().toString()).contains("execution=webauthn-register-passwordless");
        assertThat(registration.document().select("form#register input[name=clientDataJSON]")).isNotEmpty();
        assertThat(olga).isNotBlank();
    }

    @Test
    @DisplayName("a password sign-in never shows the offer, even when it would be due at once")
    void passwordSignInIgnored() {
        Flows.browserFlow(realm.admin(), "password-then-nudge", List.of(
                Flows.Step.of("auth-username-password-form", "REQUIRED"),
                new Flows.Step("ciam-passkey-nudge", "REQUIRED", Map.of("after-sign-ins", "1"))));
        try {
            Tokens tokens = realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
            assertThat(tokens.idClaims()).containsEntry("email", TestRealm.EMAIL);
        } finally {
            var rep = realm.admin().toRepresentation();
            rep.setBrowserFlow("browser-email-code-nudge");
            realm.admin().update(rep);
        }
    }
}

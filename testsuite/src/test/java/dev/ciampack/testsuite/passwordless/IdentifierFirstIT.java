package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.sms.SmsGateway;

/**
 * Identifier first, imported from {@code realms/identifier-first-import.json}: email addresses take the
 * email-code route, phone numbers the SMS route, usernames the password route, and "sign in with a
 * passkey" Keycloak's own passkey step.
 */
class IdentifierFirstIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.fromJson(resource("/realms/identifier-first-import.json"));

    static Path resource(String name) {
        try {
            return Path.of(IdentifierFirstIT.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void phoneAttribute() {
        SmsCodeIT.declarePhoneAttribute(realm);
    }

    private static Page identify(OidcLogin login, String identifier) {
        return login.start().form("#ciam-identifier-first-form").set("identifier", identifier)
                .submit("ciam_action", "identify");
    }

    private static List<String> shape(Page page) {
        return page.document().select("form input, form button").eachAttr("name");
    }

    @Test
    @DisplayName("an email address goes straight to the email-code page, and the code signs in")
    void emailRoute() {
        String id = realm.createUser("nina", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page codePage = identify(login, "  Nina@ciam.test ");
        String code = Mailbox.code(realm.mailbox().awaitNext("nina@ciam.test", 0, Duration.ofSeconds(10)), 6);
        Tokens tokens = login.finish(codePage.form("#ciam-email-code-form").set("code", code)
                .submit("ciam_action", "verify"));

        assertThat(codePage.text("#ciam-email-code-sent").orElseThrow()).contains("Nina@ciam.test");
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("unknown identifiers of each kind walk the same screens as known ones")
    void unknownIdentifiersSameScreens() {
        realm.createUser("olga", "unused-Passw0rd!");
        SmsCodeIT.userWithPhone(realm, "oscar", "+5511981111111");

        Page knownEmail = identify(realm.newLogin(), "olga@ciam.test");
        Page unknownEmail = identify(realm.newLogin(), "ghost@ciam.test");
        Page knownPhone = identify(realm.newLogin(), "(11) 98111-1111");
        Page unknownPhone = identify(realm.newLogin(), "(11) 98222-2222");
        Page knownUser = identify(realm.newLogin(), "olga");
        Page unknownUser = identify(realm.newLogin(), "ghost");

        for (Page[] pair : List.of(new Page[] {knownEmail, unknownEmail}, new Page[] {knownPhone, unknownPhone},
                new Page[] {knownUser, unknownUser})) {
            assertThat(pair[1].status()).isEqualTo(pair[0].status());
            assertThat(pair[1].text("#kc-page-title")).isEqualTo(pair[0].text("#kc-page-title"));
            assertThat(shape(pair[1])).isEqualTo(shape(pair[0]));
        }
        assertThat(shape(knownEmail)).contains("code");
        assertThat(shape(knownPhone)).contains("code");
        assertThat(shape(knownUser)).contains("password");
        assertThat(realm.mailbox().to("ghost@ciam.test")).isEmpty();
        assertThat(SmsGateway.shared().to("+5511982222222")).isEmpty();
        assertThat(SmsGateway.shared().awaitNext("+5511981111111", 0, Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    @DisplayName("a phone number goes to the SMS page, normalized, and the texted code signs in")
    void phoneRoute() {
        String id = SmsCodeIT.userWithPhone(realm, "paul", "+5511983333333");
        OidcLogin login = realm.newLogin();

        Page codePage = identify(login, "11 98333-3333");
        String code = SmsGateway.code(SmsGateway.shared().awaitNext("+5511983333333", 0, Duration.ofSeconds(10)));
        Tokens tokens = login.finish(codePage.form("#ciam-sms-code-form").set("code", code)
                .submit("ciam_action", "verify"));

        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("a username asks for the password; wrong and unknown get the same answer; right signs in")
    void passwordRoute() {
        String id = realm.createUser("quinn", "Quinn-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page passwordPage = identify(login, "Quinn");
        Page wrong = passwordPage.form("#ciam-identifier-password-form").set("password", "nope")
                .submit("ciam_action", "password");
        Page unknown = identify(realm.newLogin(), "nobody-here").form("#ciam-identifier-password-form")
                .set("password", "nope").submit("ciam_action", "password");
        Tokens tokens = login.finish(wrong.form("#ciam-identifier-password-form").set("password", "Quinn-Passw0rd!")
                .submit("ciam_action", "password"));

        assertThat(passwordPage.text("#ciam-identifier-shown")).hasValue("Signing in as quinn");
        assertThat(wrong.body()).contains("Invalid email, number, username or password.");
        assertThat(unknown.status()).isEqualTo(wrong.status());
        assertThat(unknown.body()).contains("Invalid email, number, username or password.");
        assertThat(shape(unknown)).isEqualTo(shape(wrong));
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("'sign in with a passkey' opens Keycloak's own passkey (WebAuthn passwordless) step")
    void passkeyRoute() {
        Page page = realm.newLogin().start().form("#ciam-identifier-first-form").submit("ciam_action", "passkey");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.document().select("form#webauth input[name=authenticatorData]")).isNotEmpty();
        assertThat(page.body()).contains("challenge");
    }

    @Test
    @DisplayName("input that is no identifier gets a clear error and stays on the page")
    void badInput() {
        for (String bad : List.of("two words", "a@b\r\nBcc: x@evil.test", "x".repeat(10_240), "+55 11", "")) {
            Page page = identify(realm.newLogin(), bad);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Enter your email address, mobile number (with the country code) or username.");
            assertThat(page.document().select("#ciam-identifier-first-form")).isNotEmpty();
        }
    }

    @Test
    @DisplayName("an out-of-range route is refused with a clear message")
    void badConfig() {
        AuthenticatorConfigRepresentation config = realm.admin().flows().getAuthenticatorConfig(
                realm.admin().flows().getExecutions("identifier-first-forms").get(0).getAuthenticationConfig());
        config.getConfig().put("email-route", "carrier-pigeon");
        realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        try {
            Page page = realm.newLogin().start();
            assertThat(page.status()).isEqualTo(500);
            assertThat(page.body()).contains("Sign-in is not set up correctly.");
        } finally {
            config.getConfig().put("email-route", "email-code");
            realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        }
    }
}

package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * Account pre-hijacking (Sudhodanan and Paverd, 2022): someone registers a person's address with a password
 * they know and keeps a session; when the owner first proves the address with a code or link, the account
 * becomes the owner's alone. The attacker registers through Keycloak's own registration page (client
 * {@code test-app}, the realm's password flow); the owner signs in with client {@code codes}, whose browser
 * flow is a code or link step.
 */
class PreHijackingIT {

    private static final String ATTACKERS_PASSWORD = "Attacker-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setRegistrationAllowed(true);
        r.setEventsEnabled(true);
    });

    @BeforeAll
    static void clients() {
        client("codes", Flows.create(realm.admin(), "code-first", List.of(
                new Flows.Step("ciam-email-code", "REQUIRED", Map.of("resend-cooldown", "10")))));
        client("codes-keep", Flows.create(realm.admin(), "code-first-keep", List.of(
                new Flows.Step("ciam-email-code", "REQUIRED", Map.of("keep-earlier-access", "true")))));
        client("links", Flows.create(realm.admin(), "link-first", List.of(
                new Flows.Step("ciam-magic-link", "REQUIRED", Map.of()))));
        SmsCodeIT.declarePhoneAttribute(realm);
        client("sms", Flows.create(realm.admin(), "sms-first", List.of(
                new Flows.Step("ciam-sms-code", "REQUIRED", Map.of("sms-sender", "http", "resend-cooldown", "10")))));
        client("second-factor", Flows.create(realm.admin(), "password-then-code", List.of(
                Flows.Step.of("auth-username-password-form", "REQUIRED"),
                new Flows.Step("ciam-email-code", "REQUIRED", Map.of()))));
    }

    private static void client(String clientId, String flowId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setRedirectUris(List.of(realm.redirectUri()));
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        realm.admin().clients().create(client).close();
    }

    private static OidcLogin login(String clientId) {
        return new OidcLogin(new BrowserClient(), realm.url(), clientId, realm.redirectUri());
    }

    /** The attacker registers {@code email} with a password on Keycloak's registration page: their tokens. */
    private static Tokens register(OidcLogin attacker, String username, String email) {
        Page loginPage = attacker.start();
        Page registration = attacker.browser().get(loginPage.document().selectFirst("#kc-registration a").absUrl("href"));
        return attacker.finish(registration.form("#kc-register-form")
                .set("username", username).set("email", email).set("firstName", "Not").set("lastName", "Owner")
                .set("password", ATTACKERS_PASSWORD).set("password-confirm", ATTACKERS_PASSWORD).submit());
    }

    /** An account a stranger registered: their browser, their tokens, the account's id. */
    private record Registered(OidcLogin browser, Tokens tokens, String id) {
    }

    private static Registered registeredByStranger(String username, String email) {
        OidcLogin browser = login(TestRealm.CLIENT_ID);
        Tokens tokens = register(browser, username, email);
        return new Registered(browser, tokens, String.valueOf(tokens.idClaims().get("sub")));
    }

    /** The owner signs in with an email code sent to {@code email}, through {@code clientId}. */
    private static Tokens ownerSignsInByCode(String clientId, String email) {
        int seen = realm.mailbox().to(email).size();
        OidcLogin owner = login(clientId);
        Page codePage = owner.start().form("#ciam-email-code-identify-form").set("email", email).submit();
        String code = Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
        return owner.finish(codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify"));
    }

    private static UserRepresentation user(String id) {
        return realm.admin().users().get(id).toRepresentation();
    }

    private static List<String> events(String userId) {
        List<EventRepresentation> events = realm.admin().getEvents(List.of("VERIFY_EMAIL", "REMOVE_CREDENTIAL"), null,
                userId, null, null, null, 0, 100);
        return events.stream().map(e -> String.join(" ", java.util.stream.Stream.of(e.getType(),
                e.getDetails().get("credential_type"), e.getDetails().get("ciam_first_proof"))
                .filter(java.util.Objects::nonNull).toList())).toList();
    }

    @Test
    @DisplayName("the owner's first code ends the stranger's password and session; the address is verified; the owner's session works")
    void firstCodeEndsEarlierAccess() {
        Registered registered = registeredByStranger("vic", "vic@ciam.test");
        OidcLogin attacker = registered.browser();
        Tokens attackers = registered.tokens();
        String id = registered.id();
        assertThat(user(id).isEmailVerified()).as("registered, not verified").isFalse();
        assertThat(attacker.refresh(attackers).accessToken()).as("control: the session refreshes before").isNotBlank();

        Tokens owners = ownerSignsInByCode("codes", "vic@ciam.test");

        assertThat(owners.idClaims()).containsEntry("sub", id);
        assertThat(user(id).isEmailVerified()).isTrue();
        assertThat(realm.admin().users().get(id).credentials()).as("credentials left").isEmpty();
        assertThatThrownBy(() -> attacker.refresh(attackers)).as("the stranger's session").hasMessageContaining("400");
        assertThatThrownBy(() -> login(TestRealm.CLIENT_ID).passwordLogin("vic", ATTACKERS_PASSWORD))
                .as("the stranger's password").hasMessageContaining("expected a redirect");
        assertThat(login("codes").refresh(owners).accessToken()).as("the owner's session").isNotBlank();
        assertThat(events(id)).contains("VERIFY_EMAIL ciam-email-code", "REMOVE_CREDENTIAL password ciam-email-code");
    }

    @Test
    @DisplayName("a magic link as first proof does the same")
    void firstLinkEndsEarlierAccess() {
        Registered registered = registeredByStranger("lin", "lin@ciam.test");
        OidcLogin attacker = registered.browser();
        Tokens attackers = registered.tokens();
        String id = registered.id();

        OidcLogin owner = login("links");
        Page sent = owner.start().form("#ciam-email-code-identify-form").set("email", "lin@ciam.test").submit();
        assertThat(sent.body()).contains("Check your email");
        String link = Mailbox.link(realm.mailbox().awaitNext("lin@ciam.test", 0, Duration.ofSeconds(10)),
                "/login-actions/action-token");
        Page confirm = owner.browser().get(link);
        Tokens owners = owner.finish(confirm.form("#ciam-magic-link-confirm-form").submit());

        assertThat(owners.idClaims()).containsEntry("sub", id);
        assertThat(user(id).isEmailVerified()).isTrue();
        assertThat(realm.admin().users().get(id).credentials()).isEmpty();
        assertThatThrownBy(() -> attacker.refresh(attackers)).hasMessageContaining("400");
    }

    @Test
    @DisplayName("with keep-earlier-access the password and session stay; the address is verified all the same")
    void keepEarlierAccess() {
        Registered registered = registeredByStranger("kip", "kip@ciam.test");
        OidcLogin first = registered.browser();
        Tokens firsts = registered.tokens();
        String id = registered.id();

        ownerSignsInByCode("codes-keep", "kip@ciam.test");

        assertThat(user(id).isEmailVerified()).isTrue();
        assertThat(realm.admin().users().get(id).credentials()).extracting(c -> c.getType()).containsExactly("password");
        assertThat(first.refresh(firsts).accessToken()).isNotBlank();
        assertThat(login(TestRealm.CLIENT_ID).passwordLogin("kip", ATTACKERS_PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    @DisplayName("as a second factor after the password, the code verifies the address and removes nothing")
    void secondFactorRemovesNothing() {
        Registered registered = registeredByStranger("two", "two@ciam.test");
        OidcLogin first = registered.browser();
        Tokens firsts = registered.tokens();
        String id = registered.id();

        OidcLogin again = login("second-factor");
        Page codePage = again.start().form("#kc-form-login").set("username", "two").set("password", ATTACKERS_PASSWORD)
                .submit();
        String code = Mailbox.code(realm.mailbox().awaitNext("two@ciam.test", 0, Duration.ofSeconds(10)), 6);
        again.finish(codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify"));

        assertThat(user(id).isEmailVerified()).isTrue();
        assertThat(realm.admin().users().get(id).credentials()).extracting(c -> c.getType()).containsExactly("password");
        assertThat(first.refresh(firsts).accessToken()).isNotBlank();
    }

    @Test
    @DisplayName("an SMS code as first proof of a number removes earlier credentials once; the number stays verified")
    void firstSmsCodeEndsEarlierAccessOnce() {
        String id = SmsCodeIT.userWithPhone(realm, "sol", "+5511912345678");
        assertThat(realm.admin().users().get(id).credentials()).as("control: a password before").hasSize(1);

        smsSignIn("+5511912345678", 0);
        List<String> afterFirst = realm.admin().users().get(id).credentials().stream().map(c -> c.getType()).toList();
        org.keycloak.representations.idm.CredentialRepresentation password =
                new org.keycloak.representations.idm.CredentialRepresentation();
        password.setType("password");
        password.setValue("Sol-New-Passw0rd!");
        password.setTemporary(false);
        realm.admin().users().get(id).resetPassword(password);
        smsSignIn("+5511912345678", 1);

        assertThat(afterFirst).as("after the first proof").isEmpty();
        assertThat(realm.admin().users().get(id).credentials()).as("the password set after it survives the next code")
                .extracting(c -> c.getType()).containsExactly("password");
    }

    private static void smsSignIn(String phone, int seen) {
        OidcLogin owner = login("sms");
        Page codePage = owner.start().form("#ciam-sms-code-identify-form").set("phone", phone).submit();
        String code = dev.ciampack.testsuite.sms.SmsGateway.code(dev.ciampack.testsuite.sms.SmsGateway.shared()
                .awaitNext(phone, seen, Duration.ofSeconds(10)));
        owner.finish(codePage.form("#ciam-sms-code-form").set("code", code).submit("ciam_action", "verify"));
    }
}

package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.sms.SmsGateway;

/** SMS code as the first step, sent by the pack's {@code http} sender to the test JVM's gateway. */
class SmsCodeIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setDisplayName("Casa Demo"));

    static final SmsGateway gateway = SmsGateway.shared();
    private static final List<String> CODES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void smsFlow() {
        declarePhoneAttribute(realm);
        Flows.browserFlow(realm.admin(), "sms-code", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-sms-code", "ALTERNATIVE",
                        Map.of("sms-sender", "http", "default-region", "BR", "resend-cooldown", "10"))));
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "REGISTER"));
        realm.admin().updateRealmEventsConfig(events);
    }

    @AfterAll
    static void noCodeLeaked() throws Exception {
        String log = Files.readString(realm.keycloak().server().logFile());
        List<EventRepresentation> events = realm.admin().getEvents(null, null, null, null, null, null, 0, 1000);
        assertThat(CODES).isNotEmpty();
        for (String code : CODES) {
            assertThat(log).as("server log").doesNotContain(code);
            for (EventRepresentation event : events) {
                assertThat(String.valueOf(event.getDetails())).doesNotContain(code);
            }
        }
    }

    /** {@code phone_number} in the User Profile: admins edit it, users see it. */
    static void declarePhoneAttribute(TestRealm realm) {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute phone = new UPAttribute("phone_number");
        phone.setDisplayName("Mobile number");
        phone.setPermissions(new UPAttributePermissions(java.util.Set.of("admin", "user"), java.util.Set.of("admin")));
        profile.addOrReplaceAttribute(phone);
        realm.admin().users().userProfile().update(profile);
    }

    static String userWithPhone(TestRealm realm, String username, String phone) {
        String id = realm.createUser(username, "unused-Passw0rd!");
        UserRepresentation user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("phone_number", phone);
        realm.admin().users().get(id).update(user);
        return id;
    }

    private static Page identify(OidcLogin login, String phone) {
        return login.start().form("#ciam-sms-code-identify-form").set("phone", phone).submit();
    }

    private static String codeFor(String phone, int seen) {
        String code = SmsGateway.code(gateway.awaitNext(phone, seen, Duration.ofSeconds(10)));
        CODES.add(code);
        return code;
    }

    private static Page submit(Page page, String code) {
        return page.form("#ciam-sms-code-form").set("code", code).submit("ciam_action", "verify");
    }

    @Test
    @DisplayName("a number typed the local way is normalized to E.164, texted a code, and the app receives tokens")
    void signsInWithSmsCode() {
        String id = userWithPhone(realm, "nina", "+5511987654321");
        OidcLogin login = realm.newLogin();

        Page codePage = identify(login, "(11) 98765-4321");
        SmsGateway.Message sms = gateway.awaitNext("+5511987654321", 0, Duration.ofSeconds(10));
        String code = codeFor("+5511987654321", 0);
        Tokens tokens = login.finish(submit(codePage, code));

        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(codePage.text("#ciam-sms-code-sent").orElseThrow()).startsWith("If +55*******4321 belongs to an account");
        assertThat(sms.authorization()).isEqualTo(SmsGateway.AUTHORIZATION);
        assertThat(sms.contentType()).startsWith("application/json");
        assertThat(sms.text()).startsWith(code + " is your Casa Demo sign-in code. It expires in 5 min.")
                .endsWith("@" + java.net.URI.create(realm.keycloak().baseUrl()).getHost() + " #" + code);
    }

    @Test
    @DisplayName("invalid numbers get a clear error and no message is sent, though the number they spell is a user's")
    void invalidNumbers() {
        userWithPhone(realm, "ivo", "+5511900000000");
        int before = gateway.to("+5511900000000").size();
        for (String bad : List.of("abc", "+1 555", "12", "+55 11 90000-0000\r\nX: y", "9".repeat(10_240),
                "+\u0665\u0665 11 90000-0000", "+55 11 9000+00000")) {
            Page page = identify(realm.newLogin(), bad);
            assertThat(page.status()).as(bad.length() > 40 ? "10 KB" : bad).isEqualTo(200);
            assertThat(page.body()).contains("Enter a valid mobile number, with the country code");
            assertThat(page.document().select("#ciam-sms-code-identify-form")).isNotEmpty();
        }
        assertThat(gateway.to("+5511900000000")).hasSize(before);
        // Control: the same number typed validly is texted a code.
        Page valid = identify(realm.newLogin(), "+55 11 90000-0000");
        assertThat(valid.document().select("#ciam-sms-code-form")).isNotEmpty();
        assertThat(codeFor("+5511900000000", before)).isNotBlank();
    }

    @Test
    @DisplayName("an unknown number and a number on two accounts get the same page and no message")
    void noEnumeration() {
        userWithPhone(realm, "olga", "+5511911111111");
        userWithPhone(realm, "paul", "+5521922222222");
        userWithPhone(realm, "paula", "+5521922222222");

        Page known = identify(realm.newLogin(), "+55 11 91111-1111");
        Page unknown = identify(realm.newLogin(), "+55 11 93333-3333");
        Page shared = identify(realm.newLogin(), "+55 21 92222-2222");

        codeFor("+5511911111111", 0);
        for (Page page : List.of(unknown, shared)) {
            assertThat(page.status()).isEqualTo(known.status());
            assertThat(page.text("#kc-page-title")).isEqualTo(known.text("#kc-page-title"));
            assertThat(page.document().select("form input, form button").eachAttr("name"))
                    .isEqualTo(known.document().select("form input, form button").eachAttr("name"));
        }
        assertThat(gateway.to("+5511933333333")).isEmpty();
        assertThat(gateway.to("+5521922222222")).isEmpty();
    }

    @Test
    @DisplayName("a used code cannot be replayed, not even in a fresh sign-in of the same person; a wrong code is refused")
    void replayAndWrongCode() throws Exception {
        String id = userWithPhone(realm, "quinn", "+5511944444444");
        OidcLogin login = realm.newLogin();
        Page page = identify(login, "+5511944444444");
        long sentAt = System.currentTimeMillis();
        String code = codeFor("+5511944444444", 0);
        Page wrong = submit(page, code.equals("000000") ? "111111" : "000000");
        assertThat(wrong.body()).contains("That code is not right. Check the latest message and try again.");

        Form reusable = wrong.form("#ciam-sms-code-form").set("code", code);
        Tokens tokens = login.finish(reusable.submit("ciam_action", "verify"));
        Page replay = reusable.submit("ciam_action", "verify");
        // Quinn starts again in a new browser (after the send cooldown, so that sign-in holds a live code of its
        // own) and types the used code there.
        SendCooldown.waitOut(sentAt, 10);
        OidcLogin fresh = realm.newLogin();
        Page freshPage = identify(fresh, "+5511944444444");
        String freshCode = codeFor("+5511944444444", 1);
        Page replayed = submit(freshPage, code);
        int sessionsAfterReplay = MagicLinkIT.sessions(realm, id);

        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(replay.location().map(Object::toString).orElse("")).doesNotContain("code=");
        assertThat(replayed.location()).isEmpty();
        assertThat(replayed.body()).contains("That code is not right. Check the latest message and try again.");
        assertThat(sessionsAfterReplay).as("no second session").isEqualTo(1);
        // Control: that sign-in goes through with its own code.
        assertThat(fresh.finish(submit(replayed, freshCode)).idClaims()).containsEntry("sub", id);
        assertThat(MagicLinkIT.sessions(realm, id)).isEqualTo(2);
    }

    @Test
    @DisplayName("a gateway failure shows a clear error; the log has the masked number and no code")
    void gatewayFailure() throws Exception {
        userWithPhone(realm, "rosa", "+5511955555555");
        gateway.failWith(500);
        Page page;
        try {
            page = identify(realm.newLogin(), "+5511955555555");
        } finally {
            gateway.failWith(0);
        }
        assertThat(page.body()).contains("We could not send the message. Try again later.");
        String log = Files.readString(realm.keycloak().server().logFile());
        assertThat(log).contains("ciam-sms-code: could not send a code for realm " + realm.name()
                + ": gateway 127.0.0.1 answered 500 for +55*******5555");
        assertThat(log).doesNotContain("+5511955555555");
    }

    @Test
    @DisplayName("sign-up on first use: a new number that proves possession becomes exactly one account")
    void signUpOnFirstUse() {
        Flows.browserFlow(realm.admin(), "sms-code-sign-up", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-sms-code", "ALTERNATIVE",
                        Map.of("sms-sender", "http", "default-region", "BR", "sign-up", "true"))));
        try {
            OidcLogin login = realm.newLogin();
            Page page = identify(login, "11 96666-6666");
            Page profile = submit(page, codeFor("+5511966666666", 0));
            // The realm's User Profile asks for what it requires (here email and names) before the app.
            assertThat(profile.uri().toString()).contains("execution=VERIFY_PROFILE");
            Tokens tokens = login.finish(profile.form("#kc-update-profile-form").set("email", "new@ciam.test")
                    .set("firstName", "New").set("lastName", "Comer").submit());

            List<UserRepresentation> users = realm.admin().users().searchByAttributes("phone_number:+5511966666666");
            assertThat(users).hasSize(1);
            assertThat(tokens.idClaims()).containsEntry("sub", users.get(0).getId());
            assertThat(users.get(0).getUsername()).isEqualTo("+5511966666666");
        } finally {
            var rep = realm.admin().toRepresentation();
            rep.setBrowserFlow("sms-code");
            realm.admin().update(rep);
        }
    }
}

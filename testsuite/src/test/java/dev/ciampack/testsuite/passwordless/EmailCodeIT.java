package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** Email code as the first step of the browser flow. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailCodeIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setBruteForceProtected(true);
        r.setFailureFactor(5);
        r.setPermanentLockout(false);
        r.setDisplayName("Casa Demo");
    });

    /** Every code the tests saw; none may appear in the server log or in events. */
    private static final List<String> CODES = new CopyOnWriteArrayList<>();

    /** A code issued first and used last, after its 60-second life (the shortest allowed). */
    private static Page lateCodePage;
    private static String lateCode;
    private static long lateIssuedAt;

    @BeforeAll
    static void emailCodeFlow() {
        Flows.browserFlow(realm.admin(), "email-code", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-email-code", "ALTERNATIVE",
                        // This realm opts in to counting wrong codes toward account lockout (SendLimitsIT: the default is off).
                        Map.of("resend-cooldown", "10", "max-sends", "3", "send-window", "300", "code-ttl", "60",
                                "brute-force-lockout", "true"))));
        realm.createUser("late", "unused-Passw0rd!");
        lateIssuedAt = System.currentTimeMillis();
        lateCodePage = identify(realm.newLogin(), "late@ciam.test");
        lateCode = codeFor("late@ciam.test", 0);
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR"));
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
                assertThat(String.valueOf(event.getDetails())).as("event details").doesNotContain(code);
            }
        }
    }

    private static Page identify(OidcLogin login, String email) {
        return login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
    }

    private static String codeFor(String email, int seen) {
        String code = Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
        CODES.add(code);
        return code;
    }

    private static Page submit(Page page, String code) {
        return page.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");
    }

    @Test
    @DisplayName("a person signs in with the code from the email and the app receives tokens")
    void signsInWithEmailedCode() throws Exception {
        String id = realm.createUser("nina", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page codePage = identify(login, "nina@ciam.test");
        String code = codeFor("nina@ciam.test", 0);
        Tokens tokens = login.finish(submit(codePage, code));

        assertThat(tokens.idClaims()).containsEntry("sub", id).containsEntry("email", "nina@ciam.test");
        MimeMessage mail = realm.mailbox().to("nina@ciam.test").get(0);
        assertThat(mail.getSubject()).isEqualTo("Your Casa Demo sign-in code");
        assertThat(Mailbox.text(mail)).contains(code).contains("valid for 1 min");
        assertThat(Mailbox.html(mail)).contains(code);
        assertThat(Mailbox.html(mail)).as("the privacy footer: one click to review, withdraw or download")
                .contains("class=\"ciam-privacy-footer\"").contains("href=\"" + realm.url() + "/ciam-consent/review\"");
        assertThat(Mailbox.text(mail)).contains(realm.url() + "/ciam-consent/review");
    }

    @Test
    @DisplayName("the code goes to the address the account has, not to the address as typed (another case); the page "
            + "shows what was typed")
    void codeGoesToTheStoredAddress() throws Exception {
        String id = realm.createUser("otto", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page codePage = identify(login, "OTTO@Ciam.Test");
        MimeMessage mail = realm.mailbox().awaitNext("otto@ciam.test", 0, Duration.ofSeconds(10));
        Tokens tokens = login.finish(submit(codePage, Mailbox.code(mail, 6)));

        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("otto@ciam.test");
        assertThat(codePage.body()).contains("OTTO@Ciam.Test");
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("unknown, disabled and known addresses get the same page and status; only the known one gets mail")
    void noEnumeration() {
        realm.createUser("olga", "unused-Passw0rd!");
        String disabled = realm.createUser("paul", "unused-Passw0rd!");
        UserRepresentation paul = realm.admin().users().get(disabled).toRepresentation();
        paul.setEnabled(false);
        realm.admin().users().get(disabled).update(paul);

        Page known = identify(realm.newLogin(), "olga@ciam.test");
        Page unknown = identify(realm.newLogin(), "nobody@ciam.test");
        Page off = identify(realm.newLogin(), "paul@ciam.test");

        codeFor("olga@ciam.test", 0);
        for (Page page : List.of(unknown, off)) {
            assertThat(page.status()).isEqualTo(known.status());
            assertThat(page.text("#kc-page-title")).isEqualTo(known.text("#kc-page-title"));
            assertThat(page.document().select("form input").eachAttr("name"))
                    .isEqualTo(known.document().select("form input").eachAttr("name"));
        }
        assertThat(unknown.text("#ciam-email-code-sent")).hasValue(
                "If nobody@ciam.test belongs to an account, we have sent it a sign-in code. It may take a minute to arrive.");
        assertThat(realm.mailbox().to("nobody@ciam.test")).isEmpty();
        assertThat(realm.mailbox().to("paul@ciam.test")).isEmpty();
        Page wrong = submit(unknown, "123456");
        assertThat(wrong.text("#input-error, .kc-feedback-text, .pf-v5-c-alert__title").orElse(wrong.body()))
                .contains("That code is not right");
    }

    @Test
    @DisplayName("five wrong codes burn the code even if the right one follows, and (lockout opted in) count as failures")
    void wrongCodesBurnTheCode() throws Exception {
        String id = realm.createUser("quinn", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page page = identify(login, "quinn@ciam.test");
        String code = codeFor("quinn@ciam.test", 0);
        String wrongCode = code.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 5; i++) {
            page = submit(page, wrongCode);
        }
        Page afterRight = submit(page, code);

        assertThat(afterRight.location()).isEmpty();
        assertThat(afterRight.body()).contains("This code can no longer be used. Ask for a new code.");
        // Keycloak records failures asynchronously.
        Object failures = Await.until(() -> realm.admin().attackDetection().bruteForceUserStatus(id).get("numFailures"),
                Integer.valueOf(5)::equals, Duration.ofSeconds(10));
        assertThat(failures).isEqualTo(5);
    }

    @Test
    @DisplayName("a used code cannot be replayed, nor used in a fresh authentication session of the same person")
    void replayAndOtherSession() throws Exception {
        String id = realm.createUser("rosa", "unused-Passw0rd!");
        OidcLogin first = realm.newLogin();
        Page firstPage = identify(first, "rosa@ciam.test");
        long sentAt = System.currentTimeMillis();
        String code = codeFor("rosa@ciam.test", 0);
        Form reusable = firstPage.form("#ciam-email-code-form").set("code", code);
        first.finish(reusable.submit("ciam_action", "verify"));

        Page replay = reusable.submit("ciam_action", "verify");
        // Rosa starts again in a new browser; her sends share one cooldown, so it is waited out and the
        // new session holds a live code of its own when the used one is typed there.
        SendCooldown.waitOut(sentAt, 10);
        OidcLogin other = realm.newLogin();
        Page otherPage = identify(other, "rosa@ciam.test");
        String fresh = codeFor("rosa@ciam.test", 1);
        Page crossSession = submit(otherPage, code);
        int sessionsAfterReplay = MagicLinkIT.sessions(realm, id);

        assertThat(replay.location().map(Object::toString).orElse("")).doesNotContain("code=");
        assertThat(crossSession.location()).isEmpty();
        assertThat(crossSession.body()).contains("That code is not right");
        assertThat(sessionsAfterReplay).as("no second session").isEqualTo(1);
        // Control: the same new session signs in with its own code.
        Tokens tokens = other.finish(submit(crossSession, fresh));
        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(MagicLinkIT.sessions(realm, id)).isEqualTo(2);
    }

    @Test
    @DisplayName("resend honours the cooldown, voids the old code, and stops at the budget")
    void resendCooldownAndBudget() throws Exception {
        realm.createUser("sara", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page page = identify(login, "sara@ciam.test");
        String first = codeFor("sara@ciam.test", 0);

        Page tooSoon = page.form("#ciam-email-code-form").submit("ciam_action", "resend");
        assertThat(tooSoon.body()).contains("Please wait a minute before asking for a new code.");
        assertThat(realm.mailbox().to("sara@ciam.test")).hasSize(1);

        Thread.sleep(10_500); // the 10-second resend cooldown under test
        Page resent = tooSoon.form("#ciam-email-code-form").submit("ciam_action", "resend");
        String second = codeFor("sara@ciam.test", 1);
        assertThat(resent.body()).contains("a new code is on its way");
        Page oldCode = submit(resent, first);
        assertThat(oldCode.location()).isEmpty();

        Thread.sleep(10_500); // the 10-second resend cooldown under test
        Page resentAgain = oldCode.form("#ciam-email-code-form").submit("ciam_action", "resend");
        String third = codeFor("sara@ciam.test", 2);
        Thread.sleep(10_500); // the cooldown again: what stops this send must be the budget, not the cooldown
        Page overBudget = resentAgain.form("#ciam-email-code-form").submit("ciam_action", "resend");
        assertThat(overBudget.body()).containsPattern("Too many codes were requested. Try again in \\d+ minutes?\\.");
        assertThat(realm.mailbox().to("sara@ciam.test")).hasSize(3);

        assertThat(second).isNotNull();
        Tokens tokens = login.finish(submit(overBudget, third));
        assertThat(tokens.idClaims()).containsEntry("email", "sara@ciam.test");
    }

    @Test
    @DisplayName("the right code submitted twice at once signs in exactly once: one user session")
    void concurrentRightCode() throws Exception {
        String id = realm.createUser("tara", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page page = identify(login, "tara@ciam.test");
        Form form = page.form("#ciam-email-code-form").set("code", codeFor("tara@ciam.test", 0));

        List<AtOnce.Submitted> both = AtOnce.submitTwice(form, "ciam_action", "verify");

        assertThat(AtOnce.overlapped(both)).as("the two requests were in flight together").isTrue();
        List<java.net.URI> redirects = new ArrayList<>();
        for (AtOnce.Submitted result : both) {
            result.page().location().filter(l -> l.toString().startsWith(realm.redirectUri())
                    && l.toString().contains("code=")).ifPresent(redirects::add);
        }
        // The code is accepted once. If the second submission lands after the sign-in completed,
        // Keycloak may answer the same browser again for the same user session, never a second one.
        assertThat(redirects).as("redirects with an authorization code").isNotEmpty();
        assertThat(redirects).extracting(u -> u.getQuery().replaceAll(".*session_state=([^&]+).*", "$1"))
                .as("one user session").containsOnly(redirects.get(0).getQuery()
                        .replaceAll(".*session_state=([^&]+).*", "$1"));
        // The other answer, when it is not a redirect into that same session, is whatever Keycloak makes of a
        // second request on an authentication session that has just ended (seen: "Page has expired", "Your
        // login attempt timed out", a redirect to the app with error=temporarily_unavailable
        // authentication_expired, the code form asking to wait for a new code): never a code, never a 5xx.
        assertThat(both).filteredOn(b -> b.page().location().filter(redirects::contains).isEmpty())
                .allSatisfy(b -> {
                    assertThat(b.page().status()).as(b.page().toString()).isLessThan(500);
                    assertThat(b.page().location().map(Object::toString).orElse("")).doesNotContain("code=");
                });
        assertThat(login.finish(redirects.get(0)).accessToken()).isNotBlank();
        assertThat(realm.admin().users().get(id).getUserSessions()).hasSize(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("a code past its lifetime is refused even when right, and says it expired")
    void expiredCode() throws Exception {
        long wait = lateIssuedAt + 61_000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait); // the code's 60-second lifetime under test
        }

        Page expired = submit(lateCodePage, lateCode);

        assertThat(expired.location()).isEmpty();
        assertThat(expired.body()).contains("This code has expired. Ask for a new code.");
    }

    @Test
    @DisplayName("bad input gets a clear error: CRLF or oversized emails, non-ASCII digits, 10 KB codes")
    void badInput() {
        realm.createUser("uma", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page page = login.start();

        for (String email : List.of("uma@ciam.test\r\nBcc: x@evil.test", "x".repeat(10_000) + "@ciam.test", "not-an-email", " ")) {
            page = page.form("#ciam-email-code-identify-form").set("email", email).submit();
            assertThat(page.body()).as(email.length() > 40 ? "long email" : email).contains("Enter a valid email address.");
        }
        page = page.form("#ciam-email-code-identify-form").set("email", "uma@ciam.test").submit();
        codeFor("uma@ciam.test", 0);
        for (String code : List.of("١٢٣٤٥٦", "9".repeat(10_000), "12ab56", "12345")) {
            page = submit(page, code);
            assertThat(page.body()).contains("Enter the digits of the code you received, for example 123456.");
        }
        assertThat(realm.mailbox().to("x@evil.test")).isEmpty();
    }
}

package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** Magic link as the first step of the browser flow, with the default cross-device mode (deny). */
class MagicLinkIT {

    static final String INVALID = "This sign-in link cannot be used.";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setDisplayName("Casa Demo"));

    /** Every link the tests saw; none may appear in the server log or in events. */
    private static final List<String> LINKS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void magicLinkFlow() {
        Flows.browserFlow(realm.admin(), "magic-link", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-magic-link", "ALTERNATIVE", Map.of("resend-cooldown", "10"))));
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "EXECUTE_ACTION_TOKEN", "EXECUTE_ACTION_TOKEN_ERROR"));
        realm.admin().updateRealmEventsConfig(events);
    }

    @AfterAll
    static void noLinkLeaked() throws Exception {
        String log = Files.readString(realm.keycloak().server().logFile());
        List<EventRepresentation> events = realm.admin().getEvents(null, null, null, null, null, null, 0, 1000);
        assertThat(LINKS).isNotEmpty();
        for (String link : LINKS) {
            String key = URI.create(link).getQuery().replaceAll(".*key=([^&]+).*", "$1");
            assertThat(log).as("server log").doesNotContain(key);
            for (EventRepresentation event : events) {
                assertThat(String.valueOf(event.getDetails())).as("event details").doesNotContain(key);
            }
        }
    }

    static Page identify(OidcLogin login, String email) {
        return login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
    }

    static String linkFor(TestRealm realm, String email, int seen) {
        MimeMessage mail = realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10));
        String link = Mailbox.link(mail, "/login-actions/action-token");
        LINKS.add(link);
        return link;
    }

    static int sessions(TestRealm realm, String userId) {
        return realm.admin().users().get(userId).getUserSessions().size();
    }

    @Test
    @DisplayName("with a realm brand, the mail's button takes its colour with a label colour that reads on it, and the "
            + "logo heads the mail with the realm's name as its text for clients that block images")
    void brandedMail() throws Exception {
        String uiPage = "org.keycloak.services.ui.extend.UiPageProvider";
        realm.adminRest().post(realm.adminUrl() + "/components", Map.of("name", "brand", "providerId", "ciam-brand",
                "providerType", uiPage, "parentId", realm.admin().toRepresentation().getId(), "config", Map.of(
                        "primaryColor", List.of("#FFD600"), "logoUrl", List.of("https://cdn.shop.example/logo.png"))))
                .expect(201);
        try {
            realm.createUser("bea", "unused-Passw0rd!");
            identify(realm.newLogin(), "bea@ciam.test");
            linkFor(realm, "bea@ciam.test", 0);
            String html = Mailbox.html(realm.mailbox().to("bea@ciam.test").get(0));

            assertThat(html).as("a yellow button gets a black label").contains("background:#ffd600;color:#000000;");
            assertThat(html).containsPattern("<img src=\"https://cdn\\.shop\\.example/logo\\.png\" alt=\"[^\"]+\"");
        } finally {
            for (var c : realm.adminRest().get(realm.adminUrl() + "/components?type=" + uiPage).json()) {
                if (c.get("providerId").asText().equals("ciam-brand")) {
                    realm.adminRest().delete(realm.adminUrl() + "/components/" + c.get("id").asText()).expect(204);
                }
            }
        }
    }

    @Test
    @DisplayName("with no brand, the button takes the theme's colour and no logo is added")
    void unbrandedMail() throws Exception {
        realm.createUser("cal", "unused-Passw0rd!");
        identify(realm.newLogin(), "cal@ciam.test");
        linkFor(realm, "cal@ciam.test", 0);
        String html = Mailbox.html(realm.mailbox().to("cal@ciam.test").get(0));

        assertThat(html).contains("background:#1f5f8b;color:#ffffff;").doesNotContain("ciam-brand-header");
    }

    @Test
    @DisplayName("a person opens the emailed link in the same browser, confirms, and the app receives tokens")
    void signsInWithLink() throws Exception {
        String id = realm.createUser("nina", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page sent = identify(login, "nina@ciam.test");
        String link = linkFor(realm, "nina@ciam.test", 0);
        Page confirm = login.browser().get(link);

        assertThat(sent.text("#ciam-magic-link-sent")).hasValue(
                "If nina@ciam.test belongs to an account, we have sent it a sign-in link. It may take a minute to arrive.");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.text("#ciam-magic-link-confirm-text")).hasValue("Sign in as nina@ciam.test?");
        assertThat(sessions(realm, id)).as("opening the link alone signs nobody in").isZero();

        Tokens tokens = login.finish(confirm.form("#ciam-magic-link-confirm-form").submit());

        assertThat(tokens.idClaims()).containsEntry("sub", id).containsEntry("email", "nina@ciam.test");
        MimeMessage mail = realm.mailbox().to("nina@ciam.test").get(0);
        assertThat(mail.getSubject()).isEqualTo("Sign in to Casa Demo");
        assertThat(Mailbox.text(mail)).contains("valid for 5 min and works once");
        assertThat(Mailbox.html(mail)).contains(link.replace("&", "&amp;"));
        assertThat(Mailbox.html(mail)).as("the privacy footer: one click to review, withdraw or download")
                .contains("class=\"ciam-privacy-footer\"").contains("href=\"" + realm.url() + "/ciam-consent/review\"");
        assertThat(Mailbox.text(mail)).contains(realm.url() + "/ciam-consent/review");
    }

    @Test
    @DisplayName("a mail scanner fetching the link with GET or HEAD signs nobody in, and the link still works")
    void scannersSignNobodyIn() throws Exception {
        String id = realm.createUser("olga", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        identify(login, "olga@ciam.test");
        String link = linkFor(realm, "olga@ciam.test", 0);

        BrowserClient scanner = new BrowserClient();
        Page scanned = scanner.get(link);
        HttpResponse<String> head = scanner.send(HttpRequest.newBuilder(URI.create(link))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(scanned.status()).isEqualTo(400);
        assertThat(scanned.body()).contains(INVALID);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(scanner.cookies().cookies()).noneMatch(c -> c.getName().startsWith("KEYCLOAK_IDENTITY"));
        assertThat(sessions(realm, id)).isZero();

        Page confirm = login.browser().get(link);
        assertThat(sessions(realm, id)).isZero();
        Tokens tokens = login.finish(confirm.form("#ciam-magic-link-confirm-form").submit());
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("a used link cannot be replayed, by GET or by POST")
    void replayedLink() {
        String id = realm.createUser("paul", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        identify(login, "paul@ciam.test");
        String link = linkFor(realm, "paul@ciam.test", 0);
        Form confirm = login.browser().get(link).form("#ciam-magic-link-confirm-form");
        login.finish(confirm.submit());
        assertThat(sessions(realm, id)).isEqualTo(1);

        Page postAgain = confirm.submit();
        Page getAgain = login.browser().get(link);

        assertThat(postAgain.status()).isEqualTo(400);
        assertThat(postAgain.body()).contains(INVALID);
        assertThat(getAgain.status()).isEqualTo(400);
        assertThat(getAgain.body()).contains(INVALID);
        assertThat(sessions(realm, id)).isEqualTo(1);
    }

    @Test
    @DisplayName("a tampered link, and a link opened in someone else's browser, fail with the same generic page")
    void tamperedAndOtherUserLinks() {
        String quinn = realm.createUser("quinn", "unused-Passw0rd!");
        String rosa = realm.createUser("rosa", "unused-Passw0rd!");
        OidcLogin quinnLogin = realm.newLogin();
        identify(quinnLogin, "quinn@ciam.test");
        String link = linkFor(realm, "quinn@ciam.test", 0);
        String key = URI.create(link).getQuery().replaceAll(".*key=([^&]+).*", "$1");
        String[] jwt = key.split("\\.");
        // Same token, subject swapped for another user's id: the signature no longer matches.
        String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace(quinn, rosa);
        String forged = jwt[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + jwt[2];

        Page tampered = quinnLogin.browser().get(link.replace(key, forged));
        Page tamperedPost = quinnLogin.browser().post(
                URI.create(realm.url() + "/ciam-magic-link/confirm"), Map.of("key", forged));
        OidcLogin rosaLogin = realm.newLogin();
        identify(rosaLogin, "rosa@ciam.test");
        Page inRosasBrowser = rosaLogin.browser().get(link);
        Page postedInRosasBrowser = rosaLogin.browser().post(
                URI.create(realm.url() + "/ciam-magic-link/confirm"), Map.of("key", key));

        for (Page page : List.of(tampered, tamperedPost, inRosasBrowser, postedInRosasBrowser)) {
            assertThat(page.status()).as(page.uri().toString()).isEqualTo(400);
            assertThat(page.body()).contains(INVALID);
        }
        assertThat(sessions(realm, quinn)).isZero();
        assertThat(sessions(realm, rosa)).isZero();
        // The genuine link still works where it was asked for.
        Tokens tokens = quinnLogin.finish(quinnLogin.browser().get(link).form("#ciam-magic-link-confirm-form").submit());
        assertThat(tokens.idClaims()).containsEntry("sub", quinn);
    }

    @Test
    @DisplayName("a new link honours the cooldown and voids the previous one")
    void resendVoidsOldLink() throws Exception {
        String id = realm.createUser("sara", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page sent = identify(login, "sara@ciam.test");
        String first = linkFor(realm, "sara@ciam.test", 0);

        Page tooSoon = sent.form("#ciam-magic-link-form").submit("ciam_action", "resend");
        assertThat(tooSoon.body()).contains("Please wait a minute before asking for a new link.");
        Thread.sleep(10_500); // the 10-second resend cooldown under test
        Page resent = tooSoon.form("#ciam-magic-link-form").submit("ciam_action", "resend");
        String second = linkFor(realm, "sara@ciam.test", 1);

        assertThat(resent.body()).contains("Earlier links no longer work.");
        assertThat(second).isNotEqualTo(first);
        Page old = login.browser().get(first);
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.body()).contains(INVALID);
        Tokens tokens = login.finish(login.browser().get(second).form("#ciam-magic-link-confirm-form").submit());
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("unknown, disabled and known addresses get the same page and status; only the known one gets mail")
    void noEnumeration() {
        realm.createUser("tina", "unused-Passw0rd!");
        String disabled = realm.createUser("uma", "unused-Passw0rd!");
        var uma = realm.admin().users().get(disabled).toRepresentation();
        uma.setEnabled(false);
        realm.admin().users().get(disabled).update(uma);

        Page known = identify(realm.newLogin(), "tina@ciam.test");
        Page unknown = identify(realm.newLogin(), "nobody@ciam.test");
        Page off = identify(realm.newLogin(), "uma@ciam.test");

        linkFor(realm, "tina@ciam.test", 0);
        for (Page page : List.of(unknown, off)) {
            assertThat(page.status()).isEqualTo(known.status());
            assertThat(page.text("#kc-page-title")).isEqualTo(known.text("#kc-page-title"));
            assertThat(page.document().select("form input, form button").eachAttr("name"))
                    .isEqualTo(known.document().select("form input, form button").eachAttr("name"));
        }
        assertThat(realm.mailbox().to("nobody@ciam.test")).isEmpty();
        assertThat(realm.mailbox().to("uma@ciam.test")).isEmpty();
    }

    @Test
    @DisplayName("bad addresses (CRLF, 10 KB, not an address) get a clear error and no mail, though the address is a user's")
    void badInput() {
        realm.createUser("vera", "unused-Passw0rd!");
        for (String bad : List.of("vera@ciam.test\r\nBcc: x@evil.test", "v".repeat(10_000) + "@ciam.test", "not an email")) {
            Page page = identify(realm.newLogin(), bad);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Enter a valid email address.");
            assertThat(page.document().select("#ciam-email-code-identify-form")).isNotEmpty();
        }
        assertThat(realm.mail().getReceivedMessages()).noneMatch(m -> {
            try {
                return m.getAllRecipients()[0].toString().contains("evil");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(realm.mailbox().to("vera@ciam.test")).isEmpty();
        // Control: Vera's address typed cleanly gets her a link.
        identify(realm.newLogin(), "vera@ciam.test");
        assertThat(linkFor(realm, "vera@ciam.test", 0)).contains("/login-actions/action-token");
        assertThat(realm.mailbox().to("x@evil.test")).isEmpty();
    }

    @Test
    @DisplayName("in headless Chromium: ask for a link, open it in the same browser, confirm, land in the app")
    void inChromium() {
        realm.createUser("wade", "unused-Passw0rd!");
        WebDriver driver = Chromium.start();
        try {
            driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
            driver.findElement(By.id("email")).sendKeys("wade@ciam.test");
            driver.findElement(By.id("ciam-email-code-send")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-sent")));

            driver.get(linkFor(realm, "wade@ciam.test", 0));
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-confirm"))).click();

            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-callback")));
            assertThat(driver.getCurrentUrl()).startsWith(realm.redirectUri()).contains("code=");
        } finally {
            driver.quit();
        }
    }
}

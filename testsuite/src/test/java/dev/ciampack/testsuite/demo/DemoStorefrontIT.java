package dev.ciampack.testsuite.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.server.Ports;

/** The demo shop that {@code mvn -Pdemo} starts signs people in, shows consent review, and escapes claims. */
class DemoStorefrontIT {

    private static final int PORT = Ports.free();

    @RegisterExtension
    static final TestRealm realm = TestRealm.fromJson(Path.of(System.getProperty("ciam.demo.realm")))
            .customize(r -> {
                for (ClientRepresentation client : r.getClients()) {
                    if ("ciam-demo-app".equals(client.getClientId())) {
                        client.setRedirectUris(List.of("http://localhost:" + PORT + "/*"));
                        client.getAttributes().put("post.logout.redirect.uris", "http://localhost:" + PORT + "/*");
                    }
                }
            });

    private static final String WEBHOOK_SECRET = DemoEvents.newSecret();
    private static DemoStorefront shop;

    @BeforeAll
    static void startShop() {
        shop = DemoStorefront.start(PORT, realm.url(), realm.mail(), WEBHOOK_SECRET);
        // What DemoServer does after start: the demo realm's sink posts to the shop's /events/hook.
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", DemoServer.demoSink(shop.url(), WEBHOOK_SECRET))
                .expect(200);
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @DisplayName("a visitor signs in from the shop, answers the consent step, sees their escaped claims, reviews and signs out")
    void signInThroughTheShop() {
        String id = realm.createUser("zoe", "Zoe-Passw0rd!");
        var user = realm.admin().users().get(id).toRepresentation();
        // Keycloak's profile validators refuse <, > and & in names; an apostrophe still needs escaping.
        user.setFirstName("Zoë O'Brien");
        realm.admin().users().get(id).update(user);
        BrowserClient browser = new BrowserClient();

        Page login = browser.get(shop.url() + "login");
        Page codePage = login.form("#ciam-identifier-first-form").set("identifier", "zoe@ciam.test")
                .submit("ciam_action", "identify");
        Page inbox = browser.get(shop.url() + "mail");
        String code = dev.ciampack.testsuite.mail.Mailbox.code(
                realm.mailbox().awaitNext("zoe@ciam.test", 0, java.time.Duration.ofSeconds(10)), 6);
        assertThat(inbox.text(".mail h2")).hasValueSatisfying(subject -> assertThat(subject).contains("sign-in code"));
        assertThat(inbox.document().select(".mail a[href*=/login-actions/action-token]")).hasSize(1);
        Page consent = codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");
        Page home = consent.form("#ciam-consent-form").submit("action", "accept_all");

        assertThat(home.uri().toString()).isEqualTo(shop.url());
        assertThat(home.text("#greeting")).hasValue("Hello, Zoë O'Brien.");
        assertThat(home.body()).contains("Hello, Zoë O&#39;Brien.").doesNotContain("O'Brien");
        assertThat(home.document().select("#review-consent")).hasSize(1);
        assertThat(home.document().select("#pick-none")).as("consent given, profile still empty").hasSize(1);
        // Accept all granted analytics and personalization: the demo realm's Consent Mode mapping turns them into
        // analytics_storage and ad_personalization; the shop advertises nowhere, so ad_storage stays denied.
        assertThat(home.text("#consent-mode-analytics_storage")).hasValue("analytics_storage: granted");
        assertThat(home.text("#consent-mode-ad_personalization")).hasValue("ad_personalization: granted");
        assertThat(home.text("#consent-mode-ad_storage")).hasValue("ad_storage: denied");
        assertThat(home.text("#consent-mode-ad_user_data")).hasValue("ad_user_data: denied");

        Page review = browser.get(shop.url() + "login?action=ciam-consent");
        assertThat(review.text("#kc-page-title")).hasValue("Review your privacy choices");
        Page back = review.form("#ciam-consent-form").submit("cancel-aia", "true");
        assertThat(back.uri().toString()).isEqualTo(shop.url());

        // The profile grows (here by an administrator; in the demo by the progressive question): the next
        // token carries it (a silent SSO sign-in here), and the shop personalizes from the token alone.
        user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("homeType", "apartment");
        user.singleAttribute("style", "boho-chic");
        realm.admin().users().get(id).update(user);
        Page personalized = browser.get(shop.url() + "login");
        assertThat(personalized.text("#pick-home")).hasValue("Compact sofas and wall shelves that fit an apartment.");
        assertThat(personalized.text("#pick-style")).hasValue("More boho chic pieces, first.");
        assertThat(personalized.text("#segments")).as("segments follow the profile change at once, no new sign-in")
                .hasValue("Your segments: [apartment-dwellers]");

        Page signedOut = browser.get(shop.url() + "logout");
        assertThat(signedOut.document().select("#sign-in")).hasSize(1);
    }

    @Test
    @DisplayName("the shop's /events page lists the signed events the demo realm delivered, only of people who granted "
            + "personalization; a forged delivery is refused")
    void eventsPage() throws Exception {
        String id = realm.createUser("yuri", "Yuri-Passw0rd!");
        String zoe = realm.createUser("quinn", "Quinn-Passw0rd!");
        // The demo sink's basis is consent to personalization: yuri grants it (after his account was created).
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/personalization",
                java.util.Map.of("decision", "granted")).expect(200);
        var forged = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(shop.url() + "events/hook"))
                .header("webhook-id", "forged").header("webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                .header("webhook-signature", "v1,AAAA")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\": \"user.deleted\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());

        // The admin API's update arrives as user.profile_updated, for yuri only.
        var user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("homeType", "house");
        realm.admin().users().get(id).update(user);
        var other = realm.admin().users().get(zoe).toRepresentation();
        other.singleAttribute("homeType", "apartment");
        realm.admin().users().get(zoe).update(other);
        dev.ciampack.testsuite.junit.Await.until(() -> shop.events().received().stream().filter(r -> r.subject().equals(id))
                .count(), n -> n >= 2, java.time.Duration.ofSeconds(20));
        Page events = new BrowserClient().get(shop.url() + "events");

        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(shop.events().received()).filteredOn(r -> r.subject().equals(id)).extracting(DemoEvents.Received::type)
                .as("created before the grant: no user.registered").containsExactlyInAnyOrder("consent.granted",
                        "user.profile_updated");
        assertThat(shop.events().received()).as("quinn granted nothing").noneMatch(r -> r.subject().equals(zoe));
        assertThat(shop.events().received()).extracting(DemoEvents.Received::type).doesNotContain("user.deleted");
        assertThat(events.text("#events")).hasValueSatisfying(table -> assertThat(table)
                .contains("user.profile_updated").contains(id).contains("homeType").contains("house"));
        assertThat(events.body()).contains("Refused (bad signature or too old): 1");
    }
}

package dev.ciampack.testsuite.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.ciampack.testsuite.browser.CallbackServer;
import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.NodeProxy;
import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.pages.ConsentPage;
import dev.ciampack.testsuite.pages.LoginPage;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.Ports;
import dev.ciampack.testsuite.server.Postgres;
import dev.ciampack.testsuite.server.TestServers;

/** Two Keycloak nodes with the bundle on one embedded PostgreSQL, clustered over loopback. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterIT {

    private static final String REALM = "cluster";
    private static Postgres postgres;
    private static List<KeycloakServer> nodes = List.of();
    private static CallbackServer callback;
    private static WebhookReceiver receiver;
    private static GreenMail mail;

    @BeforeAll
    static void startCluster() {
        postgres = Postgres.start();
        receiver = new WebhookReceiver();
        // Both nodes run the events drainer every second and may deliver to the loopback receiver.
        nodes = TestServers.startCluster("cluster", postgres, 2, List.of(
                "--spi-events-listener--ciam-events--allow-private-sinks=true",
                "--spi-events-listener--ciam-events--drain-interval-seconds=1",
                "--spi-events-listener--ciam-events--status-refresh-seconds=2",
                // Tests speak for other networks through X-Forwarded-For, trusted from loopback only.
                "--proxy-headers=xforwarded", "--proxy-trusted-addresses=127.0.0.1,::1"));
        mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        callback = CallbackServer.start();
        try (Keycloak admin = nodes.get(0).newAdminClient()) {
            admin.realms().create(realm());
        }
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(KeycloakServer::stop);
        if (callback != null) {
            callback.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        // Last: it fails the class when an event it received was not valid against its schema.
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @DisplayName("a realm created through node 1 is served by node 2")
    void realmCreatedOnOneNodeIsServedByTheOther() {
        try (Keycloak admin = nodes.get(1).newAdminClient()) {
            assertThat(admin.realm(REALM).users().searchByUsername("bob", true)).hasSize(1);
        }
    }

    @Test
    @DisplayName("the two nodes form one Infinispan cluster")
    void nodesFormOneCluster() throws Exception {
        String log = Files.readString(nodes.get(1).logFile());

        assertThat(Pattern.compile("cluster view .*\\(2\\)").matcher(log).find())
                .as("node 2 log shows a cluster view of two members:%n%s", log).isTrue();
    }

    @Test
    @DisplayName("a realm change made on node 1 invalidates node 2's cache at once")
    void realmChangeOnOneNodeInvalidatesTheOthersCache() {
        try (Keycloak admin1 = nodes.get(0).newAdminClient(); Keycloak admin2 = nodes.get(1).newAdminClient()) {
            assertThat(admin2.realm(REALM).toRepresentation().getDisplayName()).isNull();

            RealmRepresentation change = admin1.realm(REALM).toRepresentation();
            change.setDisplayName("Changed on node 1");
            admin1.realm(REALM).update(change);

            assertThat(admin2.realm(REALM).toRepresentation().getDisplayName()).isEqualTo("Changed on node 1");
        }
    }

    @Test
    @DisplayName("a session started on node 1 refreshes on node 2")
    void sessionStartedOnNodeOneRefreshesOnNodeTwo() {
        OidcLogin onNode1 = new OidcLogin(new BrowserClient(), nodes.get(0).baseUrl() + "/realms/" + REALM,
                "app", callback.redirectUri());
        Tokens tokens = onNode1.passwordLogin("bob", "Bob-Passw0rd!");

        OidcLogin onNode2 = new OidcLogin(new BrowserClient(), nodes.get(1).baseUrl() + "/realms/" + REALM,
                "app", callback.redirectUri());
        Tokens refreshed = onNode2.refresh(tokens);

        assertThat(refreshed.accessClaims().get("sid")).isEqualTo(tokens.accessClaims().get("sid"));
        assertThat(refreshed.accessClaims().get("preferred_username")).isEqualTo("bob");
    }

    @Test
    @DisplayName("sign-ins on both nodes: every event delivered exactly once, and both nodes drain the outbox (SKIP LOCKED on PostgreSQL)")
    void eventsFromBothNodesDeliveredOnce() throws Exception {
        try (Keycloak admin = nodes.get(0).newAdminClient()) {
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            // Two sinks of the same events: on PostgreSQL one statement writes an event's rows for both.
            String sinks = java.util.stream.Stream.of("crm", "cdp").map(id -> "{\"id\": \"" + id + "\", \"url\": \""
                    + receiver.url("/" + id) + "\", \"secrets\": [\"" + dev.ciampack.events.webhook.StandardWebhooks.newSecret()
                    + "\"], \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}")
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            rest.put(nodes.get(0).baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks", sinks).expect(200);
            // Four people, each signing in on one node (even ones on node 1, odd ones on node 2), and bob on both:
            // one person's rows go in commit order, so a node holds back a row while the other node still sends
            // that person's earlier one. The password grant goes to the node it is sent to (a browser form would
            // post to the shared --hostname, node 1). Sign in again (at most 60 times in all) until each node
            // has delivered some rows.
            for (int k = 0; k < 4; k++) {
                admin.realm(REALM).users().create(Users.withPassword("walker" + k, "walker" + k + "@ciam.test", "Walker",
                        "No" + k, "Walker-Passw0rd!" + k)).close();
            }
            int signIns = 0;
            long[] perNode;
            do {
                for (int i = 0; i < 20; i++, signIns++) {
                    KeycloakServer node = nodes.get(signIns % 2);
                    int walker = signIns % 4;
                    boolean bob = signIns % 5 == 0;
                    passwordGrant(node, bob ? "bob" : "walker" + walker,
                            bob ? "Bob-Passw0rd!" : "Walker-Passw0rd!" + walker);
                }
                Deliveries.awaitExactlyAfterDrained(receiver, "/crm", signIns,
                        Deliveries.status(rest, nodes.get(0).baseUrl() + "/admin/realms/" + REALM, "crm"),
                        Duration.ofSeconds(40));
                perNode = new long[] {delivered(nodes.get(0)), delivered(nodes.get(1))};
            } while ((perNode[0] == 0 || perNode[1] == 0) && signIns < 60);

            Deliveries.awaitExactlyAfterDrained(receiver, "/cdp", signIns,
                    Deliveries.status(rest, nodes.get(0).baseUrl() + "/admin/realms/" + REALM, "cdp"), Duration.ofSeconds(40));

            List<String> ids = receiver.to("/crm").stream().map(r -> r.headers().get("webhook-id")).toList();
            assertThat(ids).hasSize(signIns).doesNotHaveDuplicates();
            assertThat(receiver.to("/cdp").stream().map(r -> r.headers().get("webhook-id")).toList())
                    .as("the second sink: the same events, once each").hasSize(signIns)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perNode[0] + perNode[1]).as("deliveries counted by the nodes").isEqualTo(signIns);
            assertThat(perNode[0]).as("rows node 1 delivered (its ciam_events_deliveries_total)").isPositive();
            assertThat(perNode[1]).as("rows node 2 delivered (its ciam_events_deliveries_total); node 2's ciam metrics:\n%s",
                    ciamMetrics(nodes.get(1))).isPositive();

            // One event handed to the listener twice in a transaction on node 1, once more later on node 2: the
            // multi-row insert's ON CONFLICT keeps one row per sink on PostgreSQL too.
            String bob = admin.realm(REALM).users().searchByUsername("bob", true).get(0).getId();
            String eventId = java.util.UUID.randomUUID().toString();
            assertThat(probeLoginEvent(nodes.get(0), bob, eventId, 2)).isEqualTo(204);
            assertThat(probeLoginEvent(nodes.get(1), bob, eventId, 1)).isEqualTo(204);
            for (String sink : List.of("crm", "cdp")) {
                List<String> all = Deliveries.awaitExactlyAfterDrained(receiver, "/" + sink, signIns + 1,
                        Deliveries.status(rest, nodes.get(0).baseUrl() + "/admin/realms/" + REALM, sink),
                        Duration.ofSeconds(40)).stream().map(r -> r.headers().get("webhook-id")).toList();
                assertThat(all).as(sink).doesNotHaveDuplicates().contains(eventId);
            }
        }
    }

    @Test
    @DisplayName("a sink's Retry-After told to one node holds on both: sign-ins on either node, one try in all; "
            + "retry-now on the other node ends the pause and every row goes once")
    void sinkPauseIsClusterWide() throws Exception {
        try (Keycloak admin = nodes.get(0).newAdminClient(); Keycloak admin2 = nodes.get(1).newAdminClient()) {
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            Rest rest2 = new Rest(() -> admin2.tokenManager().getAccessTokenString());
            Integer[] busy = new Integer[20];
            java.util.Arrays.fill(busy, 429);
            receiver.answer("/paused", busy);
            receiver.retryAfter("/paused", "3600");
            rest.put(nodes.get(0).baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks", "[{\"id\": \"paused\", "
                    + "\"url\": \"" + receiver.url("/paused") + "\", \"secrets\": [\""
                    + dev.ciampack.events.webhook.StandardWebhooks.newSecret() + "\"], \"events\": [\"user.logged_in\"]"
                    + Deliveries.NOT_CONSENT + "}]").expect(200);
            // Node 1 sends the first row and is told to come back in an hour.
            passwordGrant(nodes.get(0), "bob", "Bob-Passw0rd!");
            receiver.await("/paused", 1, Duration.ofSeconds(20));
            Await.Probe<Long> attempts = () -> Deliveries.deliveriesCounted(nodes.get(0).managementUrl(), REALM, "paused",
                    "retry") + Deliveries.deliveriesCounted(nodes.get(1).managementUrl(), REALM, "paused", "retry");
            assertThat(Await.until(attempts, n -> n == 1, Duration.ofSeconds(20))).isEqualTo(1);
            // Sign-ins on node 2, whose drain runs right after each commit there, until node 2 has met some of the
            // rows (at most 10): it puts them off without a try, for a pause it was not told itself.
            int signIns = 1;
            long deferredOnNode2 = 0;
            while (deferredOnNode2 == 0 && signIns < 11) {
                passwordGrant(nodes.get(1), "bob", "Bob-Passw0rd!");
                signIns++;
                deferredOnNode2 = Await.until(() -> Deliveries.deliveriesCounted(nodes.get(1).managementUrl(), REALM,
                        "paused", "deferred"), n -> n > 0, Duration.ofSeconds(3));
            }
            int rows = signIns;
            Await.Probe<Long> deferred = () -> Deliveries.deliveriesCounted(nodes.get(0).managementUrl(), REALM, "paused",
                    "deferred") + Deliveries.deliveriesCounted(nodes.get(1).managementUrl(), REALM, "paused", "deferred");
            Await.until(deferred, n -> n >= rows - 1, Duration.ofSeconds(20));
            int triedWhilePaused = receiver.to("/paused").size();
            long attemptsWhilePaused = attempts.read();

            receiver.clear("/paused");
            rest2.post(nodes.get(1).baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks/paused/retry-now", "")
                    .expect(200);
            List<WebhookReceiver.Request> all = Deliveries.awaitExactlyAfterDrained(receiver, "/paused", 1 + rows,
                    Deliveries.status(rest, nodes.get(0).baseUrl() + "/admin/realms/" + REALM, "paused"),
                    Duration.ofSeconds(30));

            assertThat(deferredOnNode2).as("rows node 2 put off for the pause told to node 1").isPositive();
            assertThat(triedWhilePaused).as("requests to the sink while it was paused, %d sign-ins on both nodes", rows)
                    .isEqualTo(1);
            assertThat(attemptsWhilePaused).as("attempts counted by both nodes").isEqualTo(1);
            assertThat(all.subList(1, all.size())).extracting(r -> r.answered()).containsOnly(204);
            assertThat(all.subList(1, all.size()).stream().map(r -> r.headers().get("webhook-id")).toList())
                    .hasSize(rows).doesNotHaveDuplicates();
        }
    }

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";

    /** A realm component of an admin console page, as the console's page handler posts it. */
    private static Map<String, Object> pageItem(Keycloak admin, String page, Map<String, String> form) {
        Map<String, List<String>> config = new HashMap<>();
        form.forEach((k, v) -> config.put(k, List.of(v)));
        config.put("realm", List.of(REALM));
        config.put("providerId", List.of(page));
        return Map.of("providerId", page, "providerType", UI_PAGE, "parentId",
                admin.realm(REALM).toRepresentation().getId(), "config", config);
    }

    private static JsonNode pageItems(Rest rest, KeycloakServer node, String page) {
        return rest.get(node.baseUrl() + "/admin/realms/" + REALM + "/components?type=" + UI_PAGE + "&providerId=" + page)
                .expect(200).json();
    }

    @Test
    @Order(Integer.MAX_VALUE - 2)
    @DisplayName("the brand colour, a purpose's pt-BR title and a question's pt-BR benefit saved on node 1's console "
            + "pages are what node 2 serves at once")
    void consolePagesSavedOnNodeOneServedByNodeTwo() throws Exception {
        try (Keycloak admin = nodes.get(0).newAdminClient(); Keycloak admin2 = nodes.get(1).newAdminClient()) {
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            Rest rest2 = new Rest(() -> admin2.tokenManager().getAccessTokenString());
            String realmUrl = nodes.get(0).baseUrl() + "/admin/realms/" + REALM;
            String realmUrl2 = nodes.get(1).baseUrl() + "/admin/realms/" + REALM;
            rest.put(realmUrl + "/ciam-consent/purposes", "[{\"id\": \"newsletter\", \"version\": 1, "
                    + "\"title\": {\"en\": \"Newsletter\"}, \"description\": {\"en\": \"A weekly mail.\"}}]").expect(200);
            var profile = admin.realm(REALM).users().userProfile().getConfiguration();
            profile.addOrReplaceAttribute(new org.keycloak.representations.userprofile.config.UPAttribute("homeType",
                    new org.keycloak.representations.userprofile.config.UPAttributePermissions(
                            java.util.Set.of("admin", "user"), java.util.Set.of("admin", "user"))));
            admin.realm(REALM).users().userProfile().update(profile);
            var action = new org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation();
            action.setProviderId("ciam-progressive-profile");
            action.setName("CIAM progressive profiling");
            admin.realm(REALM).flows().registerRequiredAction(action);
            rest.put(realmUrl + "/authentication/required-actions/ciam-progressive-profile/config", Map.of("config",
                    Map.of("policy", "{\"perSignIn\": 1, \"questions\": [{\"attribute\": \"homeType\"}]}"))).expect(204);
            assertThat(rest2.get(realmUrl2 + "/ciam-consent/purposes").expect(200).json().get(0).at("/title/pt-BR")
                    .isMissingNode()).as("node 2 read the purposes before the change").isTrue();

            rest.post(realmUrl + "/components", pageItem(admin, "ciam-brand", Map.of("primaryColor", "#ad1457")))
                    .expect(201);
            JsonNode purpose = pageItems(rest, nodes.get(0), "ciam-consent-purposes").get(0);
            Map<String, Object> edited = new HashMap<>(pageItem(admin, "ciam-consent-purposes", Map.of(
                    "purposeId", "newsletter", "version", "1", "required", "false",
                    "title", "[{\"key\":\"en\",\"value\":\"Newsletter\"},{\"key\":\"pt-BR\",\"value\":\"Boletim semanal\"}]",
                    "description", "[{\"key\":\"en\",\"value\":\"A weekly mail.\"}]")));
            edited.put("id", purpose.get("id").asText());
            rest.put(realmUrl + "/components/" + purpose.get("id").asText(), edited).expect(204);
            JsonNode question = pageItems(rest, nodes.get(0), "ciam-profile-questions").get(0);
            Map<String, Object> benefit = new HashMap<>(pageItem(admin, "ciam-profile-questions", Map.of(
                    "attribute", "homeType", "benefitText", "[{\"key\":\"pt-BR\",\"value\":\"Para acertar no tamanho.\"}]")));
            benefit.put("id", question.get("id").asText());
            rest.put(realmUrl + "/components/" + question.get("id").asText(), benefit).expect(204);

            assertThat(Rest.anonymous().get(nodes.get(1).baseUrl() + "/realms/" + REALM + "/ciam-brand/brand.css").body())
                    .contains("--ciam-brand-primary: #ad1457;");
            assertThat(rest2.get(realmUrl2 + "/ciam-consent/purposes").expect(200).json().get(0).at("/title/pt-BR").asText())
                    .isEqualTo("Boletim semanal");
            assertThat(admin2.realm(REALM).localization().getRealmLocalizationTexts("pt-BR", false))
                    .containsEntry("ciam-profile.benefit.homeType", "Para acertar no tamanho.");
            assertThat(rest2.get(realmUrl2 + "/authentication/required-actions/ciam-progressive-profile/config").json()
                    .at("/config/policy").asText()).contains("\"benefit\":\"ciam-profile.benefit.homeType\"");
            assertThat(pageItems(rest2, nodes.get(1), "ciam-consent-purposes").get(0).at("/config/title/0").asText())
                    .as("node 2's page shows it too").contains("Boletim semanal");
            try {
                signInOnNodeTwoShowsAllThree(admin);
            } finally {
                // The other tests sign bob in without questions, consent or the pack's theme.
                admin.realm(REALM).flows().removeRequiredAction("ciam-progressive-profile");
                admin.realm(REALM).flows().getRequiredActions().stream().filter(a -> a.getAlias().equals("ciam-consent"))
                        .findAny().ifPresent(a -> admin.realm(REALM).flows().removeRequiredAction("ciam-consent"));
                RealmRepresentation plain = admin.realm(REALM).toRepresentation();
                plain.setLoginTheme(null);
                plain.setInternationalizationEnabled(false);
                admin.realm(REALM).update(plain);
            }
        }
    }

    /**
     * A fresh browser signs in, in Portuguese, with every request served by node 2: the cluster's shared
     * {@code --hostname} names node 1 in every address it writes, so the browser goes through a proxy that sends
     * node 1's port to node 2. The sign-in page has the brand colour, the consent step the pt-BR title and the
     * question the pt-BR benefit, all saved through node 1.
     */
    private static void signInOnNodeTwoShowsAllThree(Keycloak admin) {
        RealmRepresentation branded = admin.realm(REALM).toRepresentation();
        branded.setLoginTheme("ciam");
        branded.setInternationalizationEnabled(true);
        branded.setSupportedLocales(java.util.Set.of("en", "pt-BR"));
        branded.setDefaultLocale("en");
        admin.realm(REALM).update(branded);
        var consent = new org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation();
        consent.setProviderId("ciam-consent");
        consent.setName("CIAM consent");
        admin.realm(REALM).flows().registerRequiredAction(consent);
        for (String action : List.of("ciam-consent", "ciam-progressive-profile")) {
            var enabled = admin.realm(REALM).flows().getRequiredAction(action);
            enabled.setEnabled(true);
            admin.realm(REALM).flows().updateRequiredAction(action, enabled);
        }
        // Consent first, then the question (registered earlier, it would come first).
        admin.realm(REALM).flows().raiseRequiredActionPriority("ciam-consent");
        admin.realm(REALM).users().create(Users.withPassword("lia", "lia@ciam.test", "Lia", "Lima", "Lia-Passw0rd!"))
                .close();
        int node1 = URI.create(nodes.get(0).baseUrl()).getPort();
        int node2 = URI.create(nodes.get(1).baseUrl()).getPort();
        try (NodeProxy proxy = NodeProxy.start(node1, node2)) {
            ChromeDriver driver = Chromium.startBehind(proxy);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                wait.withMessage(() -> {
                    String body = driver.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ");
                    return "at " + driver.getCurrentUrl() + ": " + body.substring(0, Math.min(300, body.length()))
                            + (driver.findElements(By.id("kc-login")).isEmpty() ? "" : ", button colour "
                            + driver.findElement(By.id("kc-login")).getCssValue("background-color"))
                            + "; through the proxy to node 2: " + proxy.requests();
                });
                OidcLogin login = new OidcLogin(new BrowserClient(), nodes.get(0).baseUrl() + "/realms/" + REALM, "app",
                        callback.redirectUri());
                driver.get(login.authorizationUri(Map.of("ui_locales", "pt-BR")).toString());
                wait.until(d -> d.findElements(By.id("kc-login")).size() == 1 && d.findElement(By.id("kc-login"))
                        .getCssValue("background-color").equals("rgba(173, 20, 87, 1)"));
                new LoginPage(driver).signIn("lia", "Lia-Passw0rd!");
                ConsentPage page = new ConsentPage(driver);
                wait.until(d -> page.isShown());
                assertThat(page.purposeTitles()).containsExactly("Boletim semanal");
                page.tick("newsletter").save();
                wait.until(d -> !d.findElements(By.id("benefit-homeType")).isEmpty());
                assertThat(driver.findElement(By.id("benefit-homeType")).getText()).isEqualTo("Para acertar no tamanho.");
            } finally {
                driver.quit();
            }
            assertThat(proxy.requests()).as("the sign-in page, its form post and the consent step went to node 2")
                    .anyMatch(r -> r.startsWith("GET /realms/" + REALM + "/protocol/openid-connect/auth"))
                    .anyMatch(r -> r.startsWith("POST /realms/" + REALM + "/login-actions/authenticate"))
                    .anyMatch(r -> r.startsWith("POST /realms/" + REALM + "/login-actions/required-action"));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    @DisplayName("the sinks page's status line follows the outbox without a save: written by the nodes' refresh, read on either")
    void sinkStatusLineRefreshedByTheNodes() throws Exception {
        try (Keycloak admin = nodes.get(0).newAdminClient(); Keycloak admin2 = nodes.get(1).newAdminClient()) {
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            Rest rest2 = new Rest(() -> admin2.tokenManager().getAccessTokenString());
            rest.put(nodes.get(0).baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks", "[{\"id\": \"probe\", "
                    + "\"url\": \"" + receiver.url("/probe") + "\", \"secrets\": [\""
                    + dev.ciampack.events.webhook.StandardWebhooks.newSecret() + "\"], \"events\": [\"user.logged_in\"]"
                    + Deliveries.NOT_CONSENT + "}]").expect(200);
            Await.Probe<String> line = () -> pageItems(rest2, nodes.get(1), "ciam-event-sinks").get(0)
                    .at("/config/status/0").asText();
            assertThat(Await.until(line, "nothing pending"::equals, Duration.ofSeconds(30))).isEqualTo("nothing pending");

            receiver.answer("/probe", 503, 503, 503, 503, 503);
            passwordGrant(nodes.get(1), "bob", "Bob-Passw0rd!");
            Await.Probe<String> onNode1 = () -> pageItems(rest, nodes.get(0), "ciam-event-sinks").get(0)
                    .at("/config/status/0").asText();
            assertThat(Await.until(onNode1, l -> l.startsWith("1 pending"), Duration.ofSeconds(30)))
                    .contains("last error:");
        }
    }

    /** A password-grant sign-in served by {@code node} (a LOGIN event there); fails unless it succeeds. */
    private static void passwordGrant(KeycloakServer node, String username, String password) throws Exception {
        String form = "grant_type=password&client_id=app&scope=openid&username="
                + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8) + "&password="
                + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + "/realms/" + REALM
                                + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("password grant on %s: %s", node.baseUrl(), response.body()).isEqualTo(200);
    }

    /** This node's {@code ciam_} metric lines (for failure messages). */
    private static String ciamMetrics(KeycloakServer node) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(node.managementUrl() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().lines()
                .filter(l -> l.startsWith("ciam_")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Rows this node delivered to the realm's sink, from its own metrics. */
    /** The test probe's {@code login-event} with an event id handed to the listener {@code times} times, on one node. */
    private static int probeLoginEvent(KeycloakServer node, String userId, String eventId, int times) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        node.baseUrl() + "/realms/" + REALM + "/ciam-test-probe/login-event?user=" + userId + "&event-id="
                                + eventId + "&times=" + times))
                .header("X-Probe-Token", dev.ciampack.testsuite.server.HarnessSettings.probeToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long delivered(KeycloakServer node) throws Exception {
        return Deliveries.deliveriesCounted(node.managementUrl(), REALM, "crm", "delivered");
    }

    @Test
    @DisplayName("20 requests at once for one address, split over both nodes and 20 networks, send exactly its hourly ceiling (10)")
    void parallelSendsOverBothNodesNeverPassTheCeiling() throws Exception {
        List<String> pages = new ArrayList<>();
        try (Keycloak admin = nodes.get(0).newAdminClient()) {
            var realm = admin.realm(REALM);
            RealmRepresentation rep = realm.toRepresentation();
            // The client addresses are public ones (X-Forwarded-For) and the nodes speak plain HTTP.
            rep.setSslRequired("none");
            rep.setSmtpServer(new HashMap<>(Map.of("host", "127.0.0.1", "port", String.valueOf(mail.getSmtp().getPort()),
                    "from", "noreply@ciam.test")));
            realm.update(rep);
            realm.users().create(Users.withPassword("para", "para@ciam.test", "Para", "Lel", "Para-Passw0rd!")).close();
            String flow = Flows.create(realm, "codes", List.of(
                    new Flows.Step("ciam-email-code", "REQUIRED",
                            Map.of("resend-cooldown", "10"))));
            ClientRepresentation codes = new ClientRepresentation();
            codes.setClientId("codes");
            codes.setPublicClient(true);
            codes.setRedirectUris(List.of(callback.redirectUri()));
            codes.setAuthenticationFlowBindingOverrides(Map.of("browser", flow));
            realm.clients().create(codes).close();
        }
        CyclicBarrier start = new CyclicBarrier(20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                KeycloakServer node = nodes.get(i % 2);
                var identify = new OidcLogin(new BrowserClient().forwardedFor("192.0.2." + (10 + i)),
                        node.baseUrl() + "/realms/" + REALM, "codes", callback.redirectUri()).start()
                        .form("#ciam-email-code-identify-form").set("email", "para@ciam.test");
                calls.add(pool.submit(() -> {
                    start.await(20, TimeUnit.SECONDS);
                    return identify.submit().body();
                }));
            }
            for (var call : calls) {
                pages.add(call.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Mailbox mailbox = new Mailbox(mail);
        Await.until(() -> mailbox.to("para@ciam.test"), m -> m.size() >= 10,
                Duration.ofSeconds(10));
        Await.unchangedFor(() -> mailbox.to("para@ciam.test").size(),
                Duration.ofSeconds(2), "mails to para");

        assertThat(mailbox.to("para@ciam.test")).hasSize(10);
        assertThat(pages).filteredOn(p -> p.contains("Too many codes were requested")).hasSize(10);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("a stopped node leaves no JVM and no open port, and the other node keeps serving its sessions")
    void stoppedNodeLeavesNothingBehind() {
        OidcLogin onNode1 = new OidcLogin(new BrowserClient(), nodes.get(0).baseUrl() + "/realms/" + REALM,
                "app", callback.redirectUri());
        Tokens tokens = onNode1.passwordLogin("bob", "Bob-Passw0rd!");
        KeycloakServer node2 = nodes.get(1);
        ProcessHandle jvm = node2.serverJvm().orElseThrow();

        node2.stop();

        assertThat(jvm.isAlive()).isFalse();
        assertThat(node2.isAlive()).isFalse();
        assertThat(Ports.inUse(node2.config().httpPort())).isFalse();
        assertThat(Ports.inUse(node2.config().managementPort())).isFalse();
        assertThat(onNode1.refresh(tokens).accessToken()).isNotBlank();
    }

    private static RealmRepresentation realm() {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(REALM);
        realm.setEnabled(true);
        realm.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        UserRepresentation bob = Users.withPassword("bob", "bob@ciam.test", "Bob", "Builder", "Bob-Passw0rd!");
        realm.setUsers(new ArrayList<>(List.of(bob)));
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId("app");
        app.setPublicClient(true);
        app.setStandardFlowEnabled(true);
        // The events test signs in with the password grant: its request is served by the node it is sent to
        // (a browser form posts to the shared --hostname, that is node 1).
        app.setDirectAccessGrantsEnabled(true);
        app.setRedirectUris(List.of(callback.redirectUri()));
        app.setAttributes(new HashMap<>(Map.of("pkce.code.challenge.method", "S256")));
        realm.setClients(new ArrayList<>(List.of(app)));
        return realm;
    }
}

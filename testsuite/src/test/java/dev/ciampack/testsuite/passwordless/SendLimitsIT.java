package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * Send limits stop abuse without stopping the owner: a person signs in again and again (each success gives its
 * sends back), a stranger from another network cannot use up a person's sends or lock their account, parallel
 * requests never pass a ceiling, one network cannot mail many addresses, and waits are said in minutes. Client
 * addresses are set with X-Forwarded-For, which the shared test server trusts from loopback.
 */
class SendLimitsIT {

    private static final String PASSWORD = "unused-Passw0rd!";
    private static final String JANES_NETWORK = "203.0.113.10";
    private static final String STRANGERS_NETWORK = "198.51.100.66";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> {
        // The client addresses of these tests are public ones (X-Forwarded-For): no HTTPS on the test server.
        r.setSslRequired("none");
        r.setBruteForceProtected(true);
        r.setFailureFactor(3);
        r.setPermanentLockout(false);
    });

    @BeforeAll
    static void emailCodeFlow() {
        flow(Map.of());
    }

    /** Email code as the first step, the defaults of the limits except a 10-second cooldown (its minimum). */
    private static void flow(Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("resend-cooldown", "10"));
        config.putAll(extra);
        Flows.browserFlow(realm.admin(), "limits-" + config.hashCode(), List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"), new Flows.Step("ciam-email-code", "ALTERNATIVE", config)));
    }

    private static Page identify(OidcLogin login, String email) {
        return login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
    }

    private static Page submit(Page page, String code) {
        return page.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");
    }

    private static String nextCode(String email, int seen) {
        return Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
    }

    /** A whole sign-in by email code from {@code network}; the tokens. */
    private static Tokens signIn(String email, String network) {
        int seen = realm.mailbox().to(email).size();
        OidcLogin login = realm.newLoginFrom(network);
        Page codePage = identify(login, email);
        return login.finish(submit(codePage, nextCode(email, seen)));
    }

    /** The page's alert (error or info), or its title when it has none: what a person reads first. */
    private static String message(String body) {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body);
        org.jsoup.nodes.Element alert = page.selectFirst(".pf-v5-c-alert__title, .alert, #input-error, [role=alert]");
        if (alert != null) {
            return alert.text();
        }
        org.jsoup.nodes.Element form = page.selectFirst("form[id]");
        return form != null ? "#" + form.id() : page.title();
    }

    @Test
    @DisplayName("the owner signs in six times in a row, well within the window, without a refusal or a wait")
    void ownerSignsInAgainAndAgain() {
        String ada = realm.createUser("ada", PASSWORD);
        List<String> subjects = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            subjects.add(String.valueOf(signIn("ada@ciam.test", JANES_NETWORK).idClaims().get("sub")));
        }

        assertThat(subjects).hasSize(6).containsOnly(ada);
        assertThat(realm.mailbox().to("ada@ciam.test")).hasSize(6);
    }

    @Test
    @DisplayName("a stranger's 20 requests for jane's address from another network send at most its budget and do not stop jane")
    void strangerCannotUseUpJanesSends() {
        String jane = realm.createUser("jane", PASSWORD);
        List<String> strangerPages = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            strangerPages.add(identify(realm.newLoginFrom(STRANGERS_NETWORK), "jane@ciam.test").body());
        }
        int strangersMails = realm.mailbox().to("jane@ciam.test").size();
        Tokens janes = signIn("jane@ciam.test", JANES_NETWORK);

        assertThat(strangersMails).as("the cooldown, then the per-network budget").isBetween(1, 3);
        assertThat(strangerPages).as("refused, in minutes").anyMatch(p -> p.contains("Please wait a minute before asking "
                + "for a new code.") || p.contains("Too many codes were requested. Try again in"));
        assertThat(strangerPages).noneMatch(p -> p.matches("(?s).*\\d+ seconds.*"));
        assertThat(janes.idClaims()).containsEntry("sub", jane);
    }

    @Test
    @DisplayName("20 requests at once for one address from 20 networks send exactly the address's hourly ceiling (10)")
    void parallelRequestsNeverPassTheCeiling() throws Exception {
        realm.createUser("para", PASSWORD);
        CyclicBarrier start = new CyclicBarrier(20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<String> pages = new ArrayList<>();
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                OidcLogin login = realm.newLoginFrom("192.0.2." + (10 + i));
                Page identifyPage = login.start();
                calls.add(pool.submit(() -> {
                    start.await(20, TimeUnit.SECONDS);
                    return identifyPage.form("#ciam-email-code-identify-form").set("email", "para@ciam.test").submit()
                            .body();
                }));
            }
            for (Future<String> call : calls) {
                pages.add(call.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<?> mails = Await.until(() -> realm.mailbox().to("para@ciam.test"), m -> m.size() >= 10, Duration.ofSeconds(10));
        Await.unchangedFor(() -> realm.mailbox().to("para@ciam.test").size(), Duration.ofSeconds(2), "mails to para");

        List<String> messages = pages.stream().map(SendLimitsIT::message).toList();
        assertThat(mails).as("mails; the pages said %s", messages).hasSize(10);
        assertThat(messages).filteredOn(m -> m.contains("Too many codes were requested")).hasSize(10);
    }

    @Test
    @DisplayName("after strangers from 12 networks used up an address's hourly ceiling, its owner still signs in from "
            + "the network they signed in from before")
    void ceilingDoesNotStopTheOwner() {
        String olga = realm.createUser("olga", PASSWORD);
        signIn("olga@ciam.test", JANES_NETWORK);
        List<String> strangers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            strangers.add(identify(realm.newLoginFrom("192.0.2." + (100 + i)), "olga@ciam.test").body());
        }

        Tokens owners = signIn("olga@ciam.test", JANES_NETWORK);

        assertThat(strangers).as("the ceiling (10) is reached").filteredOn(p -> p.contains("Too many codes were requested"))
                .hasSize(2);
        assertThat(owners.idClaims()).containsEntry("sub", olga);
    }

    @Test
    @DisplayName("one network asking for 50 addresses is stopped at its hourly ceiling (10), known and unknown alike")
    void oneNetworkManyAddresses() {
        for (int i = 0; i < 5; i++) {
            realm.createUser("many" + i, PASSWORD);
        }
        List<String> pages = new ArrayList<>();

        for (int i = 0; i < 45; i++) {
            pages.add(identify(realm.newLoginFrom("198.51.100.45"), "nobody" + i + "@ciam.test").body());
        }
        for (int i = 0; i < 5; i++) {
            pages.add(identify(realm.newLoginFrom("198.51.100.45"), "many" + i + "@ciam.test").body());
        }
        Tokens control = signIn("many0@ciam.test", JANES_NETWORK);

        assertThat(pages).filteredOn(p -> p.contains("Too many codes were requested")).hasSize(40);
        assertThat(pages.subList(0, 10)).noneMatch(p -> p.contains("Too many codes were requested"));
        for (int i = 0; i < 5; i++) {
            assertThat(realm.mailbox().to("many" + i + "@ciam.test")).as("many%d, after the ceiling", i)
                    .hasSize(i == 0 ? 1 : 0);
        }
        assertThat(control.accessToken()).as("control: another network reaches many0").isNotBlank();
    }

    @Test
    @DisplayName("a stranger's wrong codes neither lock the account nor, past the network's ceiling, get compared")
    void strangersGuessesDoNotLockTheOwner() {
        String bob = realm.createUser("bob", PASSWORD);
        List<String> answers = new ArrayList<>();
        Page codePage = identify(realm.newLoginFrom("198.51.100.77"), "bob@ciam.test");
        for (int guess = 0; guess < 4; guess++) {
            codePage = submit(codePage, "00000" + guess);
            answers.add(codePage.body());
        }
        var status = realm.admin().attackDetection().bruteForceUserStatus(bob);
        Tokens bobs = signIn("bob@ciam.test", JANES_NETWORK);

        assertThat(status.get("numFailures")).as("4 wrong codes (the realm locks after 3) do not feed the account lockout")
                .isEqualTo(0);
        assertThat(status.get("disabled")).isEqualTo(false);
        assertThat(bobs.idClaims()).containsEntry("sub", bob);
        assertThat(answers).anyMatch(p -> p.contains("That code is not right"));
    }

    @Test
    @DisplayName("a network past its wrong-code ceiling is refused in minutes, in Portuguese too; another network is not")
    void wrongCodeCeilingPerNetwork() {
        flow(Map.of("max-wrong-codes-per-client", "5"));
        try {
            realm.createUser("cleo", PASSWORD);
            realm.createUser("cleo2", PASSWORD);
            Page codePage = identify(realm.newLoginFrom("198.51.100.88"), "cleo@ciam.test");
            for (int i = 0; i < 4; i++) {
                codePage = submit(codePage, "00000" + i);
            }
            // The same network, another person's code: the ceiling counts the network's wrong codes over all codes.
            OidcLogin portuguese = new OidcLogin(new dev.ciampack.testsuite.http.BrowserClient().forwardedFor("198.51.100.88")
                    .acceptLanguage("pt-BR"), realm.url(), TestRealm.CLIENT_ID, realm.redirectUri());
            Page second = identify(portuguese, "cleo2@ciam.test");
            Page fifth = submit(second, "000004");
            Page sixth = submit(fifth, "000005");
            Tokens control = signIn("cleo@ciam.test", JANES_NETWORK);

            assertThat(sixth.body()).contains("Foram digitados c\u00f3digos errados demais a partir da sua rede. "
                    + "Tente de novo em").containsPattern("em \\d+ minutos?\\.");
            assertThat(control.accessToken()).isNotBlank();
        } finally {
            flow(Map.of());
        }
    }

    /** A wrong password for {@code username} through admin-cli's password grant, as anyone on the internet can send. */
    private static HttpResponse<String> wrongPasswordGrant(String username) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=wrong-" + System.nanoTime();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realm.url()
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Locks {@code username}'s account the way a stranger can: wrong passwords until Keycloak's lockout holds. */
    private static void lockOutWithPasswords(String userId, String username) throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = wrongPasswordGrant(username);
            assertThat(refused.body()).as("HTTP %d", refused.statusCode()).contains("invalid_grant");
        }
        assertThat(realm.admin().attackDetection().bruteForceUserStatus(userId).get("disabled"))
                .as("Keycloak's lockout holds the account").isEqualTo(true);
    }

    @Test
    @DisplayName("a stranger's wrong passwords on any client lock the account in Keycloak, but not its owner's sign-in "
            + "by code: the code arrives and signs them in")
    void passwordFailuresDoNotSilenceCodes() throws Exception {
        String lena = realm.createUser("lena", PASSWORD);
        lockOutWithPasswords(lena, "lena");

        Tokens lenas = signIn("lena@ciam.test", JANES_NETWORK);

        assertThat(lenas.idClaims()).containsEntry("sub", lena);
        assertThat(realm.admin().attackDetection().bruteForceUserStatus(lena).get("disabled"))
                .as("the password route stays locked").isEqualTo(true);
    }

    @Test
    @DisplayName("sharing Keycloak's lockout (opt-in), a locked person gets no code but a mail in their language saying "
            + "sign-in is paused; the page says what it says for any address; once unlocked, the code signs them in")
    void sharedLockoutTellsTheTruthByMail() throws Exception {
        flow(Map.of("brute-force-lockout", "true"));
        try {
            String lars = realm.createUser("lars", PASSWORD);
            var larsUser = realm.admin().users().get(lars);
            var representation = larsUser.toRepresentation();
            representation.singleAttribute("locale", "pt-BR");
            larsUser.update(representation);
            lockOutWithPasswords(lars, "lars");

            String larsPage = message(identify(realm.newLoginFrom(JANES_NETWORK), "lars@ciam.test").body());
            String nobodysPage = message(identify(realm.newLoginFrom(JANES_NETWORK), "nobody-lars@ciam.test").body());
            var notice = realm.mailbox().awaitNext("lars@ciam.test", 0, Duration.ofSeconds(10));
            String text = Mailbox.text(notice);

            assertThat(larsPage).isEqualTo(nobodysPage);
            assertThat(notice.getSubject()).startsWith("O acesso a").contains("est\u00e1 pausado");
            assertThat(text).contains("Nenhum c\u00f3digo ou link foi enviado", "Voc\u00ea poder\u00e1 entrar de novo em")
                    .doesNotContainPattern("\\b\\d{6}\\b");

            realm.admin().attackDetection().clearBruteForceForUser(lars);
            // From another network: the notice took this network's send cooldown for lars's address.
            Tokens larss = signIn("lars@ciam.test", "203.0.113.11");
            assertThat(larss.idClaims()).containsEntry("sub", lars);
        } finally {
            flow(Map.of());
        }
    }

    @Test
    @DisplayName("every IPv6 address of one /64 is one network: its 11th request in the hour is refused, while the next "
            + "/64 is not")
    void ipv6CountsPerSlash64() {
        List<String> sameSlash64 = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            sameSlash64.add(message(identify(realm.newLoginFrom("2001:db8:64:1::" + Integer.toHexString(100 + i)),
                    "v6-" + i + "@ciam.test").body()));
        }
        String nextSlash64 = message(identify(realm.newLoginFrom("2001:db8:64:2::1"), "v6-next@ciam.test").body());

        assertThat(sameSlash64.subList(0, 10)).noneMatch(m -> m.contains("Too many codes were requested"));
        assertThat(sameSlash64.get(10)).contains("Too many codes were requested");
        assertThat(nextSlash64).doesNotContain("Too many codes were requested");
    }
}

package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.TestRealm;

class ConsentSelfServiceIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void setUp() {
        // The most permissive profile setting: undeclared attributes are editable by users and admins.
        // Consent attributes must stay protected by their own declaration even then.
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.admin().users().userProfile().update(profile);
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        // Tokens of these two clients may record decisions (ConsentChannelsIT: others may not).
        ClientScopes.consent(realm.admin(), true, TestRealm.CLIENT_ID, "account-console");
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("UPDATE_CONSENT", "LOGIN"));
        realm.admin().updateRealmEventsConfig(events);
    }

    private static Rest as(String username, String password) {
        return Rest.bearer(realm.newLogin().passwordLogin(username, password).accessToken());
    }

    private static String me() {
        return realm.url() + "/ciam-consent/me";
    }

    @Test
    @DisplayName("a person grants and withdraws with one call each; state, attribute, ledger and event agree")
    void grantAndWithdraw() throws Exception {
        String userId = realm.createUser("grace", "Grace-Passw0rd!");
        Rest grace = as("grace", "Grace-Passw0rd!");

        JsonNode before = grace.get(me()).expect(200).json();
        JsonNode granted = grace.put(me() + "/marketing_email", Map.of("decision", "granted")).expect(200).json();
        JsonNode withdrawn = grace.put(me() + "/marketing_email", Map.of("decision", "withdrawn")).expect(200).json();

        assertThat(before).hasSize(2).allSatisfy(c -> {
            assertThat(c.hasNonNull("decision")).as("no decision yet").isFalse();
            assertThat(c.get("needsDecision").asBoolean()).isTrue();
            assertThat(c.get("mayUse").asBoolean()).isFalse();
        });
        assertThat(granted.get("decision").asText()).isEqualTo("granted");
        assertThat(granted.get("mayUse").asBoolean()).isTrue();
        assertThat(withdrawn.get("decision").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.get("mayUse").asBoolean()).isFalse();

        UserRepresentation stored = realm.admin().users().get(userId).toRepresentation();
        assertThat(stored.getAttributes().get("ciam_consent_marketing_email").get(0)).startsWith("withdrawn|1|");

        JsonNode history = grace.get(me() + "/history").expect(200).json();
        assertThat(history).hasSize(2);
        JsonNode first = history.get(0);
        assertThat(first.get("sequence").asLong()).isEqualTo(1);
        assertThat(first.get("decision").asText()).isEqualTo("granted");
        assertThat(first.get("channel").asText()).isEqualTo("api");
        assertThat(first.get("clientId").asText()).isEqualTo(TestRealm.CLIENT_ID);
        assertThat(first.get("actorId").asText()).isEqualTo(userId);
        assertThat(first.get("ipPrefix").asText()).isEqualTo("127.0.0.0/24");
        assertThat(first.get("userAgent").asText()).startsWith("ciam-pack-testsuite/1.0");
        assertThat(first.get("locale").asText()).isEqualTo("en");
        assertThat(first.get("textHash").asText()).isEqualTo(sha256(
                "Marketing emails\nNews and offers about our products by email."));
        assertThat(history.get(1).get("sequence").asLong()).isEqualTo(2);

        List<EventRepresentation> events = realm.admin().getEvents(List.of("UPDATE_CONSENT"), null, userId,
                null, null, null, 0, 10);
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> e.getDetails().get("ciam_consent_decision"))
                .containsExactlyInAnyOrder("granted", "withdrawn");
        assertThat(events.get(0).getDetails()).containsEntry("ciam_consent_purpose", "marketing_email")
                .containsEntry("ciam_consent_channel", "api").containsEntry("ciam_consent_version", "1");
    }

    @Test
    @DisplayName("the notice is hashed in the language it was shown in")
    void hashFollowsLanguage() throws Exception {
        realm.createUser("joao", "Joao-Passw0rd!");
        Rest joao = as("joao", "Joao-Passw0rd!");

        joao.put(me() + "/personalization", Map.of("decision", "granted", "locale", "pt-BR")).expect(200);

        JsonNode row = joao.get(me() + "/history").json().get(0);
        assertThat(row.get("locale").asText()).isEqualTo("pt-BR");
        assertThat(row.get("textHash").asText()).isEqualTo(sha256(
                "Personalização\nSugestões com base no que você vê e compra."));
    }

    @Test
    @DisplayName("without a valid user token the API answers 401 and changes nothing")
    void unauthenticatedIsRejected() {
        String userId = realm.createUser("ursula", "Ursula-Passw0rd!");
        String valid = realm.newLogin().passwordLogin("ursula", "Ursula-Passw0rd!").accessToken();
        String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
        Map<String, String> grant = Map.of("decision", "granted");

        assertThat(Rest.anonymous().get(me()).status()).isEqualTo(401);
        assertThat(Rest.bearer("not-a-token").get(me()).status()).isEqualTo(401);
        assertThat(Rest.anonymous().put(me() + "/marketing_email", grant).status()).isEqualTo(401);
        assertThat(Rest.bearer(tampered).get(me()).status()).isEqualTo(401);
        assertThat(Rest.bearer("not-a-token").put(me() + "/marketing_email", grant).status()).isEqualTo(401);
        assertThat(Rest.bearer(tampered).put(me() + "/marketing_email", grant).status()).isEqualTo(401);

        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200)
                .json()).as("no ledger row").isEmpty();
        UserRepresentation stored = realm.admin().users().get(userId).toRepresentation();
        assertThat(stored.getAttributes() == null ? Map.of() : stored.getAttributes()).as("no consent attribute")
                .doesNotContainKey("ciam_consent_marketing_email");
        // Control: the same call with the untampered token records the decision.
        assertThat(Rest.bearer(valid).put(me() + "/marketing_email", grant).status()).isEqualTo(200);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200)
                .json()).hasSize(1);
        assertThat(realm.admin().users().get(userId).toRepresentation().getAttributes().get("ciam_consent_marketing_email"))
                .singleElement().asString().startsWith("granted|1|");
    }

    @Test
    @DisplayName("unknown purposes are 404 and malformed bodies 400, with a reason")
    void badRequests() {
        Rest alice = as(TestRealm.USERNAME, TestRealm.PASSWORD);

        Rest.Response unknown = alice.put(me() + "/no_such_purpose", Map.of("decision", "granted"));
        Rest.Response maybe = alice.put(me() + "/marketing_email", Map.of("decision", "maybe"));
        Rest.Response notJson = alice.put(me() + "/marketing_email", "[1,2]");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown_purpose");
        assertThat(maybe.status()).isEqualTo(400);
        assertThat(maybe.json().get("error_description").asText()).contains("not 'maybe'");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a person cannot set consent attributes through the account API")
    void accountApiCannotChangeConsent() {
        String userId = realm.createUser("mallory", "Mallory-Passw0rd!");
        var login = realm.newLogin();
        String token = new dev.ciampack.testsuite.http.OidcLogin(login.browser(), realm.url(), "account-console",
                realm.url() + "/account/").passwordLogin("mallory", "Mallory-Passw0rd!").accessToken();
        Rest account = Rest.bearer(token);
        JsonNode me = account.get(realm.url() + "/account/").expect(200).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) me).putObject("attributes")
                .putArray("ciam_consent_marketing_email").add("granted|1|2026-01-01T00:00:00Z");

        Rest.Response update = account.post(realm.url() + "/account/", me);

        UserRepresentation stored = realm.admin().users().get(userId).toRepresentation();
        assertThat(stored.getAttributes() == null ? Map.of() : stored.getAttributes())
                .doesNotContainKey("ciam_consent_marketing_email");
        assertThat(update.status()).isIn(204, 400);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").json())
                .isEmpty();
    }

    @Test
    @DisplayName("an administrator cannot set consent attributes through the user API either")
    void adminUserApiCannotChangeConsent() {
        String userId = realm.createUser("oscar", "Oscar-Passw0rd!");
        Rest oscar = as("oscar", "Oscar-Passw0rd!");
        oscar.put(me() + "/personalization", Map.of("decision", "withdrawn")).expect(200);
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        user.getAttributes().put("ciam_consent_personalization", List.of("granted|1|2026-01-01T00:00:00Z"));

        try {
            realm.admin().users().get(userId).update(user);
        } catch (jakarta.ws.rs.BadRequestException expected) {
            // read-only attribute: refused
        }

        assertThat(realm.admin().users().get(userId).toRepresentation().getAttributes()
                .get("ciam_consent_personalization").get(0)).startsWith("withdrawn|1|");
    }

    @Test
    @DisplayName("one person's token cannot read or change another person's consents")
    void noCrossUserAccess() {
        String victim = realm.createUser("victor", "Victor-Passw0rd!");
        Rest attacker = as(TestRealm.USERNAME, TestRealm.PASSWORD);

        assertThat(attacker.get(realm.adminUrl() + "/ciam-consent/users/" + victim).status()).isEqualTo(403);
        assertThat(attacker.get(realm.adminUrl() + "/ciam-consent/users/" + victim + "/history").status()).isEqualTo(403);
        assertThat(attacker.put(realm.adminUrl() + "/ciam-consent/users/" + victim + "/marketing_email",
                Map.of("decision", "granted")).status()).isEqualTo(403);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + victim + "/history").json())
                .isEmpty();
    }

    @Test
    @DisplayName("concurrent grants and withdrawals from two clients leave a complete, gapless history")
    void concurrentDecisions() throws Exception {
        String userId = realm.createUser("carol", "Carol-Passw0rd!");
        Rest fromApp = as("carol", "Carol-Passw0rd!");
        Rest fromConsole = Rest.bearer(new dev.ciampack.testsuite.http.OidcLogin(
                new dev.ciampack.testsuite.http.BrowserClient(), realm.url(), "account-console",
                realm.url() + "/account/").passwordLogin("carol", "Carol-Passw0rd!").accessToken());
        int perClient = 15;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < perClient; i++) {
                calls.add(pool.submit(() -> fromApp.put(me() + "/marketing_email", Map.of("decision", "granted")).status()));
                calls.add(pool.submit(() -> fromConsole.put(me() + "/marketing_email", Map.of("decision", "withdrawn")).status()));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode history = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history")
                .expect(200).json();
        assertThat(history).hasSize(2 * perClient);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).get("sequence").asLong()).isEqualTo(i + 1);
        }
        assertThat(history).filteredOn(r -> r.get("clientId").asText().equals("account-console")).hasSize(perClient);
        String last = history.get(history.size() - 1).get("decision").asText();
        assertThat(currentDecision(userId, "marketing_email")).as("the current decision is the ledger's last")
                .isEqualTo(last);
        assertThat(realm.admin().users().get(userId).toRepresentation().getAttributes()
                .get("ciam_consent_marketing_email")).as("the user attribute mirrors the last ledger row")
                .singleElement().asString().startsWith(last + "|1|").endsWith("|" + history.size());
    }

    @Test
    @DisplayName("two first decisions racing on a new user still leave exactly one current value")
    void racingFirstDecisions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                String name = "racer" + round;
                String userId = realm.createUser(name, "Racer-Passw0rd!");
                Rest racer = as(name, "Racer-Passw0rd!");
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String decision = i % 2 == 0 ? "granted" : "withdrawn";
                    calls.add(pool.submit(() -> racer.put(me() + "/personalization", Map.of("decision", decision)).status()));
                }
                for (Future<Integer> call : calls) {
                    assertThat(call.get()).isEqualTo(200);
                }
                JsonNode history = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").json();
                assertThat(currentDecision(userId, "personalization")).as(name)
                        .isEqualTo(history.get(history.size() - 1).get("decision").asText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("browser apps get CORS answers only for their client's web origins; the public notices for any origin")
    void cors() throws Exception {
        String token = realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD).accessToken();
        String appOrigin = java.net.URI.create(realm.redirectUri()).resolve("/").toString().replaceAll("/$", "");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        java.net.http.HttpResponse<String> preflight = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(me() + "/marketing_email")).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", appOrigin).header("Access-Control-Request-Method", "PUT").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> fromApp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(me()))
                .header("Authorization", "Bearer " + token).header("Origin", appOrigin).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> fromElsewhere = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(me()))
                .header("Authorization", "Bearer " + token).header("Origin", "http://evil.example").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> notices = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(realm.url() + "/ciam-consent/purposes")).header("Origin", "http://any.example").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");
        assertThat(fromApp.statusCode()).isEqualTo(200);
        assertThat(fromApp.headers().firstValue("Access-Control-Allow-Origin")).contains(appOrigin);
        assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(notices.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    }

    /** The decision the consent store acts on (read from the database, not Keycloak's user cache). */
    private static String currentDecision(String userId, String purposeId) {
        for (JsonNode consent : realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId).expect(200).json()) {
            if (consent.get("purpose").get("id").asText().equals(purposeId)) {
                return consent.path("decision").asText(null);
            }
        }
        throw new AssertionError("no purpose " + purposeId);
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * What the events say, read from what a sink received after real sign-ins: how a person signed in and whether
 * it opened or reused a session, which attributes a profile update changed (values only where the sink's
 * allow-list has them), every value of a multivalued attribute, and the sign-out, email-verified and
 * identity-linked events. The receiver validates every event against its schema.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RicherEventsIT {

    private static final String PASSWORD = "Richer-Passw0rd!";
    private static final String BROKER_SECRET = "broker-secret-for-richer-events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        r.setEventsEnabled(true);
    });

    private static OidcProviderRealm provider;
    /** Whose event of each type the README shows (type to user id; the ping's subject is its sink). */
    private static final Map<String, String> EXAMPLE_OF = new java.util.concurrent.ConcurrentHashMap<>(
            Map.of("ping", "all"));

    @BeforeAll
    static void setUp() {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute interests = new UPAttribute("interests",
                new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user")));
        interests.setMultivalued(true);
        profile.addOrReplaceAttribute(interests);
        realm.admin().users().userProfile().update(profile);

        ClientRepresentation codes = new ClientRepresentation();
        codes.setClientId("codes");
        codes.setPublicClient(true);
        codes.setRedirectUris(List.of(realm.redirectUri()));
        codes.setAuthenticationFlowBindingOverrides(Map.of("browser", Flows.create(realm.admin(), "code-only",
                List.of(new Flows.Step("ciam-email-code", "REQUIRED", Map.of())))));
        realm.admin().clients().create(codes).close();

        provider = OidcProviderRealm.create(realm, BROKER_SECRET,
                List.of(Users.withPassword("lena", "lena@ciam.test", "Lena", "Link", PASSWORD)));
        Flows.create(realm.admin(), "auto-link", List.of(Flows.Step.of("idp-detect-existing-broker-user", "REQUIRED"),
                Flows.Step.of("idp-auto-link", "REQUIRED")));
        IdentityProviderRepresentation broker = provider.identityProvider(Map.of());
        broker.setTrustEmail(true);
        broker.setFirstBrokerLoginFlowAlias("auto-link");
        realm.admin().identityProviders().create(broker).close();

        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "analytics", "version": 2, "title": {"en": "Analytics"}, "description": {"en": "Usage analytics."}}]""")
                .expect(200);
        // Links a sign-in's anonymous id (user.identified) when analytics is granted; from the plain parameter
        // (opt-in): these tests are about the events, LoginContextIT about which ids are taken.
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", Map.of("anonymous-id-front-channel", "true"))).expect(204);
        String secret = StandardWebhooks.newSecret();
        WebhookDeliveryIT.putSinks(realm, "[{\"id\": \"all\", \"url\": \"" + receiver.url("/all") + "\", \"secrets\": [\""
                + secret + "\"], \"events\": [\"user.registered\", \"user.logged_in\", \"user.profile_updated\", "
                + "\"user.logged_out\", \"user.email_verified\", \"user.identity_linked\"], "
                + "\"attributes\": [\"firstName\", \"interests\"]" + Deliveries.NOT_CONSENT + "}, "
                + "{\"id\": \"narrow\", \"url\": \"" + receiver.url("/narrow") + "\", \"secrets\": [\"" + secret
                + "\"], \"events\": [\"user.profile_updated\"], \"attributes\": [\"locale\"]" + Deliveries.NOT_CONSENT
                + "}, {\"id\": \"choices\", \"url\": \"" + receiver.url("/choices") + "\", \"secrets\": [\"" + secret
                + "\"], \"events\": [\"consent.granted\", \"consent.withdrawn\", \"user.identified\", \"user.deleted\"], "
                + "\"basis\": \"consent\", \"purposes\": [\"analytics\"]}]").expect(200);
    }

    @AfterAll
    static void stop() {
        try {
            if (provider != null) {
                provider.remove();
            }
        } finally {
            receiver.close();
        }
    }

    /** The events about one person a sink received, in arrival order, of the given type. */
    private static List<JsonNode> received(String path, String userId, String type, int atLeast) {
        return dev.ciampack.testsuite.junit.Await.until(() -> {
            List<JsonNode> events = new ArrayList<>();
            for (WebhookReceiver.Request request : receiver.to(path)) {
                JsonNode event = JSON.readTree(request.body());
                if (userId.equals(event.path("subject").asText()) && type.equals(event.path("type").asText())) {
                    events.add(event);
                }
            }
            return events;
        }, events -> events.size() >= atLeast, Duration.ofSeconds(20));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    @DisplayName("a password sign-in says password and new; the same browser's next sign-in says sso; signing out is "
            + "user.logged_out; a multivalued attribute's trait is every value")
    void signInSessionAndSignOut() throws Exception {
        String id = realm.createUser("mia", PASSWORD);
        UserRepresentation mia = realm.admin().users().get(id).toRepresentation();
        mia.setAttributes(new java.util.HashMap<>(mia.getAttributes() == null ? Map.of() : mia.getAttributes()));
        mia.getAttributes().put("interests", List.of("mid-century", "plants"));
        realm.admin().users().get(id).update(mia);

        EXAMPLE_OF.put("user.registered", id);
        EXAMPLE_OF.put("user.logged_in", id);
        EXAMPLE_OF.put("user.logged_out", id);
        OidcLogin browser = realm.newLogin();
        Tokens tokens = browser.passwordLogin("mia", PASSWORD);
        // Keycloak records completions to the second: the reuse must come in a later second to be told apart.
        Thread.sleep(1100);
        browser.finish(browser.start());
        browser.browser().post(URI.create(realm.url() + "/protocol/openid-connect/logout"),
                Map.of("client_id", TestRealm.CLIENT_ID, "refresh_token", tokens.refreshToken()));

        List<JsonNode> logins = received("/all", id, "user.logged_in", 2);
        JsonNode first = logins.get(0).get("data");
        JsonNode second = logins.get(1).get("data");
        assertThat(first.get("method").asText()).isEqualTo("password");
        assertThat(texts(first.get("methods"))).containsExactly("password");
        assertThat(first.get("sessionType").asText()).isEqualTo("new");
        assertThat(texts(first.at("/traits/interests"))).as("every value, in order").containsExactly("mid-century", "plants");
        assertThat(first.at("/traits/firstName").asText()).isEqualTo("Mia");
        assertThat(second.get("method").asText()).isEqualTo("sso");
        assertThat(second.get("sessionType").asText()).isEqualTo("sso");
        assertThat(texts(second.get("methods"))).as("what proved the reused session").containsExactly("password");
        JsonNode out = received("/all", id, "user.logged_out", 1).get(0);
        assertThat(out.get("dataschema").asText()).endsWith("/events/user.logged_out.schema.json");
        assertThat(out.at("/data/traits/firstName").asText()).isEqualTo("Mia");
        assertThat(logins).hasSize(2);
    }

    @Test
    @DisplayName("an email-code sign-in says email_code, and proving an unverified address is user.email_verified")
    void emailCodeAndVerifiedEmail() {
        String id = realm.createUser("noor", PASSWORD);
        UserRepresentation noor = realm.admin().users().get(id).toRepresentation();
        noor.setEmailVerified(false);
        EXAMPLE_OF.put("user.email_verified", id);
        realm.admin().users().get(id).update(noor);

        OidcLogin owner = new OidcLogin(new BrowserClient(), realm.url(), "codes", realm.redirectUri());
        Page codePage = owner.start().form("#ciam-email-code-identify-form").set("email", "noor@ciam.test").submit();
        String code = Mailbox.code(realm.mailbox().awaitNext("noor@ciam.test", 0, Duration.ofSeconds(10)), 6);
        owner.finish(codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify"));

        JsonNode login = received("/all", id, "user.logged_in", 1).get(0).get("data");
        assertThat(login.get("method").asText()).isEqualTo("email_code");
        assertThat(login.get("sessionType").asText()).isEqualTo("new");
        assertThat(received("/all", id, "user.email_verified", 1)).hasSize(1);
        assertThat(realm.admin().users().get(id).toRepresentation().isEmailVerified()).isTrue();
    }

    @Test
    @DisplayName("a profile update through the account API names the changed attributes; old and new values go only "
            + "to a sink whose allow-list has them")
    void profileChanges() {
        String id = realm.createUser("ravi", PASSWORD);
        EXAMPLE_OF.put("user.profile_updated", id);
        OidcLogin console = new OidcLogin(realm.newLogin().browser(), realm.url(), "account-console", realm.url() + "/account/");
        String token = console.finish(console.start().form("#kc-form-login").set("username", "ravi")
                .set("password", PASSWORD).submit()).accessToken();
        Rest account = Rest.bearer(token);
        ObjectNode me = (ObjectNode) account.get(realm.url() + "/account/").expect(200).json();
        me.put("firstName", "Ravindra");
        ((ObjectNode) me.with("attributes")).putArray("interests").add("plants");
        assertThat(account.post(realm.url() + "/account/", me).status()).isEqualTo(204);

        JsonNode all = received("/all", id, "user.profile_updated", 1).stream()
                .filter(e -> e.at("/data/changed").isArray()).findFirst().orElseThrow().get("data");
        assertThat(texts(all.get("changed"))).contains("firstName", "interests");
        assertThat(all.at("/changes/firstName/old").asText()).isEqualTo("Ravi");
        assertThat(all.at("/changes/firstName/new").asText()).isEqualTo("Ravindra");
        assertThat(all.at("/changes/interests/new").asText()).isEqualTo("plants");
        assertThat(texts(all.at("/traits/interests"))).containsExactly("plants");

        JsonNode narrow = received("/narrow", id, "user.profile_updated", 1).stream()
                .filter(e -> e.at("/data/changed").isArray()).findFirst().orElseThrow().get("data");
        assertThat(texts(narrow.get("changed"))).contains("firstName", "interests");
        assertThat(narrow.has("changes")).as("no values outside the allow-list").isFalse();
        assertThat(narrow.toString()).doesNotContain("Ravindra").doesNotContain("plants");
    }

    @Test
    @DisplayName("signing in through an identity provider with an existing account is user.identity_linked, and the "
            + "sign-in says social:<alias>")
    void socialLink() {
        String id = realm.createUser("lena", PASSWORD);
        EXAMPLE_OF.put("user.identity_linked", id);
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));
        login.finish(idpLogin.form("#kc-form-login").set("username", "lena").set("password", PASSWORD).submit());

        JsonNode linked = received("/all", id, "user.identity_linked", 1).get(0).get("data");
        assertThat(linked.get("identityProvider").asText()).isEqualTo("idp");
        assertThat(linked.toString()).as("nothing of the person's account there but the alias")
                .doesNotContain(provider.name() + "/");
        JsonNode signIn = received("/all", id, "user.logged_in", 1).get(0).get("data");
        assertThat(signIn.get("method").asText()).isEqualTo("social:idp");
        assertThat(realm.admin().users().get(id).getFederatedIdentity()).hasSize(1);
    }

    /** Where the examples live, between these markers. */
    private static final java.nio.file.Path README = java.nio.file.Path.of("..", "event-listeners", "README.md");
    private static final String START = "<!-- examples:start (written by RicherEventsIT; -Dciam.update-examples=true) -->";
    private static final String END = "<!-- examples:end -->";

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    @DisplayName("the README's example of every event type is what this run's sinks received (ids and times replaced)")
    void examplesInReadme() throws Exception {
        // One person who does the rest: consent, a stitched anonymous id, an erasure; and a ping.
        String id = realm.createUser("ana", PASSWORD);
        for (String type : List.of("consent.granted", "consent.withdrawn", "user.identified", "user.deleted")) {
            EXAMPLE_OF.put(type, id);
        }
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/analytics",
                Map.of("decision", "granted")).expect(200);
        OidcLogin login = realm.newLogin();
        login.finish(login.start(Map.of("ciam_anonymous_id", "anon-7f3a9c21-5d2e")).form("#kc-form-login")
                .set("username", "ana").set("password", PASSWORD).submit());
        received("/choices", id, "user.identified", 1);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/analytics",
                Map.of("decision", "withdrawn")).expect(200);
        received("/choices", id, "consent.withdrawn", 1);
        realm.admin().users().get(id).remove();
        received("/choices", id, "user.deleted", 1);
        realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/all/ping", "").expect(202);
        dev.ciampack.testsuite.junit.Await.until(() -> receiver.to("/all").stream()
                .anyMatch(r -> r.body().contains("\"type\":\"ping\"")), found -> found, Duration.ofSeconds(20));

        // Per type, the first event (in commit order) of the person chosen above; a profile update that names
        // its changes.
        java.util.TreeMap<String, JsonNode> examples = new java.util.TreeMap<>();
        for (String path : List.of("/all", "/choices")) {
            for (WebhookReceiver.Request request : receiver.to(path)) {
                JsonNode event = JSON.readTree(request.body());
                String type = event.path("type").asText();
                if (!examples.containsKey(type) && event.path("subject").asText().equals(EXAMPLE_OF.get(type))
                        && (!type.equals("user.profile_updated") || event.at("/data/changed").isArray())) {
                    examples.put(type, event);
                }
            }
        }
        Set<String> published = new java.util.TreeSet<>(dev.ciampack.events.sinks.SinksJson.EVENT_TYPES);
        published.add("ping");
        assertThat(examples.keySet()).as("an example of every type (run the whole class)").isEqualTo(published);

        StringBuilder section = new StringBuilder(START).append("\n");
        com.fasterxml.jackson.databind.ObjectWriter pretty = JSON.writerWithDefaultPrettyPrinter();
        for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
            section.append("\n### `").append(example.getKey()).append("`\n\n```json\n")
                    .append(pretty.writeValueAsString(normalized((ObjectNode) example.getValue().deepCopy())))
                    .append("\n```\n");
        }
        section.append("\n").append(END);
        String readme = java.nio.file.Files.readString(README);
        int from = readme.indexOf(START);
        int to = readme.indexOf(END);
        assertThat(from).as("markers in " + README.toAbsolutePath()).isNotNegative();
        assertThat(to).isGreaterThan(from);
        String written = readme.substring(0, from) + section + readme.substring(to + END.length());
        if (Boolean.getBoolean("ciam.update-examples")) {
            java.nio.file.Files.writeString(README, written);
            return;
        }
        assertThat(readme).as("the README's examples are this run's events; to rewrite them run "
                + "mvn verify -pl testsuite -Dit.test=RicherEventsIT -Dtest=none -Dciam.update-examples=true").isEqualTo(written);
    }

    /** An event with its run-specific values (ids, times, server address, realm name) replaced by fixed ones. */
    private static JsonNode normalized(ObjectNode event) {
        String userId = event.at("/data/userId").asText(null);
        event.put("id", "5f0c2b6e-9a1d-4c52-8a51-7b2ad1e5c0aa");
        event.put("time", "2026-12-01T09:30:00.123Z");
        event.put("source", "https://id.example/realms/shop");
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("realm", "shop");
        // Trait order follows the sink's stored attribute set, which need not be the same from run to run.
        for (String field : List.of("traits", "changes")) {
            if (data.get(field) instanceof ObjectNode object) {
                java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
                object.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue()));
                object.removeAll();
                sorted.forEach(object::set);
            }
        }
        if (userId != null) {
            String fixed = "8d1c0b7e-3f4a-4b6e-9c2d-1a5e7f9b0c3d";
            event.put("subject", fixed);
            event.put("partitionkey", fixed);
            data.put("userId", fixed);
        }
        return event;
    }
}

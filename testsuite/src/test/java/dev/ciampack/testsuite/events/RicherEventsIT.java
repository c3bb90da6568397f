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

        String secret = StandardWebhooks.newSecret();
        WebhookDeliveryIT.putSinks(realm, "[{\"id\": \"all\", \"url\": \"" + receiver.url("/all") + "\", \"secrets\": [\""
                + secret + "\"], \"events\": [\"user.registered\", \"user.logged_in\", \"user.profile_updated\", "
                + "\"user.logged_out\", \"user.email_verified\", \"user.identity_linked\"], "
                + "\"attributes\": [\"firstName\", \"interests\"]" + Deliveries.NOT_CONSENT + "}, "
                + "{\"id\": \"narrow\", \"url\": \"" + receiver.url("/narrow") + "\", \"secrets\": [\"" + secret
                + "\"], \"events\": [\"user.profile_updated\"], \"attributes\": [\"locale\"]" + Deliveries.NOT_CONSENT
                + "}]").expect(200);
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
}

package dev.ciampack.testsuite.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;

/**
 * "Download my data": a person who signed up through a social login, answered the consent step and a
 * progressive-profiling question, and signed in a few times gets one document with each of those parts
 * (account, consent, progressive-profiling, enrichment, deliveries), from the REST API and from the review page;
 * the administrator's data-subject export is the same document; nothing of another person or of a secret is in it.
 */
class PersonalDataExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKER_SECRET = "broker-secret-for-export-tests";
    private static final String SINK_SECRET = StandardWebhooks.newSecret();
    private static final String PASSWORD = "Export-Passw0rd!";
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging",
            "ciam-events")));

    private static OidcProviderRealm provider;

    @BeforeAll
    static void setUp() {
        UserRepresentation pia = Users.withPassword("pia", "pia@ciam.test", "Pia", "Privacy", PASSWORD);
        pia.setAttributes(Map.of("picture", List.of("https://cdn.example/pia.png")));
        provider = OidcProviderRealm.create(realm, BROKER_SECRET, List.of(pia));
        RealmResource idpAdmin = realm.keycloak().admin().realm(provider.name());
        UPConfig idpProfile = idpAdmin.users().userProfile().getConfiguration();
        idpProfile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        idpAdmin.users().userProfile().update(idpProfile);
        UserRepresentation stored = idpAdmin.users().searchByUsername("pia", true).get(0);
        stored.setAttributes(pia.getAttributes());
        idpAdmin.users().get(stored.getId()).update(stored);

        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttributePermissions userEdits = new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user"));
        UPAttribute homeType = new UPAttribute("homeType", userEdits);
        homeType.addValidation("options", Map.of("options", List.of("apartment", "house")));
        profile.addOrReplaceAttribute(homeType);
        profile.addOrReplaceAttribute(new UPAttribute("picture", userEdits));
        // An attribute administrators keep from the person (view and edit: admin only).
        profile.addOrReplaceAttribute(new UPAttribute("fraudScore",
                new UPAttributePermissions(Set.of("admin"), Set.of("admin"))));
        realm.admin().users().userProfile().update(profile);

        IdentityProviderRepresentation broker = provider.identityProvider(Map.of());
        broker.setTrustEmail(true);
        realm.admin().identityProviders().create(broker).close();
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName("import the picture");
        mapper.setIdentityProviderAlias(OidcProviderRealm.ALIAS);
        mapper.setIdentityProviderMapper("ciam-claim-import");
        mapper.setConfig(Map.of("claims", "picture=picture", "syncMode", "INHERIT"));
        realm.admin().identityProviders().get(OidcProviderRealm.ALIAS).addMapper(mapper).close();

        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage."}},
                 {"id": "personalization", "version": 1, "title": {"en": "Personalization"},
                  "description": {"en": "Offers."}}]""").expect(200);
        ClientScopes.consent(realm.admin(), true, TestRealm.CLIENT_ID);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", Map.of("anonymous-id-front-channel", "true"))).expect(204);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", """
                        {"perSignIn": 1, "questions": [{"attribute": "homeType", "fromSignIn": 2}]}"""))).expect(204);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                + receiver.url("/crm") + "\", \"secrets\": [\"" + SINK_SECRET + "\"], \"events\": [\"user.registered\", "
                + "\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);

        ClientRepresentation narrow = new ClientRepresentation();
        narrow.setClientId("narrow-app");
        narrow.setPublicClient(true);
        narrow.setFullScopeAllowed(false);
        narrow.setRedirectUris(List.of(realm.redirectUri() + "*"));
        narrow.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        realm.admin().clients().create(narrow).close();
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
        if (provider != null) {
            provider.remove();
        }
    }

    /** One sign-in through the identity provider, answering the consent step and the question when asked. */
    private static Tokens viaProvider(OidcLogin login, Map<String, String> params) {
        Page page = login.start(params);
        page = login.browser().get(page.document().selectFirst("#social-idp").absUrl("href"));
        if (!page.document().select("#kc-form-login").isEmpty()) {
            page = page.form("#kc-form-login").set("username", "pia").set("password", PASSWORD).submit();
        }
        for (int step = 0; step < 3; step++) {
            if (!page.document().select("#ciam-consent-form").isEmpty()) {
                page = page.form("#ciam-consent-form").set("purpose_analytics", "on").submit("action", "save");
            } else if (!page.document().select("#ciam-profile-form").isEmpty()) {
                page = page.form("#ciam-profile-form").set("homeType", "house").submit("ciam_action", "save");
            }
        }
        return login.finish(page);
    }

    /** A password sign-in that answers the consent step with "reject all" and skips the question. */
    private static Tokens withPassword(OidcLogin login, String username) {
        Page page = login.start().form("#kc-form-login").set("username", username).set("password", PASSWORD).submit();
        if (!page.document().select("#ciam-consent-form").isEmpty()) {
            page = page.form("#ciam-consent-form").submit("action", "reject_all");
        }
        if (!page.document().select("#ciam-profile-form").isEmpty()) {
            page = page.form("#ciam-profile-form").submit("ciam_action", "skip");
        }
        return login.finish(page);
    }

    private static JsonNode withoutTime(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("exportedAt");
        return copy;
    }

    @Test
    @DisplayName("a person's export holds their sign-up, social link, consent, answer, sign-ins and deliveries; the admin "
            + "export is the same document; no other person and no secret is in it")
    void exportHoldsEveryPart() throws Exception {
        String quinn = realm.createUser("quinn", PASSWORD);
        withPassword(realm.newLogin(), "quinn");
        OidcLogin first = realm.newLogin();
        viaProvider(first, Map.of());
        String pia = realm.admin().users().searchByEmail("pia@ciam.test", true).get(0).getId();
        UserRepresentation flagged = realm.admin().users().get(pia).toRepresentation();
        flagged.singleAttribute("fraudScore", "0.93");
        realm.admin().users().get(pia).update(flagged);
        assertThat(realm.admin().users().get(pia).toRepresentation().firstAttribute("fraudScore")).isEqualTo("0.93");
        viaProvider(realm.newLogin(), Map.of());
        Tokens tokens = viaProvider(realm.newLogin(), Map.of("ciam_anonymous_id", "anon-7f3a-pia-0001"));
        Deliveries.awaitDrained(Deliveries.status(realm.adminRest(), realm.adminUrl(), "crm"), Duration.ofSeconds(20));

        Rest.Response own = Rest.bearer(tokens.accessToken()).get(realm.url() + "/ciam-consent/me/export").expect(200);
        JsonNode export = own.json();
        JsonNode admin = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + pia + "/export").expect(200)
                .json();

        assertThat(export.get("format").asText()).isEqualTo("ciam-personal-data/1");
        assertThat(export.get("subject").asText()).isEqualTo(pia);
        assertThat(export.fieldNames()).toIterable().containsExactly("format", "realm", "subject", "exportedAt",
                "account", "consent", "progressive-profiling", "enrichment", "deliveries");
        // Sign-up through the identity provider, and the link to it.
        JsonNode account = export.get("account");
        assertThat(account.get("email").asText()).isEqualTo("pia@ciam.test");
        assertThat(account.at("/identityProviderLinks/0/identityProvider").asText()).isEqualTo(OidcProviderRealm.ALIAS);
        assertThat(account.at("/identityProviderLinks/0/userName").asText()).isEqualTo("pia");
        assertThat(account.at("/attributes/homeType/0").asText()).isEqualTo("house");
        assertThat(account.get("attributes").has("fraudScore")).as("an attribute only administrators may view")
                .isFalse();
        assertThat(account.get("sessions")).hasSize(3);
        assertThat(account.at("/sessions/0/clients")).extracting(JsonNode::asText).contains(TestRealm.CLIENT_ID);
        assertThat(account.at("/sessions/0/device/browser").asText()).isNotBlank();
        // Consent: the decision at the first sign-in, its ledger record and receipt.
        JsonNode consent = export.get("consent");
        assertThat(consent.get("decisions")).extracting(d -> d.at("/purpose/id").asText() + "=" + d.get("decision").asText())
                .containsExactly("analytics=granted", "personalization=withdrawn");
        assertThat(consent.get("history")).extracting(r -> r.get("channel").asText()).containsOnly("login_step");
        assertThat(consent.at("/history/0/recordedBy").asText()).isEqualTo("self");
        assertThat(consent.get("receipts")).hasSize(consent.get("history").size());
        // The question, with its provenance.
        JsonNode answer = export.at("/progressive-profiling/answers/0");
        assertThat(answer.get("attribute").asText()).isEqualTo("homeType");
        assertThat(answer.get("values")).extracting(JsonNode::asText).containsExactly("house");
        assertThat(answer.get("clientId").asText()).isEqualTo(TestRealm.CLIENT_ID);
        assertThat(export.at("/progressive-profiling/signInCount").asInt()).isEqualTo(3);
        // Enrichment: the stitched anonymous id (analytics was granted), the sign-in context, the imported claim.
        JsonNode enrichment = export.get("enrichment");
        assertThat(enrichment.get("anonymousIds")).extracting(JsonNode::asText).containsExactly("anon-7f3a-pia-0001");
        assertThat(enrichment.at("/loginContext/ciam_signup_client").asText()).isEqualTo(TestRealm.CLIENT_ID);
        assertThat(enrichment.at("/importedFromIdentityProviders/0/attribute").asText()).isEqualTo("picture");
        assertThat(enrichment.at("/importedFromIdentityProviders/0/identityProvider").asText())
                .isEqualTo(OidcProviderRealm.ALIAS);
        // Deliveries: what the sink received about her, counted from the outbox.
        JsonNode crm = export.at("/deliveries/0");
        assertThat(crm.get("sink").asText()).isEqualTo("crm");
        assertThat(crm.get("kind").asText()).isEqualTo("webhook");
        assertThat(crm.get("eventTypes")).extracting(t -> t.get("type").asText() + ":" + t.get("delivered").asLong()
                + "/" + t.get("waiting").asLong()).containsExactly("user.logged_in:3/0", "user.registered:1/0");
        assertThat(crm.at("/eventTypes/0/lastDeliveredAt").asText()).isNotBlank();

        assertThat(withoutTime(admin)).isEqualTo(withoutTime(export));
        String text = export.toString();
        assertThat(text).doesNotContain(quinn).doesNotContain("quinn").doesNotContain(SINK_SECRET)
                .doesNotContain(SINK_SECRET.substring("whsec_".length())).doesNotContain(BROKER_SECRET)
                .doesNotContain(receiver.url("/crm")).doesNotContain(tokens.accessToken().substring(0, 40));
    }

    @Test
    @DisplayName("the export needs the person's own token with Keycloak's account role: none is 401, a client "
            + "without the account roles is 403, the person's own token gets only their document")
    void exportNeedsAccountRole() {
        String rae = realm.createUser("rae", PASSWORD);
        Tokens full = withPassword(realm.newLogin(), "rae");
        Tokens narrow = withPassword(new OidcLogin(new BrowserClient(), realm.url(), "narrow-app", realm.redirectUri()),
                "rae");

        assertThat(Rest.anonymous().get(realm.url() + "/ciam-consent/me/export").status()).isEqualTo(401);
        Rest.Response refused = Rest.bearer(narrow.accessToken()).get(realm.url() + "/ciam-consent/me/export");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("insufficient_role");
        assertThat(Rest.bearer(full.accessToken()).get(realm.url() + "/ciam-consent/me/export").expect(200).json()
                .get("subject").asText()).isEqualTo(rae);
    }

    @Test
    @DisplayName("a person may export 10 times an hour: the 11th is refused (429 with the reason) while "
            + "another person's export still goes through")
    void exportsAreRateLimited() {
        realm.createUser("tove", PASSWORD);
        String uwe = realm.createUser("uwe", PASSWORD);
        Rest toves = Rest.bearer(withPassword(realm.newLogin(), "tove").accessToken());
        Rest uwes = Rest.bearer(withPassword(realm.newLogin(), "uwe").accessToken());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(toves.get(realm.url() + "/ciam-consent/me/export").status());
        }
        Rest.Response eleventh = toves.get(realm.url() + "/ciam-consent/me/export");

        assertThat(statuses).as("the owner's downloads").containsOnly(200);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.json().get("error").asText()).isEqualTo("too_many_exports");
        assertThat(eleventh.body()).contains("at most 10 exports an hour");
        assertThat(uwes.get(realm.url() + "/ciam-consent/me/export").expect(200).json().get("subject").asText())
                .as("another person").isEqualTo(uwe);
    }

    @Test
    @DisplayName("the review page shows the same data readable, with a download of the JSON document, and goes back")
    void reviewPageShowsData() throws Exception {
        String sol = realm.createUser("sol", PASSWORD);
        OidcLogin login = realm.newLogin();
        Page review = login.start(Map.of("kc_action", "ciam-consent")).form("#kc-form-login").set("username", "sol")
                .set("password", PASSWORD).submit();
        Page data = review.form("#ciam-consent-form").submit("action", "my_data");

        assertThat(data.text("#kc-page-title").orElse("")).contains("Your data");
        assertThat(data.document().select(".ciam-my-data-section h2").eachText())
                .containsExactly("Your account", "Your privacy choices and their history",
                        "Sign-in context and segments", "Services that received events about you");
        assertThat(data.text("#ciam-my-data-account").orElse("")).contains("sol@ciam.test").contains(sol);
        String href = data.document().selectFirst("#ciam-my-data-download").attr("href");
        assertThat(href).startsWith("data:application/json;base64,");
        JsonNode downloaded = JSON.readTree(new String(Base64.getDecoder().decode(href.substring(href.indexOf(',') + 1)),
                StandardCharsets.UTF_8));
        JsonNode viaAdmin = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + sol + "/export").json();
        ObjectNode a = (ObjectNode) withoutTime(downloaded);
        ObjectNode b = (ObjectNode) withoutTime(viaAdmin);
        // The page was rendered during the sign-in, whose session then got its client: compare the rest.
        ((ObjectNode) a.get("account")).remove("sessions");
        ((ObjectNode) b.get("account")).remove("sessions");
        assertThat(a).isEqualTo(b);

        Page back = data.form("#ciam-my-data-form").submit("action", "back");
        assertThat(back.document().select("#ciam-consent-form")).hasSize(1);
        assertThat(back.document().select("#ciam-consent-my-data")).hasSize(1);
        login.finish(back.form("#ciam-consent-form").submit("action", "reject_all"));
    }

    @Test
    @DisplayName("the privacy-choices address signs in through the account console, opens the review page and ends in "
            + "the account console; odd ui_locales values are dropped")
    void reviewEntryPoint() {
        realm.createUser("tia", PASSWORD);
        String console = realm.url() + "/account/";
        BrowserClient browser = new BrowserClient().stopAt(console).stopAt(realm.url() + "/protocol/openid-connect/auth");
        Page redirect = browser.get(realm.url() + "/ciam-consent/review?ui_locales=" + java.net.URLEncoder.encode(
                "pt-BR\"><script>", StandardCharsets.UTF_8));
        assertThat(redirect.status()).isEqualTo(303);
        URI auth = redirect.location().orElseThrow();
        assertThat(auth.toString()).startsWith(realm.url() + "/protocol/openid-connect/auth?")
                .contains("client_id=account-console").contains("kc_action=ciam-consent")
                .contains("code_challenge_method=S256").doesNotContain("ui_locales").doesNotContain("script");
        assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("no-store");

        BrowserClient person = new BrowserClient().stopAt(console);
        Page login = person.get(realm.url() + "/ciam-consent/review?ui_locales=en");
        Page review = login.form("#kc-form-login").set("username", "tia").set("password", PASSWORD).submit();
        assertThat(review.document().select("#ciam-consent-form")).hasSize(1);
        assertThat(review.text("#kc-page-title").orElse("")).contains("Review your privacy choices");
        Page done = review.form("#ciam-consent-form").set("purpose_analytics", "on").submit("action", "save");
        assertThat(done.location().orElseThrow().toString()).startsWith(console);
        JsonNode consents = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + realm.userId("tia"))
                .json();
        assertThat(consents).extracting(c -> c.at("/purpose/id").asText() + "=" + c.get("decision").asText())
                .containsExactly("analytics=granted", "personalization=withdrawn");
    }
}

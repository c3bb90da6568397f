package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;

/** Login context, anonymous-id stitching and the personalization claim. */
class LoginContextIT {

    private static final String PASSWORD = "Long-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        r.setEventsEnabled(true);
        r.setEnabledEventTypes(List.of("LOGIN", "CUSTOM_REQUIRED_ACTION"));
    });

    @BeforeAll
    static void setUp() {
        var profile = realm.admin().users().userProfile().getConfiguration();
        profile.addOrReplaceAttribute(new org.keycloak.representations.userprofile.config.UPAttribute("homeType",
                new org.keycloak.representations.userprofile.config.UPAttributePermissions(
                        java.util.Set.of("admin", "user"), java.util.Set.of("admin", "user"))));
        realm.admin().users().userProfile().update(profile);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage analytics."}},
                 {"id": "personalization", "version": 1, "title": {"en": "Personalization"},
                  "description": {"en": "Suggestions."}}]""").expect(200);
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        setInterval("60");
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("personalization");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("ciam-personalization");
        mapper.setConfig(Map.of("attributes", "ciam_preferred_locale,ciam_login_count,missing", "purpose", "personalization",
                "id.token.claim", "true", "userinfo.token.claim", "true", "access.token.claim", "false"));
        String client = realm.admin().clients().findByClientId(TestRealm.CLIENT_ID).get(0).getId();
        realm.admin().clients().get(client).getProtocolMappers().createMapper(mapper).close();
        ClientRepresentation backend = new ClientRepresentation();
        backend.setClientId(BACKEND);
        backend.setSecret(BACKEND_SECRET);
        backend.setPublicClient(false);
        backend.setRedirectUris(List.of(realm.redirectUri()));
        realm.admin().clients().create(backend).close();
        // The pack's executor, applied to every client: ids are noted only where the client vouched for them.
        realm.adminRest().put(realm.adminUrl() + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "ciam-anonymous-id", "executors", List.of(Map.of("executor", "ciam-vouched-anonymous-id",
                        "configuration", Map.of())))))).expect(204);
        realm.adminRest().put(realm.adminUrl() + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "ciam-anonymous-id", "enabled", true, "conditions", List.of(Map.of("condition", "any-client",
                        "configuration", Map.of())), "profiles", List.of("ciam-anonymous-id"))))).expect(204);
    }

    private static final String BACKEND = "shop-backend";
    private static final String BACKEND_SECRET = "shop-backend-secret-" + UUID.randomUUID();

    /**
     * A sign-in whose authorization request {@code client} pushed first (PAR, with its secret when it has one) with
     * {@code pushed} parameters; {@code frontChannel} parameters are added to the browser's request. Ends when the
     * browser is redirected to the client (the required actions have run).
     */
    private static Page parSignIn(String client, String secret, String username, Map<String, String> pushed,
                                  Map<String, String> frontChannel) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", client, "response_type", "code",
                "redirect_uri", realm.redirectUri(), "scope", "openid", "state", "s" + System.nanoTime(),
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        if (secret != null) {
            form.put("client_secret", secret);
        }
        form.putAll(pushed);
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(realm.url() + "/protocol/openid-connect/ext/par/request"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("PAR: %s", answer.body()).isEqualTo(201);
        String requestUri = new ObjectMapper().readTree(answer.body()).get("request_uri").asText();
        Map<String, String> query = new LinkedHashMap<>(Map.of("client_id", client, "request_uri", requestUri));
        query.putAll(frontChannel);
        Page login = new BrowserClient().stopAt(realm.redirectUri()).get(BrowserClient.withQuery(
                URI.create(realm.url() + "/protocol/openid-connect/auth"), query));
        Page landing = login.form("#kc-form-login").set("username", username).set("password", PASSWORD).submit();
        assertThat(landing.location()).as("redirected to the client").hasValueSatisfying(
                l -> assertThat(l.toString()).startsWith(realm.redirectUri()).contains("code="));
        return landing;
    }

    static void setInterval(String minutes) {
        setConfig(Map.of("min-interval-minutes", minutes)).expect(204);
    }

    static Rest.Response setConfig(Map<String, String> config) {
        return realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", config));
    }

    private static Tokens signIn(String username, Map<String, String> params) {
        OidcLogin login = realm.newLogin();
        return login.finish(login.start(params).form("#kc-form-login").set("username", username)
                .set("password", PASSWORD).submit());
    }

    private static Map<String, List<String>> attributes(String id) {
        return realm.admin().users().get(id).toRepresentation().getAttributes();
    }

    private static void decide(String id, String purpose, String decision) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/" + purpose,
                Map.of("decision", decision)).expect(200);
    }

    @Test
    @DisplayName("sign-up client and campaign are kept from the first sign-in; close sign-ins are throttled")
    void contextAttributes() {
        String id = realm.createUser("nina", PASSWORD);
        signIn("nina", Map.of("utm_source", "newsletter", "utm_medium", "email", "utm_campaign", "spring-sale"));
        Map<String, List<String>> first = attributes(id);
        signIn("nina", Map.of("utm_source", "ads"));
        Map<String, List<String>> throttled = attributes(id);
        setInterval("0");
        try {
            signIn("nina", Map.of("ui_locales", "pt-BR"));
        } finally {
            setInterval("60");
        }
        Map<String, List<String>> third = attributes(id);

        assertThat(first).containsEntry("ciam_login_count", List.of("1"))
                .containsEntry("ciam_signup_client", List.of(TestRealm.CLIENT_ID))
                .containsEntry("ciam_last_client", List.of(TestRealm.CLIENT_ID))
                .containsEntry("ciam_signup_utm_source", List.of("newsletter"))
                .containsEntry("ciam_signup_utm_medium", List.of("email"))
                .containsEntry("ciam_signup_utm_campaign", List.of("spring-sale"))
                .containsEntry("ciam_preferred_locale", List.of("en"))
                .containsKey("ciam_first_login_at");
        assertThat(throttled.get("ciam_login_count")).containsExactly("1");
        assertThat(throttled.get("ciam_last_login_at")).isEqualTo(first.get("ciam_last_login_at"));
        assertThat(third.get("ciam_login_count")).containsExactly("2");
        assertThat(third.get("ciam_first_login_at")).isEqualTo(first.get("ciam_first_login_at"));
        assertThat(third.get("ciam_signup_utm_source")).containsExactly("newsletter");
    }

    @Test
    @DisplayName("a person cannot edit the context attributes through the account API")
    void notEditableByUser() {
        String id = realm.createUser("olga", PASSWORD);
        signIn("olga", Map.of());
        OidcLogin console = new OidcLogin(realm.newLogin().browser(), realm.url(), "account-console", realm.url() + "/account/");
        String token = console.finish(console.start().form("#kc-form-login").set("username", "olga")
                .set("password", PASSWORD).submit()).accessToken();
        Rest account = Rest.bearer(token);
        JsonNode me = account.get(realm.url() + "/account/").expect(200).json();
        ObjectNode attributes = ((ObjectNode) me).putObject("attributes");
        attributes.putArray("ciam_login_count").add("999");
        attributes.putArray("ciam_anonymous_ids").add("forged-anonymous-id");

        Rest.Response update = account.post(realm.url() + "/account/", me);

        assertThat(update.status()).isIn(204, 400);
        assertThat(attributes(id).get("ciam_login_count")).doesNotContain("999");
        assertThat(attributes(id)).doesNotContainKey("ciam_anonymous_ids");
    }

    @Test
    @DisplayName("the anonymous id a confidential client pushed (PAR) is linked only with consent, and the event carries it")
    void stitchingNeedsConsent() throws Exception {
        String id = realm.createUser("paul", PASSWORD);
        parSignIn(BACKEND, BACKEND_SECRET, "paul", Map.of("ciam_anonymous_id", "anon-0001-before-consent"), Map.of());
        decide(id, "analytics", "granted");
        parSignIn(BACKEND, BACKEND_SECRET, "paul", Map.of("ciam_anonymous_id", "anon-0002-after-consent"), Map.of());
        parSignIn(BACKEND, BACKEND_SECRET, "paul", Map.of("ciam_anonymous_id", "anon-0002-after-consent"), Map.of());

        assertThat(attributes(id).get("ciam_anonymous_ids")).containsExactly("anon-0002-after-consent");
        List<EventRepresentation> events = realm.admin().getEvents(List.of("CUSTOM_REQUIRED_ACTION"), null, id,
                null, null, null, 0, 10);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getDetails()).containsEntry("ciam_event", "user.identified")
                .containsEntry("ciam_anonymous_id", "anon-0002-after-consent");
    }

    @Test
    @DisplayName("malformed or oversized anonymous ids are rejected, even vouched for")
    void malformedIdsRejected() throws Exception {
        String id = realm.createUser("quinn", PASSWORD);
        decide(id, "analytics", "granted");
        for (String bad : List.of("short", "has space inside", "<script>alert(1)</script>", "x".repeat(129))) {
            parSignIn(BACKEND, BACKEND_SECRET, "quinn", Map.of("ciam_anonymous_id", bad), Map.of());
        }
        parSignIn(BACKEND, BACKEND_SECRET, "quinn", Map.of("ciam_anonymous_id", "anon-quinn-well-formed"), Map.of());

        assertThat(attributes(id).get("ciam_anonymous_ids")).as("control: a well-formed id")
                .containsExactly("anon-quinn-well-formed");
    }

    @Test
    @DisplayName("attack refused: a crafted sign-in link with the attacker's device id does not stitch it to the person "
            + "who signs in; nor does a front-channel id beside a pushed one, nor a public client's unauthenticated push")
    void craftedLinkDoesNotStitch() throws Exception {
        String id = realm.createUser("rhea", PASSWORD);
        decide(id, "analytics", "granted");

        signIn("rhea", Map.of("ciam_anonymous_id", "attacker-device-7f3a"));
        parSignIn(BACKEND, BACKEND_SECRET, "rhea", Map.of("ciam_anonymous_id", "anon-rosa-pushed-01"),
                Map.of("ciam_anonymous_id", "attacker-device-7f3b"));
        parSignIn(TestRealm.CLIENT_ID, null, "rhea", Map.of("ciam_anonymous_id", "attacker-device-7f3c"), Map.of());
        Map<String, List<String>> afterAttacks = attributes(id);
        parSignIn(BACKEND, BACKEND_SECRET, "rhea", Map.of("ciam_anonymous_id", "anon-rosa-pushed-02"), Map.of());

        assertThat(afterAttacks).doesNotContainKey("ciam_anonymous_ids");
        assertThat(attributes(id).get("ciam_anonymous_ids")).as("control: the confidential client's push")
                .containsExactly("anon-rosa-pushed-02");
    }

    @Test
    @DisplayName("with the documented opt-in anonymous-id-front-channel, the plain parameter is taken")
    void frontChannelOptIn() {
        String id = realm.createUser("sven", PASSWORD);
        decide(id, "analytics", "granted");
        setConfig(Map.of("min-interval-minutes", "60", "anonymous-id-front-channel", "true")).expect(204);
        try {
            signIn("sven", Map.of("ciam_anonymous_id", "anon-sven-front-01"));
        } finally {
            setInterval("60");
        }
        assertThat(attributes(id).get("ciam_anonymous_ids")).containsExactly("anon-sven-front-01");
    }

    @Test
    @DisplayName("the personalization claim appears only with consent, and changes when the profile changes")
    void personalizationClaim() {
        String id = realm.createUser("rosa", PASSWORD);
        Tokens without = signIn("rosa", Map.of());
        decide(id, "personalization", "granted");
        Tokens with = signIn("rosa", Map.of());
        setInterval("0");
        try {
            signIn("rosa", Map.of());
        } finally {
            setInterval("60");
        }
        Tokens later = signIn("rosa", Map.of());

        assertThat(without.idClaims()).doesNotContainKey("personalization");
        @SuppressWarnings("unchecked")
        Map<String, Object> claim = (Map<String, Object>) with.idClaims().get("personalization");
        assertThat(claim).containsEntry("segments", List.of());
        // The second sign-in came within the interval: still counted once.
        assertThat(claim.get("attributes")).isEqualTo(Map.of("ciam_preferred_locale", "en", "ciam_login_count", "1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> laterClaim = (Map<String, Object>) later.idClaims().get("personalization");
        assertThat(((Map<?, ?>) laterClaim.get("attributes")).get("ciam_login_count")).isEqualTo("2");
        assertThat(realm.newLogin().userinfo(with)).contains("\"personalization\"");
        assertThat(with.accessClaims()).doesNotContainKey("personalization");
    }

    @Test
    @DisplayName("an answer changed or cleared in the account console moves the segments at once: stored, in the "
            + "claim without a new sign-in, and in the traits of the profile_updated event a sink receives")
    void segmentsFollowAccountConsole() throws Exception {
        String id = realm.createUser("tamsin", PASSWORD);
        decide(id, "personalization", "granted");
        String rules = """
                [{"name": "apartment", "all": [{"attribute": "homeType", "equals": "apartment"}]},
                 {"name": "house", "all": [{"attribute": "homeType", "equals": "house"}]}]""";
        setConfig(Map.of("min-interval-minutes", "0", "segments", rules)).expect(204);
        try (dev.ciampack.testsuite.events.WebhookReceiver receiver = new dev.ciampack.testsuite.events.WebhookReceiver()) {
            realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                    + receiver.url("/crm") + "\", \"secrets\": [\"" + dev.ciampack.events.webhook.StandardWebhooks.newSecret()
                    + "\"], \"events\": [\"user.profile_updated\"], \"attributes\": [\"homeType\", \"ciam_segments\"], "
                    + "\"basis\": \"contract\", \"justification\": \"The shop's CRM serves the customer's orders.\"}]")
                    .expect(200);
            Tokens app = signIn("tamsin", Map.of());
            OidcLogin console = new OidcLogin(realm.newLogin().browser(), realm.url(), "account-console",
                    realm.url() + "/account/");
            Rest account = Rest.bearer(console.finish(console.start().form("#kc-form-login").set("username", "tamsin")
                    .set("password", PASSWORD).submit()).accessToken());
            List<String> before = attributes(id).get("ciam_segments");

            ObjectNode me = (ObjectNode) account.get(realm.url() + "/account/").expect(200).json();
            me.putObject("attributes").putArray("homeType").add("apartment");
            account.post(realm.url() + "/account/", me).expect(204);
            List<String> afterAnswer = attributes(id).get("ciam_segments");
            String claimAfterAnswer = realm.newLogin().userinfo(app);

            ObjectNode cleared = (ObjectNode) account.get(realm.url() + "/account/").expect(200).json();
            cleared.putObject("attributes").putArray("homeType");
            account.post(realm.url() + "/account/", cleared).expect(204);
            List<String> afterClearing = attributes(id).get("ciam_segments");
            String claimAfterClearing = realm.newLogin().userinfo(app);
            var received = receiver.await("/crm", 2, java.time.Duration.ofSeconds(20));

            assertThat(before).as("no answer yet, no segment").isNull();
            assertThat(afterAnswer).containsExactly("apartment");
            assertThat(claimAfterAnswer).as("userinfo, same token").contains("\"segments\":[\"apartment\"]");
            assertThat(afterClearing).as("cleared answer, no segment").isNull();
            assertThat(claimAfterClearing).contains("\"segments\":[]");
            assertThat(received).hasSize(2);
            JsonNode first = new ObjectMapper().readTree(received.get(0).body());
            JsonNode second = new ObjectMapper().readTree(received.get(1).body());
            assertThat(first.at("/data/traits")).as("traits as committed").isEqualTo(new com.fasterxml.jackson.databind
                    .ObjectMapper().readTree("{\"homeType\":\"apartment\",\"ciam_segments\":[\"apartment\"]}"));
            assertThat(first.at("/data/changes/homeType/new").asText()).isEqualTo("apartment");
            assertThat(second.at("/data/traits").toString()).isEqualTo("{}");
        } finally {
            realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[]").expect(200);
            setInterval("60");
        }
    }

    @Test
    @DisplayName("segments are computed at sign-in from the rules, follow profile and consent changes, and reach the claim")
    void segments() {
        String id = realm.createUser("sara", PASSWORD);
        String rules = """
                [{"name": "apartment", "all": [{"attribute": "homeType", "equals": "apartment"}]},
                 {"name": "personalized", "all": [{"consent": "personalization"}]},
                 {"name": "from-newsletter", "any": [{"attribute": "ciam_signup_utm_source", "equals": "newsletter"}]}]""";
        setConfig(Map.of("min-interval-minutes", "0", "segments", rules)).expect(204);
        try {
            signIn("sara", Map.of("utm_source", "newsletter"));
            List<String> withoutConsent = attributes(id).get("ciam_segments");
            var user = realm.admin().users().get(id).toRepresentation();
            user.singleAttribute("homeType", "apartment");
            realm.admin().users().get(id).update(user);
            decide(id, "personalization", "granted");
            Tokens tokens = signIn("sara", Map.of());

            assertThat(withoutConsent).as("no segmenting without the personalization purpose").isNull();
            assertThat(attributes(id).get("ciam_segments")).containsExactly("apartment", "from-newsletter", "personalized");
            @SuppressWarnings("unchecked")
            Map<String, Object> claim = (Map<String, Object>) tokens.idClaims().get("personalization");
            assertThat(claim.get("segments")).isEqualTo(List.of("apartment", "from-newsletter", "personalized"));
        } finally {
            setInterval("60");
        }
    }

    @Test
    @DisplayName("invalid segment rules are refused at save with a clear error")
    void invalidRulesRefused() {
        Rest.Response refused = setConfig(Map.of("segments", """
                [{"name": "Big Spenders", "all": [{"attribute": "spend", "gte": "lots"}]}]"""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("segments[0].name must be 1 to 40 of a-z, 0-9")
                .contains("segments[0].all[0].gte must be a number");
    }

    @Test
    @DisplayName("the anonymous id can come from a first-party cookie when Keycloak shares the site's domain")
    void anonymousIdFromCookie() throws Exception {
        String id = realm.createUser("tina", PASSWORD);
        decide(id, "analytics", "granted");
        setConfig(Map.of("min-interval-minutes", "60", "anonymous-id-cookie", "ajs_anonymous_id")).expect(204);
        try {
            OidcLogin login = realm.newLogin();
            login.browser().cookies().put(URI.create(realm.url() + "/"),
                    Map.of("Set-Cookie", List.of("ajs_anonymous_id=%22anon-cookie-0001%22; Path=/")));
            login.finish(login.start().form("#kc-form-login").set("username", "tina").set("password", PASSWORD).submit());
        } finally {
            setInterval("60");
        }
        assertThat(attributes(id).get("ciam_anonymous_ids")).containsExactly("anon-cookie-0001");
    }
}

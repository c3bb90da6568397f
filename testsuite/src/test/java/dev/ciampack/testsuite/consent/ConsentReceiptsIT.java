package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Consent receipts: each ledger record given back as a JWS signed with the realm's active key, checked here as
 * anyone would check one, with a standard JOSE library (Nimbus) and the realm's published JWKS.
 */
class ConsentReceiptsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    /** A realm with the consent step, for the review page. */
    @RegisterExtension
    static final TestRealm withStep = TestRealm.create();

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(withStep, ConsentFixtures.PURPOSES);
        withStep.enableRequiredAction("ciam-consent", "CIAM consent");
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        ClientScopes.consent(realm.admin(), true, TestRealm.CLIENT_ID);
        callers = AdminCallers.of(realm);
    }

    private static Rest as(String username, String password) {
        return Rest.bearer(realm.newLogin().passwordLogin(username, password).accessToken());
    }

    private static String me() {
        return realm.url() + "/ciam-consent/me";
    }

    /** Whether a compact JWS verifies against the realm's published keys (by its kid), with Nimbus. */
    private static boolean verifiesWithRealmJwks(String compact) throws Exception {
        return verifiesWithJwks(realm, compact);
    }

    private static boolean verifiesWithJwks(TestRealm issuer, String compact) throws Exception {
        JWKSet keys = JWKSet.parse(Rest.anonymous().get(issuer.url() + "/protocol/openid-connect/certs").expect(200).body());
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (java.text.ParseException e) {
            return false;
        }
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jws.getHeader().getKeyID());
        return key != null && jws.verify(new RSASSAVerifier(key));
    }

    private static JsonNode payload(String compact) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(compact.split("\\.")[1]));
    }

    @Test
    @DisplayName("a person's receipt verifies with the realm's JWKS and names who, which notice, when, how and "
            + "what next; changed by one byte it does not verify")
    void receiptVerifies() throws Exception {
        String userId = realm.createUser("rita", "Rita-Passw0rd!");
        Rest rita = as("rita", "Rita-Passw0rd!");
        rita.put(me() + "/marketing_email", Map.of("decision", "granted", "locale", "pt-BR")).expect(200);
        JsonNode record = rita.get(me() + "/history").expect(200).json().get(0);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(me() + "/receipts/" + record.get("id").asText()))
                .header("Authorization", "Bearer " + realm.newLogin().passwordLogin("rita", "Rita-Passw0rd!").accessToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String receipt = answer.body();
        JsonNode claims = payload(receipt);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/jose");
        assertThat(verifiesWithRealmJwks(receipt)).as("signature against the realm's JWKS").isTrue();
        assertThat(JWSObject.parse(receipt).getHeader().getType().toString()).isEqualTo("consent-receipt+jwt");
        assertThat(claims.get("iss").asText()).isEqualTo(realm.url());
        assertThat(claims.get("sub").asText()).isEqualTo(userId);
        assertThat(claims.get("jti").asText()).isEqualTo(record.get("id").asText());
        assertThat(claims.at("/controller/realm").asText()).isEqualTo(realm.name());
        assertThat(claims.at("/notice/purposeId").asText()).isEqualTo("marketing_email");
        assertThat(claims.at("/notice/purposeVersion").asInt()).isEqualTo(1);
        assertThat(claims.at("/notice/locale").asText()).isEqualTo("pt-BR");
        assertThat(claims.at("/notice/textHash").asText()).isEqualTo(record.get("textHash").asText());
        assertThat(claims.at("/decision/state").asText()).isEqualTo("granted");
        assertThat(claims.at("/decision/time").asText()).isEqualTo(record.get("time").asText());
        assertThat(claims.at("/decision/channel").asText()).isEqualTo("api");
        assertThat(claims.at("/decision/recordedBy").asText()).isEqualTo("the person");
        assertThat(claims.at("/nextSteps/0/action").asText()).isEqualTo("withdraw");
        assertThat(claims.toString()).as("no network details").doesNotContain("127.0.0.0").doesNotContain("ciam-pack-testsuite");

        // One byte of the signed document changed ("granted" -> "Granted"): the signature no longer holds.
        String[] parts = receipt.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.replace("\"state\":\"granted\"", "\"state\":\"Granted\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(tampered).isNotEqualTo(receipt);
        assertThat(verifiesWithRealmJwks(tampered)).as("one byte changed").isFalse();
    }

    @Test
    @DisplayName("a receipt is only its person's: another's record id and an unknown id are the same 404, no token 401")
    void onlyOwnReceipts() throws Exception {
        realm.createUser("sam", "Sam-Passw0rd!!");
        realm.createUser("tess", "Tess-Passw0rd!");
        Rest sam = as("sam", "Sam-Passw0rd!!");
        Rest tess = as("tess", "Tess-Passw0rd!");
        sam.put(me() + "/personalization", Map.of("decision", "granted")).expect(200);
        String samsRecord = sam.get(me() + "/history").json().get(0).get("id").asText();

        Rest.Response other = tess.get(me() + "/receipts/" + samsRecord);
        Rest.Response unknown = tess.get(me() + "/receipts/00000000-0000-0000-0000-000000000000");

        assertThat(other.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(other.json().get("error").asText()).isEqualTo(unknown.json().get("error").asText())
                .isEqualTo("unknown_record");
        assertThat(other.body()).doesNotContain("eyJ");
        assertThat(Rest.anonymous().get(me() + "/receipts/" + samsRecord).status()).isEqualTo(401);
        assertThat(sam.get(me() + "/receipts/" + samsRecord).status()).as("the control").isEqualTo(200);
    }

    @Test
    @DisplayName("an administrator's decision has a receipt saying so; the admin export holds every record's receipt; "
            + "a view-only admin (no view-users) gets none")
    void adminReceipts() throws Exception {
        String userId = realm.createUser("uma", "Uma-Passw0rd!!");
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/marketing_email",
                Map.of("decision", "granted")).expect(200);
        as("uma", "Uma-Passw0rd!!").put(me() + "/marketing_email", Map.of("decision", "withdrawn")).expect(200);
        JsonNode history = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history")
                .expect(200).json();

        String byAdmin = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/receipts/"
                + history.get(0).get("id").asText()).expect(200).body();
        JsonNode export = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/export")
                .expect(200).json();

        assertThat(verifiesWithRealmJwks(byAdmin)).isTrue();
        assertThat(payload(byAdmin).at("/decision/recordedBy").asText()).isEqualTo("an administrator");
        assertThat(payload(byAdmin).at("/decision/channel").asText()).isEqualTo("admin");
        assertThat(export.at("/consent/receipts")).hasSize(2);
        for (JsonNode record : history) {
            String receipt = export.at("/consent/receipts").get(record.get("id").asText()).asText();
            assertThat(verifiesWithRealmJwks(receipt)).isTrue();
            assertThat(payload(receipt).at("/decision/state").asText()).isEqualTo(record.get("decision").asText());
        }
        assertThat(payload(export.at("/consent/receipts").get(history.get(1).get("id").asText()).asText())
                .at("/nextSteps/0/action").asText()).as("after a withdrawal").isEqualTo("grant");
        assertThat(callers.viewer().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/receipts/"
                + history.get(0).get("id").asText()).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("the review page offers, per purpose, a download of the signed receipt of the last decision on it")
    void reviewPageOffersReceipts() throws Exception {
        String userId = withStep.createUser("vic", "Vic-Passw0rd!!");
        dev.ciampack.testsuite.http.OidcLogin login = withStep.newLogin();
        login.finish(login.start(Map.of()).form("#kc-form-login").set("username", "vic").set("password", "Vic-Passw0rd!!")
                .submit().form("#ciam-consent-form").set("purpose_personalization", "on").submit("action", "save"));
        JsonNode history = withStep.adminRest().get(withStep.adminUrl() + "/ciam-consent/users/" + userId + "/history")
                .expect(200).json();

        dev.ciampack.testsuite.http.Page review = login.start(Map.of("kc_action", "ciam-consent"));
        org.jsoup.nodes.Element link = review.document().selectFirst("#ciam-consent-receipt-personalization");

        assertThat(link).isNotNull();
        assertThat(link.attr("download")).isEqualTo("consent-receipt-personalization.jwt");
        assertThat(link.attr("href")).startsWith("data:application/jose;base64,");
        String receipt = new String(Base64.getDecoder().decode(link.attr("href").substring(
                "data:application/jose;base64,".length())), StandardCharsets.US_ASCII);
        assertThat(verifiesWithJwks(withStep, receipt)).isTrue();
        String personalizationRecord = null;
        for (JsonNode record : history) {
            if (record.get("purposeId").asText().equals("personalization")) {
                personalizationRecord = record.get("id").asText();
            }
        }
        assertThat(payload(receipt).get("jti").asText()).isEqualTo(personalizationRecord);
        assertThat(payload(receipt).at("/decision/state").asText()).isEqualTo("granted");
        assertThat(review.document().select(".ciam-consent-receipt")).as("one per purpose decided").hasSize(2);
    }

    @Test
    @DisplayName("with emailReceipts on, each decision mails the person its signed receipt once committed; before "
            + "that, nothing; bad settings and a view-only admin are refused")
    void emailedReceipts() throws Exception {
        String settings = realm.adminUrl() + "/ciam-consent/settings";
        String userId = realm.createUser("wes", "Wes-Passw0rd!!");
        Rest wes = as("wes", "Wes-Passw0rd!!");
        wes.put(me() + "/marketing_email", Map.of("decision", "granted")).expect(200);
        assertThat(realm.adminRest().put(settings, Map.of("emailReceipts", "yes")).status()).isEqualTo(400);
        assertThat(callers.viewer().put(settings, Map.of("emailReceipts", true)).status()).isEqualTo(403);
        try {
            realm.adminRest().put(settings, Map.of("emailReceipts", true)).expect(200);
            wes.put(me() + "/marketing_email", Map.of("decision", "withdrawn")).expect(200);
            jakarta.mail.internet.MimeMessage mail = realm.mailbox().awaitNext("wes@ciam.test", 0,
                    java.time.Duration.ofSeconds(20));
            JsonNode history = wes.get(me() + "/history").expect(200).json();
            String text = dev.ciampack.testsuite.mail.Mailbox.text(mail);
            // The receipt is the JWS line (three base64url parts); the privacy footer follows it.
            String receipt = text.lines().map(String::strip)
                    .filter(l -> l.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")).findFirst().orElseThrow();

            assertThat(realm.mailbox().to("wes@ciam.test")).as("only the decision made with the option on").hasSize(1);
            assertThat(mail.getSubject()).contains("Your privacy choice");
            assertThat(text).contains("You withdrew \"Marketing emails\"");
            assertThat(text).as("the footer's one click to the privacy choices")
                    .contains("or download your data:").contains(realm.url() + "/ciam-consent/review");
            assertThat(verifiesWithRealmJwks(receipt)).isTrue();
            assertThat(payload(receipt).get("jti").asText()).isEqualTo(history.get(1).get("id").asText());
            assertThat(payload(receipt).get("sub").asText()).isEqualTo(userId);
            assertThat(realm.adminRest().get(settings).expect(200).json().get("emailReceipts").asBoolean()).isTrue();
        } finally {
            realm.adminRest().put(settings, Map.of("emailReceipts", false)).expect(200);
        }
    }

    @Test
    @DisplayName("emailed receipts: accept all on the consent step is one mail holding a receipt per purpose; an "
            + "unverified address gets none (the owner's verified one does)")
    void emailedReceiptsPerTransactionAndVerifiedOnly() throws Exception {
        String settings = withStep.adminUrl() + "/ciam-consent/settings";
        withStep.adminRest().put(settings, Map.of("emailReceipts", true)).expect(200);
        try {
            String stranger = withStep.createUser("xena", "Xena-Passw0rd!!");
            var unverified = withStep.admin().users().get(stranger).toRepresentation();
            unverified.setEmailVerified(false);
            withStep.admin().users().get(stranger).update(unverified);
            withStep.adminRest().put(withStep.adminUrl() + "/ciam-consent/users/" + stranger + "/marketing_email",
                    Map.of("decision", "granted")).expect(200);

            withStep.createUser("yara", "Yara-Passw0rd!!");
            dev.ciampack.testsuite.http.OidcLogin login = withStep.newLogin();
            login.finish(login.start(Map.of()).form("#kc-form-login").set("username", "yara")
                    .set("password", "Yara-Passw0rd!!").submit().form("#ciam-consent-form").submit("action", "accept_all"));
            jakarta.mail.internet.MimeMessage mail = withStep.mailbox().awaitNext("yara@ciam.test", 0,
                    java.time.Duration.ofSeconds(20));
            String text = dev.ciampack.testsuite.mail.Mailbox.text(mail);
            java.util.List<String> receipts = text.lines().map(String::strip).filter(l -> l.startsWith("eyJ")).toList();

            assertThat(withStep.mailbox().to("yara@ciam.test")).as("one mail for the step's two decisions").hasSize(1);
            assertThat(receipts).hasSize(2);
            for (String receipt : receipts) {
                assertThat(verifiesWithJwks(withStep, receipt)).isTrue();
            }
            assertThat(receipts).extracting(r -> payload(r).at("/notice/purposeId").asText())
                    .containsExactlyInAnyOrder("marketing_email", "personalization");
            // The stranger's decision was made before yara's mail arrived: it would have come by now.
            assertThat(withStep.mailbox().to("xena@ciam.test")).as("unverified address").isEmpty();
        } finally {
            withStep.adminRest().put(settings, Map.of("emailReceipts", false)).expect(200);
        }
    }
}

package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Consent decisions only through the channels meant for them: the self-service API records a decision
 * only with a token carrying the {@code ciam-consent} scope; a required purpose is granted before sign-in
 * completes, also by people who withdrew it and when a purpose becomes required later.
 */
class ConsentChannelsIT {

    private static final String PASSWORD = "Channel-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void setUp() {
        definePurposes(false);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        ClientScopes.consent(realm.admin(), false, TestRealm.CLIENT_ID);
    }

    /** {@code terms} (required) and {@code photos} (required or not), both version 1. */
    private static void definePurposes(boolean photosRequired) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "terms", "version": 1, "required": true, "title": {"en": "Terms of service"},
                  "description": {"en": "The shop's terms."}},
                 {"id": "photos", "version": 1, "required": %s, "title": {"en": "Photo reviews"},
                  "description": {"en": "Your photos with your reviews."}}]""".formatted(photosRequired)).expect(200);
    }

    private static Page signIn(OidcLogin login, String username, Map<String, String> params) {
        return login.start(params).form("#kc-form-login").set("username", username).set("password", PASSWORD).submit();
    }

    /** Signs in answering the consent step with {@code action} ({@code accept_all}, {@code reject_all}...). */
    private static Tokens signInAnswering(String username, String action, Map<String, String> params) {
        OidcLogin login = realm.newLogin();
        Page step = signIn(login, username, params);
        return login.finish(step.form("#ciam-consent-form").submit("action", action));
    }

    private static JsonNode history(String userId) {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200).json();
    }

    @Test
    @DisplayName("a token without the ciam-consent scope may read but not decide; with it, it may (control)")
    void decidingNeedsTheScope() {
        String dana = realm.createUser("dana", PASSWORD);
        Tokens plain = signInAnswering("dana", "accept_all", Map.of());
        int before = history(dana).size();
        Rest withoutScope = Rest.bearer(plain.accessToken());

        Rest.Response refused = withoutScope.put(realm.url() + "/ciam-consent/me/photos", Map.of("decision", "withdrawn"));
        Rest.Response read = withoutScope.get(realm.url() + "/ciam-consent/me");
        JsonNode afterRefusal = history(dana);
        OidcLogin scoped = realm.newLogin();
        Tokens withScope = scoped.finish(signIn(scoped, "dana", Map.of("scope", "openid ciam-consent")));
        Rest.Response accepted = Rest.bearer(withScope.accessToken()).put(realm.url() + "/ciam-consent/me/photos",
                Map.of("decision", "withdrawn"));

        assertThat(String.valueOf(plain.accessClaims().get("scope"))).doesNotContain("ciam-consent");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("insufficient_scope");
        assertThat(read.status()).isEqualTo(200);
        assertThat(afterRefusal).as("nothing recorded").hasSize(before);
        assertThat(String.valueOf(withScope.accessClaims().get("scope"))).contains("ciam-consent");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(history(dana)).hasSize(before + 1);
    }

    @Test
    @DisplayName("a person who withdrew a required purpose is asked again, told why, and signs in only after granting it")
    void withdrawnRequiredPurposeAskedAgain() {
        realm.createUser("eli", PASSWORD);
        signInAnswering("eli", "accept_all", Map.of());
        // The person withdraws it themselves, through self-service (their right), with a token of the consent scope.
        OidcLogin scoped = realm.newLogin();
        Tokens withScope = scoped.finish(signIn(scoped, "eli", Map.of("scope", "openid ciam-consent")));
        Rest.bearer(withScope.accessToken()).put(realm.url() + "/ciam-consent/me/terms", Map.of("decision", "withdrawn"))
                .expect(200);

        OidcLogin login = realm.newLogin();
        Page step = signIn(login, "eli", Map.of());
        Page refused = step.form("#ciam-consent-form").submit("action", "reject_all");
        Tokens tokens = login.finish(refused.form("#ciam-consent-form").submit("action", "accept_all"));

        assertThat(step.document().select(".ciam-consent-purpose")).extracting(e -> e.id())
                .containsExactly("ciam-consent-purpose-terms");
        assertThat(step.text("#ciam-consent-purpose-terms .ciam-consent-needed-again")).hasValueSatisfying(
                t -> assertThat(t).contains("you withdrew this earlier"));
        assertThat(refused.location()).as("no way past the step without the grant").isEmpty();
        assertThat(refused.document().text()).contains("To continue you need to accept");
        assertThat(tokens.accessToken()).isNotBlank();
        JsonNode me = Rest.bearer(tokens.accessToken()).get(realm.url() + "/ciam-consent/me").expect(200).json();
        assertThat(me).filteredOn(c -> c.at("/purpose/id").asText().equals("terms")).hasSize(1)
                .allSatisfy(c -> assertThat(c.get("mayUse").asBoolean()).isTrue());
    }

    @Test
    @DisplayName("a purpose made required after a person refused it is asked at their next sign-in, same version")
    void purposeMadeRequiredIsAsked() {
        realm.createUser("fay", PASSWORD);
        OidcLogin first = realm.newLogin();
        Page step = signIn(first, "fay", Map.of());
        first.finish(step.form("#ciam-consent-form").set("purpose_terms", "on").submit("action", "save"));
        Page notAsked = signIn(realm.newLogin(), "fay", Map.of());

        definePurposes(true);
        try {
            OidcLogin second = realm.newLogin();
            Page asked = signIn(second, "fay", Map.of());

            assertThat(notAsked.location()).as("control: optional and refused, not asked again").isPresent();
            assertThat(asked.document().select(".ciam-consent-purpose")).extracting(e -> e.id())
                    .containsExactly("ciam-consent-purpose-photos");
            assertThat(second.finish(asked.form("#ciam-consent-form").submit("action", "accept_all")).accessToken())
                    .isNotBlank();
        } finally {
            definePurposes(false);
        }
    }
}

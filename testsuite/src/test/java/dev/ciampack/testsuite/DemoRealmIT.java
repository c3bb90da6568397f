package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;

/** The demo realm that {@code mvn -Pdemo} and docker/compose.yaml import stays importable and usable. */
class DemoRealmIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.fromJson(Path.of(System.getProperty("ciam.demo.realm")));

    /** Jane has decided already (recorded by an administrator), so her sign-ins go straight through. */
    @BeforeAll
    static void janeHasDecided() {
        String jane = realm.userId("jane@example.com");
        for (String purpose : List.of("marketing_email", "personalization", "analytics")) {
            realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + jane + "/" + purpose,
                    Map.of("decision", "granted")).expect(200);
        }
    }

    @Test
    @DisplayName("the demo realm asks for marketing, personalization and analytics consent at first sign-in")
    void demoAsksForConsent() {
        OidcLogin login = realm.newLogin();

        Page step = login.start(Map.of("ui_locales", "pt-BR")).form("#kc-form-login")
                .set("username", "joao@example.com").set("password", "Demo-Passw0rd!").submit();

        assertThat(step.document().select(".ciam-consent-title").eachText())
                .containsExactly("E-mails de marketing", "Personalização", "Análise de uso");
        Tokens tokens = login.finish(step.form("#ciam-consent-form").submit("action", "reject_all"));
        assertThat(tokens.idClaims()).containsEntry("email", "joao@example.com");
        assertThat(realm.admin().users().userProfile().getConfiguration().getAttribute("ciam_consent_analytics"))
                .as("imported purposes are declared in the User Profile").isNotNull();
    }

    @Test
    @DisplayName("the demo user signs in to the demo realm with the credentials the README gives")
    void demoUserSignsIn() {
        OidcLogin login = realm.newLogin();

        Tokens tokens = login.passwordLogin("jane@example.com", "Demo-Passw0rd!");

        assertThat(tokens.idClaims()).containsEntry("email", "jane@example.com").containsEntry("given_name", "Jane");
    }

    @Test
    @DisplayName("the demo user opens the account console API with the sign-in URL the demo prints")
    void demoUserReachesAccountApi() {
        OidcLogin login = new OidcLogin(new BrowserClient(), realm.url(), "account-console", realm.url() + "/account/");
        Tokens tokens = login.passwordLogin("jane@example.com", "Demo-Passw0rd!");

        HttpResponse<String> account = login.browser().send(HttpRequest.newBuilder(URI.create(realm.url() + "/account/"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Accept", "application/json").GET().build());

        assertThat(account.statusCode()).as("claims %s", tokens.accessClaims()).isEqualTo(200);
        assertThat(account.body()).contains("\"email\":\"jane@example.com\"");
    }

    @Test
    @DisplayName("the demo realm shows the ciam theme in Brazilian Portuguese on request")
    void demoRealmSpeaksPortuguese() {
        Page page = realm.newLogin().start(Map.of("ui_locales", "pt-BR"));

        assertThat(page.text("#kc-page-title")).hasValue("Entre na sua conta");
        assertThat(page.body()).contains("/login/ciam/css/brand.css");
    }

    @Test
    @DisplayName("the demo client is public and requires PKCE S256")
    void demoClientRequiresPkce() {
        var client = realm.admin().clients().findByClientId("ciam-demo-app").get(0);

        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
        assertThat(client.getRedirectUris()).containsExactly("http://localhost:3000/*");
    }
}

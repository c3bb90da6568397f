package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

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

        Page codePage = login.start(Map.of("ui_locales", "pt-BR")).form("#ciam-identifier-first-form")
                .set("identifier", "joao@example.com").submit("ciam_action", "identify");
        Page step = codePage.form("#ciam-email-code-form").set("code", code("joao@example.com", 0))
                .submit("ciam_action", "verify");

        assertThat(step.document().select(".ciam-consent-title").eachText())
                .containsExactly("E-mails de marketing", "Personalização", "Análise de uso");
        Tokens tokens = login.finish(step.form("#ciam-consent-form").submit("action", "reject_all"));
        assertThat(tokens.idClaims()).containsEntry("email", "joao@example.com");
        assertThat(realm.admin().users().userProfile().getConfiguration().getAttribute("ciam_consent_analytics"))
                .as("imported purposes are declared in the User Profile").isNotNull();
    }

    private static String code(String email, int seen) {
        return Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
    }

    /** Identifier first, then the emailed code. */
    static Tokens codeLogin(OidcLogin login, String email, int seen) {
        Page codePage = login.start().form("#ciam-identifier-first-form").set("identifier", email)
                .submit("ciam_action", "identify");
        return login.finish(codePage.form("#ciam-email-code-form").set("code", code(email, seen))
                .submit("ciam_action", "verify"));
    }

    @Test
    @DisplayName("the demo flow: identifier first, then one email with a code and a magic link; the link signs in")
    void demoUserSignsInWithTheLink() {
        OidcLogin login = realm.newLogin();

        Page codePage = login.start().form("#ciam-identifier-first-form").set("identifier", "jane@example.com")
                .submit("ciam_action", "identify");
        MimeMessage mail = realm.mailbox().awaitNext("jane@example.com", 0, Duration.ofSeconds(10));
        Page confirm = login.browser().get(Mailbox.link(mail, "/login-actions/action-token"));
        Tokens tokens = login.finish(confirm.form("#ciam-magic-link-confirm-form").submit());

        assertThat(codePage.document().select("#ciam-email-code-form")).isNotEmpty();
        assertThat(codePage.document().select("#ciam-identifier-passkey")).as("passkey offered").isEmpty();
        assertThat(tokens.idClaims()).containsEntry("email", "jane@example.com").containsEntry("given_name", "Jane");
    }

    @Test
    @DisplayName("the demo asks for the home type from the second sign-in, with its benefit, in Portuguese too")
    void demoAsksHomeTypeFromSecondSignIn() {
        String lia = realm.createUser("lia", "Lia-Passw0rd!");
        for (String purpose : List.of("marketing_email", "personalization", "analytics")) {
            realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + lia + "/" + purpose,
                    Map.of("decision", "granted")).expect(200);
        }
        var rep = realm.admin().toRepresentation();
        rep.setBrowserFlow("browser");
        realm.admin().update(rep);
        try {
            Tokens first = realm.newLogin().passwordLogin("lia@ciam.test", "Lia-Passw0rd!");
            OidcLogin second = realm.newLogin();
            Page question = second.start(Map.of("ui_locales", "pt-BR")).form("#kc-form-login").set("username", "lia@ciam.test")
                    .set("password", "Lia-Passw0rd!").submit();
            Tokens tokens = second.finish(question.form("#ciam-profile-form").set("homeType", "apartment")
                    .submit("ciam_action", "save"));

            assertThat(first.idClaims()).containsEntry("sub", lia);
            assertThat(question.document().select("label[for=homeType]").text()).isEqualTo("Tipo de moradia");
            assertThat(question.document().select("#homeType option").eachText())
                    .containsExactly("Escolha...", "Apartamento", "Casa");
            assertThat(question.text("#benefit-homeType")).hasValue("Para sugerirmos peças que cabem no seu espaço.");
            assertThat(tokens.idClaims()).containsEntry("sub", lia);
            assertThat(realm.admin().users().get(lia).toRepresentation().getAttributes())
                    .containsEntry("homeType", List.of("apartment"));
        } finally {
            rep.setBrowserFlow("ciam-identifier-first");
            realm.admin().update(rep);
        }
    }

    @Test
    @DisplayName("the demo's identifier page asks for an email address and offers a passkey")
    void demoIdentifierPage() {
        Page page = realm.newLogin().start();
        Page notAnAddress = page.form("#ciam-identifier-first-form").set("identifier", "jane")
                .submit("ciam_action", "identify");

        assertThat(page.document().select("#ciam-identifier-passkey")).hasSize(1);
        assertThat(page.document().select("label[for=identifier]").text()).isEqualTo("Email address");
        assertThat(notAnAddress.body()).contains("Enter a valid email address.");
    }

    @Test
    @DisplayName("the demo user opens the account console API with the sign-in URL the demo prints")
    void demoUserReachesAccountApi() {
        String kim = realm.createUser("kim", "unused-Passw0rd!");
        for (String purpose : List.of("marketing_email", "personalization", "analytics")) {
            realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + kim + "/" + purpose,
                    Map.of("decision", "withdrawn")).expect(200);
        }
        OidcLogin login = new OidcLogin(new BrowserClient(), realm.url(), "account-console", realm.url() + "/account/");
        Tokens tokens = codeLogin(login, "kim@ciam.test", 0);

        HttpResponse<String> account = login.browser().send(HttpRequest.newBuilder(URI.create(realm.url() + "/account/"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Accept", "application/json").GET().build());

        assertThat(account.statusCode()).as("claims %s", tokens.accessClaims()).isEqualTo(200);
        assertThat(account.body()).contains("\"email\":\"kim@ciam.test\"");
    }

    @Test
    @DisplayName("the demo realm shows the ciam theme in Brazilian Portuguese on request")
    void demoRealmSpeaksPortuguese() {
        Page page = realm.newLogin().start(Map.of("ui_locales", "pt-BR"));

        assertThat(page.text("#kc-page-title")).hasValue("Entrar");
        assertThat(page.body()).contains("Endereço de e-mail");
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

package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;

class PasswordLoginIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setLoginTheme("ciam");
        r.setEmailTheme("ciam");
    });

    @Test
    @DisplayName("a user signs in through the browser flow over HTTP and receives tokens")
    void passwordSignInReturnsTokens() {
        OidcLogin login = realm.newLogin();

        Tokens tokens = login.passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);

        UserRepresentation alice = realm.admin().users().searchByUsername(TestRealm.USERNAME, true).get(0);
        Map<String, Object> id = tokens.idClaims();
        assertThat(id.get("sub")).isEqualTo(alice.getId());
        assertThat(id.get("iss")).isEqualTo(realm.url());
        assertThat(id.get("nonce")).isEqualTo(login.nonce());
        assertThat(id.get("email")).isEqualTo(TestRealm.EMAIL);
        assertThat(tokens.accessClaims().get("azp")).isEqualTo(TestRealm.CLIENT_ID);
        assertThat(login.userinfo(tokens)).contains("\"preferred_username\":\"alice\"");
        assertThat(login.refresh(tokens).accessToken()).isNotBlank();
        assertThat(realm.admin().users().get(alice.getId()).getUserSessions()).isNotEmpty();
    }

    @Test
    @DisplayName("a wrong password shows the error on the ciam login page and issues no code")
    void wrongPasswordIssuesNoCode() {
        OidcLogin login = realm.newLogin();

        Page page = login.start().form("#kc-form-login")
                .set("username", TestRealm.USERNAME)
                .set("password", "not-the-password")
                .submit();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.location()).isEmpty();
        assertThat(page.body()).contains("Invalid username or password.");
        assertThat(page.body()).contains("/resources/").contains("/login/ciam/css/brand.css");
        assertThatThrownBy(() -> login.finish(page)).isInstanceOf(AssertionError.class);
    }

    @Test
    @DisplayName("mail Keycloak sends reaches the in-JVM SMTP server, written by the ciam email theme")
    void mailGoesToGreenMail() throws Exception {
        UserRepresentation alice = realm.admin().users().searchByUsername(TestRealm.USERNAME, true).get(0);

        realm.admin().users().get(alice.getId()).executeActionsEmail(List.of("UPDATE_PASSWORD"));

        assertThat(realm.mail().waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = realm.mail().getReceivedMessagesForDomain("ciam.test")[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(TestRealm.EMAIL);
        assertThat(mail.getFrom()[0].toString()).contains(TestRealm.MAIL_FROM);
        assertThat(mail.getSubject()).isEqualTo("Action needed on your account");
    }
}

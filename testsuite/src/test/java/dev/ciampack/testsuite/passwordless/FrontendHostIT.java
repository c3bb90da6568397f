package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.sms.SmsGateway;

/**
 * Links and the WebOTP line name the realm's frontend URL (as Keycloak's own emails do), not the host a request
 * claims: the sign-in requests carry a forged {@code X-Forwarded-Host}, which the shared test server trusts from
 * loopback, as it would from a proxy that passes the client's Host on. The realm's frontend URL is
 * {@code http://127.0.0.1:<port>} (the sign-ins browse it there, so the session cookie belongs to the host of its
 * forms); a realm without a frontend URL is the control.
 */
class FrontendHostIT {

    private static final String FORGED = "evil.example";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();
    @RegisterExtension
    static final TestRealm control = TestRealm.create();

    private static String frontend;

    @BeforeAll
    static void flows() {
        URI base = URI.create(realm.keycloak().server().baseUrl());
        frontend = "http://127.0.0.1:" + base.getPort();
        RealmRepresentation rep = realm.admin().toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put("frontendUrl", frontend);
        rep.setAttributes(attributes);
        realm.admin().update(rep);
        for (TestRealm r : List.of(realm, control)) {
            Flows.browserFlow(r.admin(), "link", List.of(new Flows.Step("ciam-magic-link", "REQUIRED", Map.of())));
        }
        SmsCodeIT.declarePhoneAttribute(realm);
        String sms = Flows.create(realm.admin(), "sms", List.of(
                new Flows.Step("ciam-sms-code", "REQUIRED", Map.of("sms-sender", "http"))));
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("sms");
        client.setPublicClient(true);
        client.setRedirectUris(List.of(realm.redirectUri()));
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", sms));
        realm.admin().clients().create(client).close();
    }

    private static OidcLogin atFrontend(String clientId) {
        return new OidcLogin(new BrowserClient(), frontend + "/realms/" + realm.name(), clientId, realm.redirectUri());
    }

    /** Asks for a link with a forged host on that one request; the link mailed. */
    private static String linkAskedWithForgedHost(TestRealm in, OidcLogin login, String email) {
        Page identify = login.start();
        login.browser().header("X-Forwarded-Host", FORGED);
        try {
            identify.form("#ciam-email-code-identify-form").set("email", email).submit();
        } finally {
            login.browser().header("X-Forwarded-Host", null);
        }
        return Mailbox.link(in.mailbox().awaitNext(email, 0, Duration.ofSeconds(10)), "/login-actions/action-token");
    }

    @Test
    @DisplayName("a magic link asked for with a forged host names the realm's frontend URL, and signs in")
    void linkNamesTheFrontendUrl() {
        realm.createUser("hana", "unused-Passw0rd!");
        OidcLogin login = atFrontend(TestRealm.CLIENT_ID);

        String link = linkAskedWithForgedHost(realm, login, "hana@ciam.test");
        Page confirm = login.browser().get(link);
        Tokens tokens = login.finish(confirm.form("#ciam-magic-link-confirm-form").submit());

        assertThat(link).startsWith(frontend + "/realms/" + realm.name() + "/login-actions/action-token").doesNotContain(FORGED);
        assertThat(tokens.idClaims()).containsEntry("email", "hana@ciam.test");
    }

    @Test
    @DisplayName("control: without a frontend URL the forged host reaches the link (set --hostname or the realm's frontend URL)")
    void withoutFrontendUrlTheRequestHostIsUsed() {
        control.createUser("hugo", "unused-Passw0rd!");

        String link = linkAskedWithForgedHost(control, control.newLogin(), "hugo@ciam.test");

        assertThat(URI.create(link).getHost()).isEqualTo(FORGED);
    }

    @Test
    @DisplayName("the WebOTP line of an SMS asked for with a forged host names the frontend URL's host")
    void webOtpLineNamesTheFrontendHost() {
        String id = realm.createUser("hilo", "unused-Passw0rd!");
        var user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("phone_number", "+5511944443333");
        realm.admin().users().get(id).update(user);
        OidcLogin login = atFrontend("sms");
        int seen = SmsGateway.shared().to("+5511944443333").size();

        Page smsPage = login.start();
        login.browser().header("X-Forwarded-Host", FORGED);
        try {
            smsPage.form("#ciam-sms-code-identify-form").set("phone", "+5511944443333").submit();
        } finally {
            login.browser().header("X-Forwarded-Host", null);
        }
        String text = SmsGateway.shared().awaitNext("+5511944443333", seen, Duration.ofSeconds(10)).text();

        assertThat(text).contains("\n\n@127.0.0.1 #").doesNotContain(FORGED);
    }
}

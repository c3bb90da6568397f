package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.testsuite.browser.CallbackServer;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.KeycloakDistribution;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;
import dev.ciampack.testsuite.sms.SmsGateway;

/**
 * The operator's path of the README for SMS in production: the default sender is chosen at build time
 * ({@code kc.sh build --spi-ciam-sms-sender--provider=http}), the gateway's settings at start
 * ({@code kc.sh start --optimized --spi-ciam-sms-sender--http--...}), and a realm's SMS step without a sender of
 * its own reaches the gateway, with a custom body template.
 */
class SmsOperatorPathIT {

    private static final String REALM = "sms-operator";
    private static final List<String> BUILD = buildOptions();
    /** The README's custom-template example, plus a probe of what Keycloak's configuration does with ${...}. */
    private static final String TEMPLATE = "{\"to\":\"{to}\",\"text\":\"{text}\",\"shop\":\"{realm}\",\"probe\":\"${user.home}\"}";

    private static KeycloakDistribution distribution;
    private static KeycloakServer server;
    private static CallbackServer callback;
    private static final SmsGateway gateway = SmsGateway.shared();

    private static List<String> buildOptions() {
        List<String> options = new ArrayList<>(TestServers.buildOptions(HarnessSettings.Database.H2));
        options.add("--spi-ciam-sms-sender--provider=http");
        return List.copyOf(options);
    }

    @BeforeAll
    static void buildThenStartOptimized() {
        distribution = KeycloakDistribution.prepare("h2-sms-http", BUILD, HarnessSettings.providerJars());
        List<String> runtime = new ArrayList<>(gateway.serverOptions());
        runtime.add("--spi-ciam-sms-sender--http--body-template=" + TEMPLATE);
        server = TestServers.startSingle("sms-operator", distribution, null, runtime);
        callback = CallbackServer.start();
        try (Keycloak admin = server.newAdminClient()) {
            RealmRepresentation realm = new RealmRepresentation();
            realm.setRealm(REALM);
            realm.setEnabled(true);
            realm.setDisplayName("Casa Operator");
            ClientRepresentation app = new ClientRepresentation();
            app.setClientId("app");
            app.setPublicClient(true);
            app.setRedirectUris(List.of(callback.redirectUri()));
            app.setAttributes(new HashMap<>(Map.of("pkce.code.challenge.method", "S256")));
            realm.setClients(List.of(app));
            admin.realms().create(realm);
            UPConfig profile = admin.realm(REALM).users().userProfile().getConfiguration();
            UPAttribute phone = new UPAttribute("phone_number");
            phone.setPermissions(new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
            profile.addOrReplaceAttribute(phone);
            admin.realm(REALM).users().userProfile().update(profile);
            // No sms-sender in the step: the server's default, chosen at build time.
            Flows.browserFlow(admin.realm(REALM), "sms", List.of(new Flows.Step("ciam-sms-code", "REQUIRED",
                    Map.of("default-region", "BR"))));
            UserRepresentation ines = Users.withPassword("ines", "ines@ciam.test", "Ines", "Operator", "Ines-Passw0rd!");
            ines.setAttributes(Map.of("phone_number", List.of("+5511955554444")));
            admin.realm(REALM).users().create(ines).close();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (callback != null) {
            callback.close();
        }
    }

    @Test
    @DisplayName("built with the http sender, started --optimized with the gateway's settings: the code reaches the gateway "
            + "in the custom template and signs in")
    void codeReachesTheGateway() throws Exception {
        OidcLogin login = new OidcLogin(new BrowserClient(), server.baseUrl() + "/realms/" + REALM, "app",
                callback.redirectUri());
        int seen = gateway.to("+5511955554444").size();

        Page codePage = login.start().form("#ciam-sms-code-identify-form").set("phone", "(11) 95555-4444").submit();
        SmsGateway.Message sms = gateway.awaitNext("+5511955554444", seen, Duration.ofSeconds(10));
        Tokens tokens = login.finish(codePage.form("#ciam-sms-code-form").set("code", SmsGateway.code(sms))
                .submit("ciam_action", "verify"));

        JsonNode body = new ObjectMapper().readTree(sms.body());
        assertThat(tokens.idClaims()).containsEntry("preferred_username", "ines");
        assertThat(sms.authorization()).isEqualTo(SmsGateway.AUTHORIZATION);
        assertThat(body.path("to").asText()).isEqualTo("+5511955554444");
        assertThat(body.path("shop").asText()).isEqualTo(REALM);
        assertThat(body.path("text").asText()).contains("Casa Operator").contains(SmsGateway.code(sms));
        // Why the placeholders are {to} and not ${to}: Keycloak's configuration expands ${...} before the pack sees it.
        assertThat(body.path("probe").asText()).as("${user.home} in an option value").isEqualTo(System.getProperty("user.home"));
    }

    @Test
    @DisplayName("the sender chosen at start instead of at build time: Keycloak refuses to start --optimized (why the README says build)")
    void providerAtStartIsRefused() throws Exception {
        List<String> runtime = new ArrayList<>(gateway.serverOptions());
        runtime.add("--spi-ciam-sms-sender--provider=log");
        Throwable failure = catchThrowable(() -> TestServers.startSingle("sms-operator-wrong", distribution, null, runtime)
                .stop());

        assertThat(failure).as("start with a different build-time option").isNotNull();
        assertThat(Files.readString(HarnessSettings.target().resolve("keycloak").resolve("sms-operator-wrong.log")))
                .contains("build time options have values that differ from what is persisted");
    }
}

package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.ThemeInfoRepresentation;

import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.server.HarnessSettings;

class ServerWithBundleIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @Test
    @DisplayName("the server runs the pinned Keycloak (<keycloak.version>, never a patch with a known account-takeover flaw) with the bundle in providers/")
    void serverRunsPinnedVersionWithBundle() {
        ServerInfoRepresentation info = realm.keycloak().admin().serverInfo().getInfo();

        assertThat(info.getSystemInfo().getVersion()).isEqualTo(HarnessSettings.keycloakVersion())
                .as("CVE-2026-18963 (account takeover through reset credentials) and CVE-2026-15571, fixed in 26.7.2")
                .isNotIn("26.7.0", "26.7.1");
        Path installed = realm.keycloak().server().distribution().home()
                .resolve("providers").resolve(HarnessSettings.bundleJar().getFileName());
        assertThat(installed).exists();
        assertThat(installed).hasSameBinaryContentAs(HarnessSettings.bundleJar());
    }

    @Test
    @DisplayName("server info lists the pack's ciam login and email themes")
    void serverInfoListsPackThemes() {
        ServerInfoRepresentation info = realm.keycloak().admin().serverInfo().getInfo();

        assertThat(names(info.getThemes().get("login"))).contains("ciam");
        assertThat(names(info.getThemes().get("email"))).contains("ciam");
        assertThat(info.getThemes().get("login").stream().filter(t -> t.getName().equals("ciam")).findFirst()
                .orElseThrow().getLocales()).contains("en", "pt-BR");
    }

    /** Every provider the bundle registers, as (SPI, provider id) in server info. Update with each new provider. */
    private static final Map<String, String> PACK_PROVIDERS = Map.ofEntries(
            Map.entry("dev.ciampack.authenticators.emailcode.EmailCodeAuthenticatorFactory", "authenticator/ciam-email-code"),
            Map.entry("dev.ciampack.authenticators.magiclink.MagicLinkAuthenticatorFactory", "authenticator/ciam-magic-link"),
            Map.entry("dev.ciampack.authenticators.magiclink.MagicLinkTokenHandler", "actionTokenHandler/ciam-magic-link"),
            Map.entry("dev.ciampack.authenticators.magiclink.MagicLinkResourceFactory", "realm-restapi-extension/ciam-magic-link"),
            Map.entry("dev.ciampack.authenticators.smscode.SmsCodeAuthenticatorFactory", "authenticator/ciam-sms-code"),
            Map.entry("dev.ciampack.authenticators.identifierfirst.IdentifierFirstAuthenticatorFactory", "authenticator/ciam-identifier-first"),
            Map.entry("dev.ciampack.authenticators.identifierfirst.RouteConditionFactory", "authenticator/ciam-condition-route"),
            Map.entry("dev.ciampack.authenticators.passkeynudge.PasskeyNudgeAuthenticatorFactory", "authenticator/ciam-passkey-nudge"),
            Map.entry("dev.ciampack.authenticators.profiling.ProgressiveProfileFactory", "required-action/ciam-progressive-profile"),
            Map.entry("dev.ciampack.authenticators.sms.log.LogSmsSenderFactory", "ciam-sms-sender/log"),
            Map.entry("dev.ciampack.authenticators.sms.http.HttpSmsSenderFactory", "ciam-sms-sender/http"),
            Map.entry("dev.ciampack.consent.rest.SelfServiceResourceProviderFactory", "realm-restapi-extension/ciam-consent"),
            Map.entry("dev.ciampack.consent.rest.AdminResourceProviderFactory", "admin-realm-restapi-extension/ciam-consent"),
            Map.entry("dev.ciampack.consent.action.ConsentRequiredActionFactory", "required-action/ciam-consent"),
            Map.entry("dev.ciampack.consent.store.DefaultConsentProviderFactory", "ciam-consent/default"),
            Map.entry("dev.ciampack.consent.store.ConsentLedgerJpaProviderFactory", "jpa-entity-provider/ciam-consent-ledger"),
            Map.entry("dev.ciampack.enrichment.validation.NotJunkValidator", "validator/ciam-not-junk"),
            Map.entry("dev.ciampack.enrichment.context.LoginContextActionFactory", "required-action/ciam-login-context"),
            Map.entry("dev.ciampack.enrichment.context.VouchedAnonymousIdExecutorFactory",
                    "client-policy-executor/ciam-vouched-anonymous-id"),
            Map.entry("dev.ciampack.enrichment.claim.PersonalizationMapper", "protocol-mapper/ciam-personalization"),
            Map.entry("dev.ciampack.consent.signals.ConsentModeMapper", "protocol-mapper/ciam-consent-mode"),
            Map.entry("dev.ciampack.enrichment.social.ClaimImportMapper", "identity-provider-mapper/ciam-claim-import"),
            Map.entry("dev.ciampack.events.listener.EventsListenerFactory", "eventsListener/ciam-events"),
            Map.entry("dev.ciampack.events.outbox.OutboxIndexJpaProviderFactory",
                    "jpa-entity-provider/ciam-events-outbox-index"),
            Map.entry("dev.ciampack.enrichment.context.ProfileSegmentsListenerFactory",
                    "eventsListener/ciam-profile-segments"),
            Map.entry("dev.ciampack.events.rest.EventsAdminResourceFactory", "admin-realm-restapi-extension/ciam-events"),
            Map.entry("dev.ciampack.events.rest.SinkPage", "ui-page/ciam-event-sinks"),
            Map.entry("dev.ciampack.consent.store.page.PurposePage", "ui-page/ciam-consent-purposes"),
            Map.entry("dev.ciampack.authenticators.profiling.QuestionPage", "ui-page/ciam-profile-questions"),
            Map.entry("dev.ciampack.enrichment.context.SegmentPage", "ui-page/ciam-segments"),
            Map.entry("dev.ciampack.enrichment.claim.ClaimPage", "ui-page/ciam-personalization-claims"),
            Map.entry("dev.ciampack.consent.export.AccountPersonalData", "ciam-personal-data/account"),
            Map.entry("dev.ciampack.consent.rest.ConsentPersonalData", "ciam-personal-data/consent"),
            Map.entry("dev.ciampack.authenticators.profiling.ProfilingPersonalData",
                    "ciam-personal-data/progressive-profiling"),
            Map.entry("dev.ciampack.enrichment.export.EnrichmentPersonalData", "ciam-personal-data/enrichment"),
            Map.entry("dev.ciampack.events.listener.DeliveriesPersonalData", "ciam-personal-data/deliveries"),
            Map.entry("dev.ciampack.themes.brand.BrandPage", "ui-page/ciam-brand"),
            Map.entry("dev.ciampack.themes.brand.BrandResourceFactory", "realm-restapi-extension/ciam-brand"));

    @Test
    @DisplayName("server info lists every provider the bundle registers, and the test knows them all")
    void serverInfoListsPackProviders() throws Exception {
        List<String> registered = new java.util.ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(HarnessSettings.bundleJar().toFile())) {
            for (var entry : java.util.Collections.list(jar.entries())) {
                // Relocated libraries' own service files (Kafka's config providers) are not Keycloak providers.
                if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()
                        && !entry.getName().endsWith("org.keycloak.provider.Spi")
                        && !entry.getName().startsWith("META-INF/services/dev.ciampack.shaded.")) {
                    new String(jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .forEach(registered::add);
                }
            }
        }
        ServerInfoRepresentation info = realm.keycloak().admin().serverInfo().getInfo();
        List<String> entries;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(HarnessSettings.bundleJar().toFile())) {
            entries = jar.stream().map(java.util.jar.JarEntry::getName).toList();
        }

        assertThat(entries).as("Kafka's client is relocated").noneMatch(n -> n.startsWith("org/apache/kafka/"))
                .contains("dev/ciampack/shaded/kafka/clients/producer/KafkaProducer.class");
        assertThat(registered).containsExactlyInAnyOrderElementsOf(PACK_PROVIDERS.keySet());
        for (String spiAndId : PACK_PROVIDERS.values()) {
            String[] parts = spiAndId.split("/");
            assertThat(info.getProviders()).as("SPI %s", parts[0]).containsKey(parts[0]);
            assertThat(info.getProviders().get(parts[0]).getProviders()).as(spiAndId).containsKey(parts[1]);
        }
    }

    @Test
    @DisplayName("ciam-events checked at start that this Keycloak's outbox is the one the pack was built and tested with")
    void eventsCheckedTheOutbox() throws Exception {
        ServerInfoRepresentation info = realm.keycloak().admin().serverInfo().getInfo();
        Map<String, String> events = info.getProviders().get("eventsListener").getProviders().get("ciam-events")
                .getOperationalInfo();

        assertThat(events.get("keycloak-compatibility")).isEqualTo("outbox compatible (tested with Keycloak "
                + HarnessSettings.keycloakVersion() + ", running " + HarnessSettings.keycloakVersion() + ")");
        String log = Files.readString(realm.keycloak().server().logFile());
        // The start-up (the check runs there); deliveryOffIsSaidEverywhere logs the same line later, on purpose.
        String startUp = log.substring(0, Math.max(0, log.indexOf(" started in ")));
        assertThat(startUp).as("the server log up to 'started in'").contains("Keycloak " + HarnessSettings.keycloakVersion())
                .doesNotContain("ciam-events is off");
    }

    @Test
    @DisplayName("health and metrics answer on the management port only")
    void healthAndMetricsOnManagementPort() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String management = realm.keycloak().server().managementUrl();

        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(management + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metricsOnPublicPort = http.send(HttpRequest.newBuilder(
                URI.create(realm.keycloak().baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
        assertThat(metricsOnPublicPort.statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("on a Keycloak whose outbox is not the one the pack needs (simulated by the test probe), delivery "
            + "does not stop with a log line only: readiness is DOWN with the reason, the gauge is 0, the sinks API "
            + "answers 503 with the reason and the sinks page's status line says it; back to normal, all UP again")
    void deliveryOffIsSaidEverywhere() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String management = realm.keycloak().server().managementUrl();
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": "
                + "\"https://crm.example/hooks\", \"secrets\": [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"], "
                + "\"basis\": \"contract\", \"justification\": \"the shop's own CRM, which fulfils orders\"}]").expect(200);
        HttpResponse<String> readyBefore = get(http, management + "/health/ready");
        String missing = "OutboxStore#enqueuePending(String,String,String,String,String,String,String,String)";
        try {
            probe(http, "outbox-mismatch?missing=" + java.net.URLEncoder.encode(missing, java.nio.charset.StandardCharsets.UTF_8));

            HttpResponse<String> ready = get(http, management + "/health/ready");
            String metrics = get(http, management + "/metrics").body();
            var sinks = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks");
            String statusLine = realm.adminRest().get(realm.adminUrl() + "/components?name=crm").json()
                    .findValue("status").get(0).asText();

            assertThat(readyBefore.statusCode()).as("control: %s", readyBefore.body()).isEqualTo(200);
            assertThat(readyBefore.body()).contains("ciam-events delivery");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("ciam-events delivery", "\"DOWN\"", missing);
            assertThat(metrics).containsPattern("(?m)^ciam_events_delivery_up(\\{[^}]*\\})? 0\\.0$");
            assertThat(sinks.status()).isEqualTo(503);
            assertThat(sinks.json().get("error").asText()).isEqualTo("ciam_events_off");
            assertThat(sinks.json().get("error_description").asText()).contains(missing);
            assertThat(statusLine).startsWith("Delivery is off on this server:").contains(missing);
        } finally {
            probe(http, "outbox-mismatch");
        }
        assertThat(get(http, management + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(get(http, management + "/metrics").body())
                .containsPattern("(?m)^ciam_events_delivery_up(\\{[^}]*\\})? 1\\.0$");
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[]").expect(200);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void probe(HttpClient http, String pathAndQuery) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(realm.url() + "/ciam-test-probe/"
                        + pathAndQuery)).header("X-Probe-Token", HarnessSettings.probeToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("probe: %s", answer.body()).isEqualTo(204);
    }

    @Test
    @DisplayName("the server log is kept under target/")
    void serverLogUnderTarget() throws Exception {
        Path log = realm.keycloak().server().logFile();

        assertThat(log.toAbsolutePath().startsWith(HarnessSettings.target())).isTrue();
        assertThat(Files.readString(log)).contains("Keycloak " + HarnessSettings.keycloakVersion());
    }

    private static List<String> names(List<ThemeInfoRepresentation> themes) {
        return themes.stream().map(ThemeInfoRepresentation::getName).toList();
    }
}

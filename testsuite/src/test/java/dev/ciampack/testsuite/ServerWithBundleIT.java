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
    @DisplayName("the server runs Keycloak 26.7.0 with the bundle in providers/")
    void serverRunsPinnedVersionWithBundle() {
        ServerInfoRepresentation info = realm.keycloak().admin().serverInfo().getInfo();

        assertThat(info.getSystemInfo().getVersion()).isEqualTo(HarnessSettings.keycloakVersion());
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

        assertThat(events.get("keycloak-compatibility")).isEqualTo("outbox compatible (built and tested with Keycloak "
                + HarnessSettings.keycloakVersion() + ", running " + HarnessSettings.keycloakVersion() + ")");
        assertThat(Files.readString(realm.keycloak().server().logFile())).doesNotContain("ciam-events is off");
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

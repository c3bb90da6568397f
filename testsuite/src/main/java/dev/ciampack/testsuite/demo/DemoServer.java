package dev.ciampack.testsuite.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.KeycloakDistribution;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.ServerConfig;
import dev.ciampack.testsuite.server.TestServers;

/**
 * {@code mvn -Pdemo}: Keycloak with the pack and the {@code ciam-demo} realm on http://localhost:8080,
 * embedded H2, no Docker. Data persists between runs in {@code .keycloak/<version>/demo/data};
 * {@code -Dciam.demo.reset=true} starts from a fresh database (and re-imports the realm).
 *
 * <table>
 *   <tr><th>property</th><th>default</th></tr>
 *   <tr><td>{@code ciam.demo.port}</td><td>8080</td></tr>
 *   <tr><td>{@code ciam.demo.management-port}</td><td>9000</td></tr>
 *   <tr><td>{@code ciam.demo.reset}</td><td>false</td></tr>
 *   <tr><td>{@code ciam.demo.app-port}</td><td>3000</td></tr>
 * </table>
 */
public final class DemoServer {

    static final String REALM = "ciam-demo";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";
    static final String DEMO_USER = "jane@example.com";

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("ciam.demo.port", 8080);
        int managementPort = Integer.getInteger("ciam.demo.management-port", 9000);
        int appPort = Integer.getInteger("ciam.demo.app-port", 3000);
        int smtpPort = Integer.getInteger("ciam.demo.smtp-port", 3025);
        Path realmFile = Path.of(System.getProperty("ciam.demo.realm", "docker/realms/ciam-demo-realm.json"));

        KeycloakDistribution distribution = KeycloakDistribution.prepare("demo",
                TestServers.buildOptions(HarnessSettings.Database.H2), List.of(HarnessSettings.bundleJar()));
        Path data = distribution.flavourDir().resolve("data");
        if (Boolean.getBoolean("ciam.demo.reset")) {
            KeycloakDistribution.deleteTree(data);
        }
        Path importDir = distribution.home().resolve("data/import");
        Files.createDirectories(importDir);
        Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);

        ServerConfig config = ServerConfig.builder("demo")
                .httpPort(port)
                .managementPort(managementPort)
                .admin(ADMIN_USER, ADMIN_PASSWORD)
                .h2(data)
                .option("--import-realm")
                // The demo's event sink is the shop on loopback (never allow this on a reachable server).
                .option("--spi-events-listener--ciam-events--allow-private-sinks=true")
                .option("--spi-events-listener--ciam-events--drain-interval-seconds=1")
                .logFile(HarnessSettings.target().resolve("keycloak/demo.log"))
                .build();
        // The realm's SMTP settings point here (docker/realms: ${CIAM_DEMO_SMTP_HOST:localhost}:${CIAM_DEMO_SMTP_PORT:3025}).
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "ciam-demo-mail-stop"));
        KeycloakServer server = KeycloakServer.start(distribution, config);
        String base = "http://localhost:" + port;
        // A sink for the demo realm with a secret made for this run: the shop shows what it delivers at /events.
        String webhookSecret = DemoEvents.newSecret();
        DemoStorefront storefront = DemoStorefront.start(appPort, base + "/realms/" + REALM, mail, webhookSecret);
        try (org.keycloak.admin.client.Keycloak admin = server.newAdminClient()) {
            new dev.ciampack.testsuite.http.Rest(() -> admin.tokenManager().getAccessTokenString())
                    .put(base + "/admin/realms/" + REALM + "/ciam-events/sinks", demoSink(storefront.url(), webhookSecret))
                    .expect(200);
            // Only these clients' tokens may record consent decisions through /ciam-consent/me.
            ClientScopes.consent(admin.realm(REALM), true, "ciam-demo-app", "account-console");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(storefront::close, "ciam-demo-storefront-stop"));

        System.out.println();
        System.out.println("  CIAM Pack demo is running (Keycloak " + HarnessSettings.keycloakVersion() + ", embedded H2)");
        System.out.println();
        System.out.println("  Admin console : " + base + "/admin/master/console/#/" + REALM
                + "   (user " + ADMIN_USER + ", password " + ADMIN_PASSWORD + ")");
        System.out.println("  Demo sign-in  : " + base + "/realms/" + REALM + "/account"
                + "   (type " + DEMO_USER + ": a code and a sign-in link arrive in the demo inbox)");
        System.out.println("  Demo inbox    : " + storefront.url() + "mail");
        System.out.println("  Demo events   : " + storefront.url() + "events"
                + "   (signed CloudEvents the realm's ciam-events sink delivered)");
        System.out.println("  Demo shop     : " + storefront.url()
                + "   (signs in with the public client 'ciam-demo-app'; links to the consent review)");
        System.out.println("  Server log    : " + server.logFile());
        System.out.println();
        System.out.println("  Press Ctrl-C to stop.");
        System.out.println();
        afterKeycloak(server.awaitExit(), server.logFile(), storefront, mail::stop);
    }

    /**
     * The demo ends when its Keycloak ends: the shop and the mail server are stopped (their threads
     * would otherwise keep Maven waiting), and a Keycloak that did not stop on request (killed, crashed)
     * fails the run, so {@code mvn -Pdemo} exits with a non-zero status.
     *
     * @throws IllegalStateException when Keycloak's exit code is neither 0 nor that of SIGINT/SIGTERM
     */
    static void afterKeycloak(int exit, Path log, AutoCloseable... rest) throws Exception {
        for (AutoCloseable closeable : rest) {
            closeable.close();
        }
        if (exit != 0 && exit != 130 && exit != 143) {
            throw new IllegalStateException("Keycloak exited with code " + exit + "; the demo shop and mail server "
                    + "are stopped. See " + log);
        }
    }

    /**
     * The demo realm's one sink: every event type, two traits, only for people who granted
     * {@code personalization} (see event-listeners/README.md): someone who rejects it is not sent.
     */
    static String demoSink(String shopUrl, String secret) {
        return "[{\"id\": \"demo-shop\", \"type\": \"webhook\", \"url\": \"" + shopUrl + "events/hook\", "
                + "\"secrets\": [\"" + secret + "\"], \"attributes\": [\"firstName\", \"homeType\"], "
                + "\"purposes\": [\"personalization\"]}]";
    }
}

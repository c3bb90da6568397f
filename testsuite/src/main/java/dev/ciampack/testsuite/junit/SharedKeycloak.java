package dev.ciampack.testsuite.junit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.Keycloak;

import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.Postgres;
import dev.ciampack.testsuite.server.TestServers;
import dev.ciampack.testsuite.sms.SmsGateway;

/**
 * The one Keycloak of a test JVM, started by the first test class that needs it and stopped when
 * JUnit finishes (root-store resource) or, failing that, when the JVM exits (shutdown hook).
 * {@code -Dciam.kc.db=postgres} runs it on an embedded PostgreSQL instead of H2. Its {@code http} SMS
 * sender posts to this JVM's {@link SmsGateway}.
 */
public final class SharedKeycloak implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Object LOCK = new Object();
    private static SharedKeycloak instance;

    private final Postgres postgres;
    private final KeycloakServer server;
    private final Keycloak admin;

    /** The shared server's delays between event delivery attempts (the default's first is 5 s). */
    /** The web-font host the shared server allows brands to import from. */
    public static final String WEB_FONT_HOST = "fonts.example.test";
    public static final String TEST_RETRY_SCHEDULE = "1s,5s,30s,2m,10m,1h";

    private SharedKeycloak(Postgres postgres, KeycloakServer server) {
        this.postgres = postgres;
        this.server = server;
        this.admin = server.newAdminClient();
    }

    /** The shared server, started on first use; registers its shutdown with JUnit's root store. */
    public static SharedKeycloak get(ExtensionContext context) {
        synchronized (LOCK) {
            if (instance == null) {
                Postgres postgres = HarnessSettings.database() == HarnessSettings.Database.POSTGRES
                        ? Postgres.start() : null;
                try {
                    List<String> options = new ArrayList<>(SmsGateway.shared().serverOptions());
                    // Event sinks in tests are loopback receivers; drain every second, retry after 1 s first.
                    options.add("--spi-events-listener--ciam-events--allow-private-sinks=true");
                    options.add("--spi-events-listener--ciam-events--drain-interval-seconds=1");
                    options.add("--spi-events-listener--ciam-events--retry-schedule=" + TEST_RETRY_SCHEDULE);
                    // Small purge batches, so a test sees retention delete in steps.
                    options.add("--spi-events-listener--ciam-events--purge-batch-size=10");
                    // The one host brands may take web fonts from (BrandIT tries one host within and one without).
                    options.add("--spi-realm-restapi-extension--ciam-brand--web-font-hosts=" + WEB_FONT_HOST);
                    // Tests speak for other networks through X-Forwarded-For (sent only by the test JVM on loopback):
                    // Keycloak's view of the client address then follows the header, as behind a reverse proxy.
                    options.add("--proxy-headers=xforwarded");
                    options.add("--proxy-trusted-addresses=127.0.0.1,::1");
                    instance = new SharedKeycloak(postgres, TestServers.startSingle("shared", postgres, options));
                } catch (RuntimeException e) {
                    if (postgres != null) {
                        postgres.close();
                    }
                    throw e;
                }
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedKeycloak.class.getName(), instance);
            }
            return instance;
        }
    }

    public KeycloakServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** An admin client of the master realm, shared by all tests; do not close it. */
    public Keycloak admin() {
        return admin;
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            try {
                admin.close();
            } finally {
                server.stop();
                if (postgres != null) {
                    postgres.close();
                }
                instance = null;
            }
        }
    }
}

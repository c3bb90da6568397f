package dev.ciampack.testsuite.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The harness's knobs, read from system properties (the build sets the paths; a developer may
 * override any of them with {@code -Dname=value} on the Maven command line).
 *
 * <table>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ciam.kc.dist}</td><td>set by the build</td><td>the keycloak-quarkus-dist zip</td></tr>
 *   <tr><td>{@code ciam.bundle}</td><td>set by the build</td><td>the pack's bundle jar installed into {@code providers/}</td></tr>
 *   <tr><td>{@code ciam.kc.install-root}</td><td>{@code <repo>/.keycloak}</td><td>where unpacked, built servers are kept</td></tr>
 *   <tr><td>{@code ciam.kc.db}</td><td>{@code h2}</td><td>{@code h2} or {@code postgres} (embedded PostgreSQL)</td></tr>
 *   <tr><td>{@code ciam.kc.port}</td><td>a free port</td><td>HTTP port of the shared test server</td></tr>
 *   <tr><td>{@code ciam.kc.management-port}</td><td>a free port</td><td>management port (health, metrics)</td></tr>
 *   <tr><td>{@code ciam.kc.start-timeout}</td><td>{@code 240}</td><td>seconds to wait for readiness</td></tr>
 *   <tr><td>{@code ciam.target}</td><td>{@code target}</td><td>where logs and data of this run go, and the temporary
 *   folder of every server, database and browser the harness starts ({@code <target>/tmp})</td></tr>
 * </table>
 */
public final class HarnessSettings {

    public static final String KEYCLOAK_VERSION = "ciam.kc.version";
    public static final String DIST = "ciam.kc.dist";
    public static final String BUNDLE = "ciam.bundle";
    /** The test-only probe provider jar ({@code testsuite-probe}); absent outside the testsuite build. */
    public static final String PROBE = "ciam.probe";
    private static final String PROBE_TOKEN = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
    public static final String INSTALL_ROOT = "ciam.kc.install-root";
    public static final String DB = "ciam.kc.db";
    public static final String PORT = "ciam.kc.port";
    public static final String MANAGEMENT_PORT = "ciam.kc.management-port";
    public static final String START_TIMEOUT = "ciam.kc.start-timeout";
    public static final String TARGET = "ciam.target";

    private HarnessSettings() {
    }

    public static String keycloakVersion() {
        return required(KEYCLOAK_VERSION);
    }

    public static Path distributionZip() {
        return existingFile(DIST);
    }

    public static Path bundleJar() {
        return existingFile(BUNDLE);
    }

    /**
     * The providers every test server gets: the bundle, plus the test probe when the build made it
     * (see {@code testsuite-probe}: it fires an event and then fails the request, for rollback tests).
     */
    public static java.util.List<Path> providerJars() {
        String probe = System.getProperty(PROBE);
        if (probe == null || probe.isBlank() || !java.nio.file.Files.isRegularFile(Path.of(probe))) {
            return java.util.List.of(bundleJar());
        }
        return java.util.List.of(bundleJar(), Path.of(probe));
    }

    /** The probe's token for this test JVM (random, given to every server as {@code CIAM_TEST_PROBE_TOKEN}). */
    public static String probeToken() {
        return PROBE_TOKEN;
    }

    public static Path installRoot() {
        return Path.of(System.getProperty(INSTALL_ROOT,
                Path.of(System.getProperty("user.home"), ".cache", "ciam-pack").toString()));
    }

    public static Path target() {
        return Path.of(System.getProperty(TARGET, "target")).toAbsolutePath();
    }

    /**
     * The temporary folder of everything the harness starts (Keycloak and its build, the embedded PostgreSQL and its
     * extracted binaries, Chromium's profiles): {@code <target>/tmp}, created if needed. Nothing an earlier run left in
     * the machine's shared {@code /tmp} can make a run pass; {@code mvn clean} starts it empty.
     */
    public static Path tmpDir() {
        Path dir = target().resolve("tmp");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not create " + dir, e);
        }
        return dir;
    }

    /**
     * The file vault of every test server ({@code --vault=file}): a secret {@code key} of realm
     * {@code r} is the file {@code r_key} (underscores in either doubled).
     */
    public static Path vaultDir() {
        Path dir = target().resolve("keycloak").resolve("vault");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not create " + dir, e);
        }
        return dir;
    }

    public static Database database() {
        String db = System.getProperty(DB, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (db) {
            case "h2", "dev-file" -> Database.H2;
            case "postgres", "postgresql" -> Database.POSTGRES;
            default -> throw new IllegalArgumentException(
                    DB + " must be h2 or postgres, not '" + db + "'");
        };
    }

    public static Optional<Integer> port(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a port number, not '" + value + "'", e);
        }
    }

    public static int startTimeoutSeconds() {
        return Integer.parseInt(System.getProperty(START_TIMEOUT, "240"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + property
                    + " is not set; run the tests through Maven (mvn verify) so the build sets it");
        }
        return value;
    }

    private static Path existingFile(String property) {
        Path path = Path.of(required(property));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(property + " points to " + path
                    + ", which does not exist; build the pack first (mvn -DskipTests install)");
        }
        return path;
    }

    /** The database a server runs on. */
    public enum Database {
        H2("dev-file"),
        POSTGRES("postgres");

        private final String kcDb;

        Database(String kcDb) {
            this.kcDb = kcDb;
        }

        /** The value of Keycloak's build option {@code --db}. */
        public String kcDb() {
            return kcDb;
        }
    }
}

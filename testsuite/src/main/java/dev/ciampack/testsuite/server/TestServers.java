package dev.ciampack.testsuite.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Factories for the servers tests use: the pack's bundle installed, health and metrics on.
 */
public final class TestServers {

    private TestServers() {
    }

    /** Build options shared by every flavour; {@code --db} is added per database. */
    public static List<String> buildOptions(HarnessSettings.Database database) {
        return List.of(
                "--db=" + database.kcDb(),
                "--health-enabled=true",
                "--metrics-enabled=true",
                // Sink secrets may be vault references; every server reads HarnessSettings.vaultDir().
                "--vault=file");
    }

    public static KeycloakDistribution distribution(HarnessSettings.Database database) {
        return KeycloakDistribution.prepare(database.name().toLowerCase(java.util.Locale.ROOT),
                buildOptions(database), HarnessSettings.providerJars());
    }

    /** A single node on H2 (fresh database per run) or on the given PostgreSQL. */
    public static KeycloakServer startSingle(String name, Postgres postgresOrNull) {
        return startSingle(name, postgresOrNull, List.of());
    }

    /** As {@link #startSingle(String, Postgres)}, with further runtime options such as SPI settings. */
    public static KeycloakServer startSingle(String name, Postgres postgresOrNull, List<String> options) {
        HarnessSettings.Database database = postgresOrNull == null
                ? HarnessSettings.Database.H2 : HarnessSettings.Database.POSTGRES;
        return startSingle(name, distribution(database), postgresOrNull, options);
    }

    /** As {@link #startSingle(String, Postgres, List)}, on a distribution built with other build options. */
    public static KeycloakServer startSingle(String name, KeycloakDistribution distribution, Postgres postgresOrNull,
                                             List<String> options) {
        Path runDir = HarnessSettings.target().resolve("keycloak");
        ServerConfig.Builder config = ServerConfig.builder(name)
                .admin("admin", "admin-" + UUID.randomUUID())
                .logFile(runDir.resolve(name + ".log"));
        HarnessSettings.port(HarnessSettings.PORT).ifPresent(config::httpPort);
        HarnessSettings.port(HarnessSettings.MANAGEMENT_PORT).ifPresent(config::managementPort);
        if (postgresOrNull == null) {
            Path data = runDir.resolve(name + "-h2");
            deleteQuietly(data);
            config.h2(data);
        } else {
            config.postgres(postgresOrNull.jdbcUrl(), postgresOrNull.user(), postgresOrNull.password());
        }
        options.forEach(config::option);
        return KeycloakServer.start(distribution, config.build());
    }

    /**
     * {@code nodes} Keycloak nodes clustered over one PostgreSQL. They share one {@code --hostname}
     * (the first node's URL), as tokens must carry the same issuer whichever node issued them.
     */
    public static List<KeycloakServer> startCluster(String name, Postgres postgres, int nodes) {
        return startCluster(name, postgres, nodes, List.of());
    }

    /** As {@link #startCluster(String, Postgres, int)}, every node with further runtime options. */
    public static List<KeycloakServer> startCluster(String name, Postgres postgres, int nodes, List<String> options) {
        KeycloakDistribution distribution = distribution(HarnessSettings.Database.POSTGRES);
        Path runDir = HarnessSettings.target().resolve("keycloak");
        String adminPassword = "admin-" + UUID.randomUUID();
        int firstPort = Ports.free();
        List<KeycloakServer> started = new ArrayList<>();
        try {
            for (int i = 1; i <= nodes; i++) {
                String nodeName = name + "-node" + i;
                ServerConfig.Builder config = ServerConfig.builder(nodeName)
                        .httpPort(i == 1 ? firstPort : Ports.free())
                        .admin("admin", adminPassword)
                        .postgres(postgres.jdbcUrl(), postgres.user(), postgres.password())
                        .clustered(Ports.free())
                        .option("--hostname=http://localhost:" + firstPort)
                        .option("--hostname-backchannel-dynamic=true")
                        .logFile(runDir.resolve(nodeName + ".log"));
                options.forEach(config::option);
                started.add(KeycloakServer.start(distribution, config.build()));
            }
            return List.copyOf(started);
        } catch (RuntimeException e) {
            started.forEach(KeycloakServer::stop);
            throw e;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            KeycloakDistribution.deleteTree(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not clear " + dir, e);
        }
    }
}

package dev.ciampack.testsuite.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runtime settings of one Keycloak process; build with {@link #builder(String)}. */
public final class ServerConfig {

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final String adminUser;
    private final String adminPassword;
    private final List<String> databaseOptions;
    private final List<String> cacheOptions;
    private final List<String> extraOptions;
    private final List<String> javaOpts;
    private final Map<String, String> environment;
    private final Path logFile;

    private ServerConfig(Builder b) {
        this.name = b.name;
        this.httpPort = b.httpPort;
        this.managementPort = b.managementPort;
        this.adminUser = b.adminUser;
        this.adminPassword = b.adminPassword;
        this.databaseOptions = List.copyOf(b.databaseOptions);
        this.cacheOptions = List.copyOf(b.cacheOptions);
        this.extraOptions = List.copyOf(b.extraOptions);
        this.javaOpts = List.copyOf(b.javaOpts);
        this.environment = Map.copyOf(b.environment);
        this.logFile = Objects.requireNonNull(b.logFile, "logFile");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return logFile;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public List<String> javaOpts() {
        return javaOpts;
    }

    /** The arguments after {@code kc.sh}. */
    public List<String> startArguments() {
        List<String> args = new ArrayList<>(List.of(
                "start", "--optimized",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--vault-dir=" + HarnessSettings.vaultDir()));
        args.addAll(cacheOptions.isEmpty() ? List.of("--cache=local") : cacheOptions);
        args.addAll(databaseOptions);
        args.addAll(extraOptions);
        return args;
    }

    /** Builder; ports default to free loopback ports. */
    public static final class Builder {
        private final String name;
        private int httpPort;
        private int managementPort;
        private String adminUser = "admin";
        private String adminPassword = "admin";
        private final List<String> databaseOptions = new ArrayList<>();
        private final List<String> cacheOptions = new ArrayList<>();
        private final List<String> extraOptions = new ArrayList<>();
        private final List<String> javaOpts = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path logFile;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        public Builder admin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        /** H2 file database in {@code dataDir} (created on first start). */
        public Builder h2(Path dataDir) {
            databaseOptions.clear();
            databaseOptions.add("--db-url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("keycloakdb")
                    + ";NON_KEYWORDS=VALUE");
            return this;
        }

        public Builder postgres(String jdbcUrl, String user, String password) {
            databaseOptions.clear();
            databaseOptions.add("--db-url=" + jdbcUrl);
            databaseOptions.add("--db-username=" + user);
            databaseOptions.add("--db-password=" + password);
            return this;
        }

        /**
         * Clustered caches over JGroups on loopback; nodes of one cluster discover each other
         * through the shared database (Keycloak's default jdbc-ping stack).
         */
        public Builder clustered(int jgroupsPort) {
            cacheOptions.clear();
            cacheOptions.add("--cache=ispn");
            cacheOptions.add("--cache-embedded-network-bind-address=127.0.0.1");
            cacheOptions.add("--cache-embedded-network-bind-port=" + jgroupsPort);
            javaOpts.add("-Djgroups.fd.port-offset=1");
            return this;
        }

        /** Any further {@code kc.sh start} option, e.g. {@code --hostname=...} or {@code --import-realm}. */
        public Builder option(String option) {
            extraOptions.add(option);
            return this;
        }

        public Builder javaOpt(String opt) {
            javaOpts.add(opt);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public ServerConfig build() {
            if (httpPort == 0) {
                httpPort = Ports.free();
            }
            if (managementPort == 0) {
                managementPort = Ports.free();
            }
            if (httpPort == managementPort) {
                throw new IllegalArgumentException("HTTP and management ports must differ: " + httpPort);
            }
            return new ServerConfig(this);
        }
    }
}

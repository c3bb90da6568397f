package dev.ciampack.testsuite.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.keycloak.admin.client.Keycloak;

/**
 * One running Keycloak: {@code kc.sh start --optimized} as a child process, its output in a log
 * file, stopped with SIGTERM (the server JVM first, then the script), forcibly after 30 s.
 *
 * <p>A pid file beside the distribution records the server JVM; if a previous test JVM died
 * without stopping its server, the next start finds and stops that orphan (only if its command line
 * still points at this distribution, so an unrelated process with a recycled pid is left alone).
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KeycloakDistribution distribution;
    private final ServerConfig config;
    private final Process process;
    private final Path pidFile;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private KeycloakServer(KeycloakDistribution distribution, ServerConfig config, Process process, Path pidFile) {
        this.distribution = distribution;
        this.config = config;
        this.process = process;
        this.pidFile = pidFile;
        this.shutdownHook = new Thread(this::stop, "ciam-keycloak-stop-" + config.name());
    }

    /** Starts the server and waits until {@code /health/ready} answers 200. */
    public static KeycloakServer start(KeycloakDistribution distribution, ServerConfig config) {
        Path pidFile = distribution.flavourDir().resolve(config.name() + ".pid");
        stopOrphan(pidFile, distribution.home());
        for (int port : List.of(config.httpPort(), config.managementPort())) {
            if (Ports.inUse(port)) {
                throw new IllegalStateException("port " + port + " is already in use; choose another with -D"
                        + HarnessSettings.PORT + " / -D" + HarnessSettings.MANAGEMENT_PORT);
            }
        }
        try {
            Files.createDirectories(config.logFile().getParent());
            List<String> command = new ArrayList<>();
            command.add(distribution.home().resolve("bin/kc.sh").toString());
            command.addAll(config.startArguments());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(distribution.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(config.logFile().toFile());
            List<String> javaOpts = new ArrayList<>();
            // Without this Narayana opens an extra random port per server (KEYCLOAK-NOTES.md).
            javaOpts.add("-DCoreEnvironmentBean.processImplementationClassName="
                    + "com.arjuna.ats.internal.arjuna.utils.UuidProcessId");
            javaOpts.add("-Djava.io.tmpdir=" + HarnessSettings.tmpDir());
            javaOpts.add("-Dquarkus.transaction-manager.object-store.directory="
                    + distribution.flavourDir().resolve(config.name() + "-tx"));
            javaOpts.addAll(config.javaOpts());
            builder.environment().put("JAVA_OPTS_APPEND", String.join(" ", javaOpts));
            builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1g");
            builder.environment().put("CIAM_TEST_PROBE_TOKEN", HarnessSettings.probeToken());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", config.adminUser());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", config.adminPassword());
            builder.environment().putAll(config.environment());
            log("starting " + config.name() + " on http://localhost:" + config.httpPort()
                    + " (management " + config.managementPort() + ", log " + config.logFile() + ")");
            Instant begin = Instant.now();
            Process process = builder.start();
            KeycloakServer server = new KeycloakServer(distribution, config, process, pidFile);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.awaitReady(Duration.ofSeconds(HarnessSettings.startTimeoutSeconds()));
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            server.writePidFile();
            log(config.name() + " ready in " + Duration.between(begin, Instant.now()).toMillis() + " ms");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak " + config.name(), e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + config.httpPort();
    }

    public String managementUrl() {
        return "http://localhost:" + config.managementPort();
    }

    public ServerConfig config() {
        return config;
    }

    public KeycloakDistribution distribution() {
        return distribution;
    }

    public Path logFile() {
        return config.logFile();
    }

    /** The process id of the server JVM (the child of kc.sh), if it is running. */
    public Optional<ProcessHandle> serverJvm() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst();
    }

    /** Blocks until the server exits (e.g. after Ctrl-C) and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A new admin client for the master realm; close it when done. */
    public Keycloak newAdminClient() {
        return Keycloak.getInstance(baseUrl(), "master", config.adminUser(), config.adminPassword(), "admin-cli");
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(managementUrl() + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak " + config.name() + " exited with code "
                        + process.exitValue() + " before it was ready:\n"
                        + KeycloakDistribution.tail(config.logFile(), 60));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Keycloak " + config.name() + " was not ready within " + timeout
                + ":\n" + KeycloakDistribution.tail(config.logFile(), 60));
    }

    /** Stops the server JVM and the script; safe to call more than once. */
    public synchronized void stop() {
        end(false);
    }

    /**
     * Kills the server like a power cut (SIGKILL to the JVM and the script, no shutdown hooks), for
     * durability tests; the data directory is left as it is, so {@link #start} with the same
     * distribution and config starts it again on the same database.
     */
    public synchronized void kill() {
        end(true);
    }

    /** SIGTERM (or SIGKILL) to the script's descendants and the script, waits for all, forgets the pid. */
    private void end(boolean forcibly) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (ProcessHandle handle : concat(children, process.toHandle())) {
            waitFor(handle, deadline);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // harmless: the next start checks the pid before acting on it
        }
        log(config.name() + (forcibly ? " killed (SIGKILL)" : " stopped"));
    }

    @Override
    public void close() {
        stop();
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> children, ProcessHandle parent) {
        List<ProcessHandle> all = new ArrayList<>(children);
        all.add(parent);
        return all;
    }

    private static void waitFor(ProcessHandle handle, Instant deadline) {
        try {
            long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            handle.onExit().get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (handle.isAlive()) {
                log("pid " + handle.pid() + " did not stop in time; killing it");
                handle.destroyForcibly();
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the process check of whoever runs the tests
                }
            }
        }
    }

    private void writePidFile() throws IOException {
        StringBuilder pids = new StringBuilder();
        pids.append(process.pid()).append('\n');
        process.descendants().forEach(p -> pids.append(p.pid()).append('\n'));
        Files.writeString(pidFile, pids.toString());
    }

    private static void stopOrphan(Path pidFile, Path home) {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(pidFile)) {
                if (line.isBlank()) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(line.trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                        .ifPresent(p -> {
                            log("stopping orphaned Keycloak pid " + p.pid() + " left by an earlier run");
                            p.destroy();
                            waitFor(p, Instant.now().plus(STOP_TIMEOUT));
                        });
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            log("could not read " + pidFile + ": " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void log(String message) {
        System.out.println("[ciam-harness] " + message);
    }
}

package dev.ciampack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.KeycloakDistribution;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.Postgres;
import dev.ciampack.testsuite.server.ServerConfig;
import dev.ciampack.testsuite.server.TestServers;

/**
 * Login throughput and latency with the {@code ciam-events} listener off and on, against a vanilla
 * Keycloak (no pack) measured in the same run on the same machine, and the outbox drain rate of a
 * backlog against a loopback receiver. A program, not a test: it prints numbers and judges nothing.
 *
 * <p>Settings (system properties): {@code bench.threads} (8), {@code bench.seconds} per round (20),
 * {@code bench.rounds} per mode (2), {@code bench.users} per realm (20), {@code bench.vanilla} (true).
 */
public final class EventsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Drawn per run: the bench users exist only in the throw-away servers it starts. */
    private static final String PASSWORD = randomPassword();
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int USERS = Integer.getInteger("bench.users", 20);
    private static final boolean VANILLA = Boolean.parseBoolean(System.getProperty("bench.vanilla", "true"));
    /** {@code bench.db}: {@code h2} (Keycloak's dev-file database, the default) or {@code postgres} (embedded). */
    private static final HarnessSettings.Database DATABASE = "postgres".equals(System.getProperty("bench.db", "h2"))
            ? HarnessSettings.Database.POSTGRES : HarnessSettings.Database.H2;
    /** The embedded PostgreSQL servers started for {@code bench.db=postgres}, one per Keycloak; closed at the end. */
    private static final List<Postgres> DATABASES = new ArrayList<>();
    /** Records the backlog drain with Flight Recorder and prints where the server spent its CPU. */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    /** With {@code bench.db=postgres}: PostgreSQL's pg_stat_statements over the counted rounds, the top statements. */
    private static final boolean STATEMENTS = Boolean.getBoolean("bench.statements");
    /**
     * {@code bench.hashing}: {@code fast} (the default: one PBKDF2 iteration, so a sign-in is not all hashing and the
     * listener's share shows) or {@code keycloak} (no password policy: Keycloak's default hashing, as a realm has it).
     */
    private static final boolean FAST_HASHING = !"keycloak".equals(System.getProperty("bench.hashing", "fast"));
    /** Sign-ins per second of the latency phase, and how long it lasts. */
    private static final int PACED_RATE = Integer.getInteger("bench.paced-rate", 50);
    private static final int PACED_SECONDS = Integer.getInteger("bench.paced-seconds", 20);

    private EventsBenchmark() {
    }

    /** Latencies of one mode, over all its rounds. */
    static final class Sample {
        final String mode;
        final List<long[]> rounds = new ArrayList<>();
        long millis;
        long errors;
        long rssKb;
        /** Server CPU ticks used during the counted rounds, by thread group (see {@link #groupTicks}). */
        final Map<String, Long> cpuTicks = new java.util.TreeMap<>();
        /** CPU ticks by process over the counted rounds ({@link Profiler#processTicks}). */
        final Map<String, Long> processTicks = new java.util.TreeMap<>();

        Sample(String mode) {
            this.mode = mode;
        }

        long[] all() {
            return rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }

        double throughput() {
            return all().length * 1000.0 / millis;
        }

        double percentile(double p) {
            long[] all = all();
            if (all.length == 0) {
                return Double.NaN;
            }
            return all[Math.min(all.length - 1, (int) Math.ceil(p / 100.0 * all.length) - 1)] / 1_000_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server writes a response in several segments; without TCP_NODELAY each
        // keep-alive exchange can wait ~40 ms for a delayed ACK, which would be measured as the pack's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.out.printf(Locale.ROOT, "%nCIAM Pack events benchmark: Keycloak %s, %s, %s password hashing, %d client threads, "
                + "%d x %d s per mode, %d cores%n", HarnessSettings.keycloakVersion(), DATABASE,
                FAST_HASHING ? "fast (1 PBKDF2 iteration)" : "Keycloak's default", THREADS, ROUNDS, SECONDS,
                Runtime.getRuntime().availableProcessors());
        List<Sample> samples = new ArrayList<>();
        if (VANILLA) {
            KeycloakDistribution vanilla = KeycloakDistribution.prepare("bench-vanilla",
                    TestServers.buildOptions(DATABASE), List.of());
            KeycloakServer server = start(vanilla, "bench-vanilla", List.of());
            try {
                createRealm(server, "bench", false);
                Sample sample = new Sample("vanilla Keycloak (no pack)");
                load(server, "bench", sample, 10);
                sample.rounds.clear();
                sample.millis = 0;
                sample.errors = 0;
                sample.cpuTicks.clear();
                sample.processTicks.clear();
                for (int i = 0; i < ROUNDS; i++) {
                    load(server, "bench", sample, SECONDS);
                }
                sample.rssKb = rssKb(server);
                samples.add(sample);
            } finally {
                server.stop();
            }
        }
        Receiver receiver = new Receiver();
        KeycloakDistribution pack = KeycloakDistribution.prepare("bench-pack",
                TestServers.buildOptions(DATABASE), List.of(HarnessSettings.bundleJar()));
        KeycloakServer server = start(pack, "bench-pack", List.of(
                "--spi-events-listener--ciam-events--allow-private-sinks=true"));
        try {
            createRealm(server, "off", false);
            createRealm(server, "on", true);
            try (Keycloak admin = server.newAdminClient()) {
                Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
                rest.put(server.baseUrl() + "/admin/realms/on/ciam-events/sinks", "[" + sink("crm", receiver.url("/crm"),
                        "\"attributes\": [\"firstName\", \"email\"]") + ", " + sink("backlog", receiver.url("/backlog"),
                        "\"events\": [\"user.logged_in\"]") + "]").expect(200);
                // The backlog sink is "down" (503, come back in an hour) while the logins run.
                receiver.down("/backlog");

                Sample off = new Sample("pack, listener off");
                Sample on = new Sample("pack, ciam-events on (2 sinks)");
                load(server, "off", off, 10);
                load(server, "on", on, 10);
                // The drain of a backlog is a path of its own: warm it up (JIT) on the warm-up's parked rows, as the
                // sign-ins are, then park the measured rounds' rows.
                receiver.up("/backlog");
                int warmed = receiver.count("/backlog");
                long warmQueued = status(rest, server, "backlog").get("pending").asLong();
                rest.post(server.baseUrl() + "/admin/realms/on/ciam-events/sinks/backlog/retry-now", "").expect(200);
                long warmUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (receiver.count("/backlog") - warmed < warmQueued && System.nanoTime() < warmUntil) {
                    Thread.sleep(20);
                }
                receiver.down("/backlog");
                for (Sample warm : List.of(off, on)) {
                    warm.rounds.clear();
                    warm.millis = 0;
                    warm.errors = 0;
                    warm.cpuTicks.clear();
                    warm.processTicks.clear();
                }
                statements("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "SELECT pg_stat_statements_reset()");
                for (int i = 0; i < ROUNDS; i++) {
                    load(server, "off", off, SECONDS);
                    load(server, "on", on, SECONDS);
                }
                printStatements(off.all().length, on.all().length);
                if (PROFILE) {
                    // One more "on" round, not counted, recorded: what the listener and the delivery cost sign-ins.
                    Sample recorded = new Sample("recorded");
                    Profiler onRound = Profiler.start(server.serverJvm().orElseThrow().pid(),
                            HarnessSettings.target().resolve("bench-events-on.jfr"));
                    load(server, "on", recorded, SECONDS);
                    onRound.stopAndPrint("an 'on' round", recorded.all().length, " per sign-in", 30, ".*",
                            "executor-thread.*", "ciam-events-drain", "ciam-events-delivery.*");
                }
                on.rssKb = rssKb(server);
                off.rssKb = on.rssKb;
                samples.add(off);
                samples.add(on);
                long loginsOn = on.all().length + 0L;

                // Latency: sign-ins at a steady rate; event time (in the envelope) to receipt at the crm sink.
                Thread.sleep(3_000);
                receiver.timeArrivals("/crm");
                long[] paced = paced(server, "on", PACED_RATE, PACED_SECONDS);
                Thread.sleep(2_000);
                long[] arrivals = receiver.arrivalLatencies("/crm");

                // Steady state: did the crm sink keep up with the logins?
                Thread.sleep(3_000);
                JsonNode crm = status(rest, server, "crm");

                // Backlog: the parked rows become due at once; time until the receiver has them all.
                JsonNode before = status(rest, server, "backlog");
                long queued = before.get("pending").asLong();
                receiver.up("/backlog");
                int already = receiver.count("/backlog");
                Profiler profiler = PROFILE ? Profiler.start(server.serverJvm().orElseThrow().pid(),
                        HarnessSettings.target().resolve("bench-events-drain.jfr")) : null;
                long pid = server.serverJvm().orElseThrow().pid();
                Map<String, Long> ticksBefore = Profiler.ticksByThread(pid);
                long start = System.nanoTime();
                rest.post(server.baseUrl() + "/admin/realms/on/ciam-events/sinks/backlog/retry-now", "").expect(200);
                while (receiver.count("/backlog") - already < queued
                        && System.nanoTime() - start < Duration.ofMinutes(10).toNanos()) {
                    Thread.sleep(20);
                }
                double drainSeconds = (System.nanoTime() - start) / 1e9;
                int drained = receiver.count("/backlog") - already;
                Map<String, Long> ticksAfter = Profiler.ticksByThread(pid);
                if (profiler != null) {
                    profiler.stopAndPrint("the backlog drain", drainSeconds, " per second of drain", 30, ".*",
                            "ciam-events-drain", "ciam-events-delivery.*");
                }

                print(samples);
                double ingest = on.throughput() * 2;
                System.out.printf(Locale.ROOT, "%nCommit to receipt at %d sign-ins/s for %d s (%d sign-ins, %d errors): "
                        + "%d deliveries to crm, p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", PACED_RATE, PACED_SECONDS,
                        paced[0], paced[1], arrivals.length, pct(arrivals, 50), pct(arrivals, 99), pct(arrivals, 100));
                System.out.printf(Locale.ROOT, "Ingest during the 'on' rounds: %.0f rows/s (%.1f sign-ins/s x 2 sinks)%n",
                        ingest, on.throughput());
                System.out.printf(Locale.ROOT, "%nOutbox, steady state: %d logins on the listener realm, crm sink delivered %d, "
                        + "pending %d, dead letters %d%n", loginsOn, crm.get("delivered").asLong(), crm.get("pending").asLong(),
                        crm.get("deadLetter").asLong());
                System.out.printf(Locale.ROOT, "Outbox drain of a backlog: %d rows delivered in %.1f s = %.0f rows/s "
                        + "(1 node, loopback receiver, signed webhooks, default batch and concurrency) = %.1f x the ingest "
                        + "rate%n", drained, drainSeconds, drained / drainSeconds, drained / drainSeconds / ingest);
                System.out.printf(Locale.ROOT, "Server CPU per 1000 drained rows (ms, less noisy than the rate when the "
                        + "machine is shared): %s%n", cpuPerThousand(ticksBefore, ticksAfter, drained));
                if (drained < queued) {
                    System.out.printf("  (only %d of %d queued rows arrived within 10 minutes)%n", drained, queued);
                }
            }
        } finally {
            server.stop();
            receiver.close();
            DATABASES.forEach(Postgres::close);
        }
    }

    /**
     * CPU ms per 1000 rows by thread group (drain, delivery, H2, JIT, GC, other, all), from two
     * {@link Profiler#ticksByThread} (a thread that ended in between is not counted; a database server in another
     * process, such as PostgreSQL, is not either).
     */
    private static String cpuPerThousand(Map<String, Long> before, Map<String, Long> after, int rows) {
        return perUnit(groupTicks(before, after), 1000.0 / Math.max(1, rows), "%.0f");
    }

    /**
     * CPU ticks used between two {@link Profiler#ticksByThread} by thread group: {@code requests} (Keycloak's
     * request threads, {@code executor-thread-N}, where a sign-in and the listener's enqueue run), {@code vertx}
     * (its event loops), {@code drain}, {@code delivery}, {@code h2}, {@code jit}, {@code gc}, {@code other}, and
     * {@code all}.
     */
    private static Map<String, Long> groupTicks(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> byGroup = new java.util.TreeMap<>();
        after.forEach((thread, ticks) -> {
            long used = ticks - before.getOrDefault(thread, 0L);
            String name = thread.substring(thread.indexOf(' ') + 1);
            String group = name.startsWith("ciam-events-dra") ? "drain" : name.startsWith("ciam-events-del") ? "delivery"
                    : name.startsWith("executor-thread") ? "requests" : name.startsWith("vert.x") ? "vertx"
                    : name.startsWith("H#") || name.startsWith("MVStore") ? "h2" : name.startsWith("C# Compiler") ? "jit"
                    : name.startsWith("G") ? "gc" : "other";
            byGroup.merge(group, used, Long::sum);
            byGroup.merge("all", used, Long::sum);
        });
        return byGroup;
    }

    /** Ticks by group as milliseconds times {@code scale}, one line. */
    private static String perUnit(Map<String, Long> ticksByGroup, double scale, String format) {
        StringBuilder line = new StringBuilder();
        ticksByGroup.forEach((group, ticks) -> line.append(line.length() == 0 ? "" : ", ").append(group).append(' ')
                .append(String.format(Locale.ROOT, format, ticks * 1000.0 / Profiler.TICKS_PER_SECOND * scale)));
        return line.toString();
    }

    private static void print(List<Sample> samples) {
        System.out.printf(Locale.ROOT, "%n%-34s %8s %10s %8s %8s %8s %9s%n", "mode", "logins", "logins/s", "p50 ms",
                "p99 ms", "errors", "RSS MB");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-34s %8d %10.1f %8.1f %8.1f %8d %9.0f%n", s.mode, s.all().length,
                    s.throughput(), s.percentile(50), s.percentile(99), s.errors, s.rssKb / 1024.0);
        }
        Sample on = samples.get(samples.size() - 1);
        Sample off = samples.get(samples.size() - 2);
        System.out.printf(Locale.ROOT, "%nlistener on / off (same server): throughput %.2f, p99 %.2f%n",
                on.throughput() / off.throughput(), on.percentile(99) / off.percentile(99));
        System.out.printf(Locale.ROOT, "Server CPU per sign-in, ms by thread group (the listener's enqueue runs on "
                + "'requests'; PostgreSQL, the load generator and the receiver are other processes or this one):%n");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "  %-34s %s%n", s.mode, perUnit(s.cpuTicks, 1.0 / Math.max(1, s.all().length),
                    "%.2f"));
        }
        System.out.printf(Locale.ROOT, "Machine CPU per sign-in, ms by process (server; database: PostgreSQL's "
                + "processes, 0 with H2 in the server; bench: the load generator and the receiver; busy: the whole "
                + "machine, kernel included; steal: time the hypervisor gave to other machines):%n");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "  %-34s %s%n", s.mode, perUnit(s.processTicks,
                    1.0 / Math.max(1, s.all().length), "%.2f"));
        }
        double perOn = 1.0 / Math.max(1, on.all().length);
        double perOff = 1.0 / Math.max(1, off.all().length);
        StringBuilder added = new StringBuilder();
        on.processTicks.forEach((process, ticks) -> added.append(added.length() == 0 ? "" : ", ").append(process)
                .append(String.format(Locale.ROOT, " %+.2f", (ticks * perOn - off.processTicks.getOrDefault(process, 0L)
                        * perOff) * 1000.0 / Profiler.TICKS_PER_SECOND)));
        System.out.printf(Locale.ROOT, "  %-34s %s%n", "on - off (the listener's cost)", added);
        if (samples.size() == 3) {
            Sample vanilla = samples.get(0);
            System.out.printf(Locale.ROOT, "listener on / vanilla Keycloak:  throughput %.2f, p99 %.2f, RSS %.2f%n",
                    on.throughput() / vanilla.throughput(), on.percentile(99) / vanilla.percentile(99),
                    (double) on.rssKb / vanilla.rssKb);
        }
    }

    /** With {@link #STATEMENTS}: runs these statements on the pack server's PostgreSQL. */
    private static void statements(String... sql) throws java.sql.SQLException {
        if (!STATEMENTS || DATABASES.isEmpty()) {
            return;
        }
        try (var connection = DATABASES.get(DATABASES.size() - 1).dataSource().getConnection();
             var statement = connection.createStatement()) {
            for (String one : sql) {
                statement.execute(one);
            }
        }
    }

    /**
     * With {@link #STATEMENTS}: PostgreSQL's statements over the counted rounds by total execution time (planning and
     * the protocol's parse and bind not included), and the outbox's share per sign-in of the "on" realm.
     */
    private static void printStatements(int offSignIns, int onSignIns) throws java.sql.SQLException {
        if (!STATEMENTS || DATABASES.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%nPostgreSQL statements over the counted rounds (%d sign-ins off, %d on), by total "
                + "execution time:%n%8s %9s %8s %8s  %s%n", offSignIns, onSignIns, "calls", "total ms", "mean ms", "rows",
                "statement");
        double outbox = 0;
        long outboxCalls = 0;
        try (var connection = DATABASES.get(DATABASES.size() - 1).dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT calls, total_exec_time, rows, query FROM pg_stat_statements "
                     + "ORDER BY total_exec_time DESC")) {
            int shown = 0;
            while (rows.next()) {
                String query = rows.getString(4).replaceAll("\\s+", " ");
                if (query.toLowerCase(Locale.ROOT).contains("outbox_entry")) {
                    outbox += rows.getDouble(2);
                    outboxCalls += rows.getLong(1);
                }
                if (shown++ < 20) {
                    System.out.printf(Locale.ROOT, "%8d %9.0f %8.3f %8d  %s%n", rows.getLong(1), rows.getDouble(2),
                            rows.getDouble(2) / Math.max(1, rows.getLong(1)), rows.getLong(3),
                            query.length() > 150 ? query.substring(0, 150) + "…" : query);
                }
            }
        }
        System.out.printf(Locale.ROOT, "Outbox statements: %d calls, %.0f ms = %.3f ms and %.1f calls per 'on' sign-in%n",
                outboxCalls, outbox, outbox / Math.max(1, onSignIns), (double) outboxCalls / Math.max(1, onSignIns));
    }

    /** 24 random bytes, URL-safe base64, plus one of each character class any password policy may ask for. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "-Aa1";
    }

    /** A webhook sink on a basis other than consent (the benchmark measures delivery, not consent). */
    private static String sink(String id, String url, String extra) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + url + "\", \"secrets\": [\""
                + dev.ciampack.events.webhook.StandardWebhooks.newSecret() + "\"], " + extra
                + ", \"basis\": \"legitimate-interests\", \"justification\": \"A benchmark of delivery, not of consent.\"}";
    }

    private static JsonNode status(Rest rest, KeycloakServer server, String sink) throws IOException {
        return JSON.readTree(rest.get(server.baseUrl() + "/admin/realms/on/ciam-events/sinks/" + sink + "/status")
                .expect(200).body());
    }

    private static KeycloakServer start(KeycloakDistribution distribution, String name, List<String> options) {
        Path runDir = HarnessSettings.target().resolve("keycloak");
        Path data = runDir.resolve(name + "-h2");
        try {
            KeycloakDistribution.deleteTree(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServerConfig.Builder config = ServerConfig.builder(name).admin("admin", "admin-" + UUID.randomUUID())
                .logFile(runDir.resolve(name + ".log"));
        if (DATABASE == HarnessSettings.Database.POSTGRES) {
            Postgres postgres = STATEMENTS ? Postgres.start(Map.of("shared_preload_libraries", "pg_stat_statements"))
                    : Postgres.start();
            DATABASES.add(postgres);
            config.postgres(postgres.jdbcUrl(), postgres.user(), postgres.password());
        } else {
            config.h2(data);
        }
        options.forEach(config::option);
        // Extra server options for diagnosis, e.g. -Dbench.server-options=--log-level=INFO,org.keycloak.events.outbox:debug
        String extra = System.getProperty("bench.server-options", "");
        java.util.Arrays.stream(extra.split("\\s+")).filter(o -> !o.isBlank()).forEach(config::option);
        return KeycloakServer.start(distribution, config.build());
    }

    /**
     * A realm with {@link #USERS} users and a public client allowed the password grant. Passwords are
     * hashed with one PBKDF2 iteration in every realm, so the measurement is not all hashing and the
     * listener's share shows.
     */
    private static void createRealm(KeycloakServer server, String name, boolean listener) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        if (FAST_HASHING) {
            realm.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        }
        realm.setEventsListeners(listener ? List.of("jboss-logging", "ciam-events") : List.of("jboss-logging"));
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("bench");
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        realm.setClients(List.of(client));
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(Users.withPassword("user" + i, "user" + i + "@bench.test", "User" + i, "Bench", PASSWORD));
        }
        realm.setUsers(users);
        try (Keycloak admin = server.newAdminClient()) {
            admin.realms().create(realm);
        }
    }

    /** {@link #THREADS} clients signing in with the password grant for {@code seconds}. */
    private static void load(KeycloakServer server, String realm, Sample sample, int seconds) throws Exception {
        long pid = server.serverJvm().orElseThrow().pid();
        Map<String, Long> ticksBefore = Profiler.ticksByThread(pid);
        int databasePort = DATABASES.isEmpty() ? 0 : DATABASES.get(DATABASES.size() - 1).port();
        Map<String, Long> processesBefore = Profiler.processTicks(pid, databasePort);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI token = URI.create(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token");
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            results.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    String user = "user" + Math.floorMod(next.getAndIncrement(), USERS);
                    String form = "grant_type=password&client_id=bench&scope=openid&username=" + user + "&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(token)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
                    long took = System.nanoTime() - t0;
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long[] round = new long[0];
        for (Future<long[]> result : results) {
            long[] part = result.get();
            long[] merged = Arrays.copyOf(round, round.length + part.length);
            System.arraycopy(part, 0, merged, round.length, part.length);
            round = merged;
        }
        pool.shutdown();
        groupTicks(ticksBefore, Profiler.ticksByThread(pid)).forEach((group, ticks) -> sample.cpuTicks.merge(group, ticks,
                Long::sum));
        Profiler.processTicks(pid, databasePort).forEach((process, ticks) -> sample.processTicks.merge(process,
                ticks - processesBefore.getOrDefault(process, 0L), Long::sum));
        sample.rounds.add(round);
        sample.millis += (System.nanoTime() - started) / 1_000_000;
        sample.errors += errors.get();
    }

    /**
     * Sign-ins with the password grant started at a fixed rate (one every {@code 1/rate} s, each on its own
     * thread of a pool, so a slow answer does not slow the schedule); returns {sign-ins, errors}.
     */
    private static long[] paced(KeycloakServer server, String realm, int rate, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI token = URI.create(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token");
        java.util.concurrent.ScheduledExecutorService clock = Executors.newScheduledThreadPool(16);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.ScheduledFuture<?> ticking = clock.scheduleAtFixedRate(() -> {
            String user = "user" + Math.floorMod(next.getAndIncrement(), USERS);
            String form = "grant_type=password&client_id=bench&scope=openid&username=" + user + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
            http.sendAsync(HttpRequest.newBuilder(token).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        done.incrementAndGet();
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    });
        }, 0, 1_000_000L / rate, java.util.concurrent.TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        ticking.cancel(false);
        long expected = next.get();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (done.get() < expected && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        clock.shutdownNow();
        return new long[] {done.get(), errors.get()};
    }

    /** The p-th percentile of sorted milliseconds (100: the largest). */
    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /** Resident memory of the server JVM (Linux), 0 when unknown. */
    private static long rssKb(KeycloakServer server) {
        return server.serverJvm().map(jvm -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + jvm.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0L;
            }
            return 0L;
        }).orElse(0L);
    }

    /** A loopback webhook receiver that counts deliveries per path; a path marked down answers 503 with Retry-After. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final Map<String, Boolean> down = new ConcurrentHashMap<>();
        private final Map<String, java.util.Queue<Long>> arrivals = new ConcurrentHashMap<>();
        private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("\"time\":\"([^\"]+)\"");

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.createContext("/", exchange -> {
                long receivedAt = System.currentTimeMillis();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                java.util.Queue<Long> timed = arrivals.get(path);
                if (timed != null) {
                    java.util.regex.Matcher time = TIME.matcher(new String(body, StandardCharsets.UTF_8));
                    if (time.find()) {
                        timed.add(receivedAt - java.time.Instant.parse(time.group(1)).toEpochMilli());
                    }
                }
                if (down.getOrDefault(path, false)) {
                    exchange.getResponseHeaders().add("Retry-After", "3600");
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                }
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void down(String path) {
            down.put(path, true);
        }

        void up(String path) {
            down.remove(path);
        }

        /** From now on, each delivery to the path records receipt time minus the envelope's event time. */
        void timeArrivals(String path) {
            arrivals.put(path, new java.util.concurrent.ConcurrentLinkedQueue<>());
        }

        /** The recorded latencies of a path, milliseconds, sorted; recording stops. */
        long[] arrivalLatencies(String path) {
            java.util.Queue<Long> timed = arrivals.remove(path);
            return timed == null ? new long[0] : timed.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        int count(String path) {
            AtomicInteger count = counts.get(path);
            return count == null ? 0 : count.get();
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}

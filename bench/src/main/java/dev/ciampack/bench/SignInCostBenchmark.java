package dev.ciampack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.KeycloakDistribution;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.Ports;
import dev.ciampack.testsuite.server.ServerConfig;
import dev.ciampack.testsuite.server.TestServers;

/**
 * What passwordless costs the server: server CPU time and latency per browser sign-in with a password (Keycloak's
 * default hashing) and with an email code (mail to a loopback SMTP catcher), measured on one server in one run,
 * rounds alternating, and their ratio. A program, not a test: it prints numbers and judges nothing.
 *
 * <p>Both sign-ins are whole authorization-code flows with PKCE from a cookie-less client: the login page, the
 * form posts (password: one; email code: the address, then the code), the redirect and the token exchange. CPU
 * time is the server JVM's user + system time from {@code /proc} over a round, divided by its sign-ins.
 *
 * <p>Settings: {@code bench.signins} per round (100), {@code bench.rounds} per mode (3), {@code bench.warmup}
 * sign-ins per mode and warm-up round (100; rounds go on until the JIT compiler is done), {@code bench.users} per
 * realm (20), {@code bench.profile} (false: true adds, per mode, CPU by server thread and a Flight Recorder
 * profile).
 */
public final class SignInCostBenchmark {

    private static final int SIGNINS = Integer.getInteger("bench.signins", 100);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final int USERS = Integer.getInteger("bench.users", 20);
    private static final String PASSWORD = "Bench-" + UUID.randomUUID();
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final long TICKS_PER_SECOND = Profiler.TICKS_PER_SECOND;
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    private SignInCostBenchmark() {
    }

    /** One mode's rounds: latencies and server CPU. */
    static final class Sample {
        final String mode;
        final List<Long> latenciesNanos = new ArrayList<>();
        long cpuTicks;
        int signIns;
        int errors;

        Sample(String mode) {
            this.mode = mode;
        }

        double cpuMillisPerSignIn() {
            return cpuTicks * 1000.0 / TICKS_PER_SECOND / signIns;
        }

        double percentile(double p) {
            long[] all = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return all.length == 0 ? Double.NaN
                    : all[Math.min(all.length - 1, (int) Math.ceil(p / 100.0 * all.length) - 1)] / 1_000_000.0;
        }
    }

    interface SignIn {
        void run(int user) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%nCIAM Pack sign-in cost benchmark: Keycloak %s, H2, %d x %d sign-ins per mode "
                + "(after warm-up rounds of %d), %d cores%n", HarnessSettings.keycloakVersion(), ROUNDS, SIGNINS, WARMUP,
                Runtime.getRuntime().availableProcessors());
        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        KeycloakDistribution distribution = TestServers.distribution(HarnessSettings.Database.H2);
        KeycloakServer server = start(distribution);
        try {
            try (Keycloak admin = server.newAdminClient()) {
                createRealm(admin, "password", mail, true);
                createRealm(admin, "code", mail, false);
                Flows.browserFlow(admin.realm("code"), "email-code", List.of(new Flows.Step("ciam-email-code", "REQUIRED",
                        Map.of("resend-cooldown", "10", "max-sends", "10", "max-sends-per-destination", "100",
                                "max-sends-per-client", "1000", "max-sends-per-realm", "1000000"))));
            }
            Mailbox mailbox = new Mailbox(mail);
            int[] seen = new int[USERS];
            SignIn password = user -> {
                OidcLogin login = login(server, "password");
                login.passwordLogin("user" + user, PASSWORD);
            };
            SignIn code = user -> {
                String email = "user" + user + "@bench.test";
                OidcLogin login = login(server, "code");
                Page codePage = login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
                String sent = Mailbox.code(mailbox.awaitNext(email, seen[user], Duration.ofSeconds(10)), 6);
                seen[user]++;
                login.finish(codePage.form("#ciam-email-code-form").set("code", sent).submit("ciam_action", "verify"));
            };
            Sample passwords = new Sample("password (Keycloak's default hashing)");
            Sample codes = new Sample("email code (SMTP to a loopback catcher)");
            warmUp(server, password, code);
            for (int i = 0; i < ROUNDS; i++) {
                run(server, password, passwords, SIGNINS);
                run(server, code, codes, SIGNINS);
            }
            print(List.of(passwords, codes));
            if (PROFILE) {
                // Where the server's time goes: one recording per mode, the hottest methods of each.
                profile(server, "password", password);
                profile(server, "email code", code);
            }
        } finally {
            server.stop();
            mail.stop();
        }
    }

    /**
     * Warms both modes up until the JIT compiler is done with them: rounds of {@link #WARMUP} sign-ins each, until
     * the compiler threads used under 5 % of the server's CPU in a round (at most 20 rounds). Measured too early,
     * most of a sign-in's CPU is the compiler's (seen: 80 ms of 95 ms).
     */
    private static void warmUp(KeycloakServer server, SignIn password, SignIn code) throws IOException {
        long pid = server.serverJvm().orElseThrow().pid();
        for (int round = 1; round <= 20; round++) {
            Map<String, Long> before = Profiler.threadTicks(pid);
            run(server, password, new Sample("warm-up"), WARMUP);
            run(server, code, new Sample("warm-up"), WARMUP);
            Map<String, Long> after = Profiler.threadTicks(pid);
            long total = 0;
            long compiler = 0;
            for (var e : after.entrySet()) {
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                total += used;
                if (e.getKey().contains("CompilerThre")) {
                    compiler += used;
                }
            }
            System.out.printf(Locale.ROOT, "  warm-up round %d: JIT compiler %.0f %% of server CPU%n", round,
                    100.0 * compiler / Math.max(1, total));
            if (compiler * 20 < total) {
                return;
            }
        }
    }

    private static OidcLogin login(KeycloakServer server, String realm) {
        return new OidcLogin(new BrowserClient(), server.baseUrl() + "/realms/" + realm, "app", REDIRECT);
    }

    private static void run(KeycloakServer server, SignIn signIn, Sample sample, int count) {
        long before = cpuTicks(server);
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            try {
                signIn.run(i % USERS);
                sample.latenciesNanos.add(System.nanoTime() - started);
                sample.signIns++;
            } catch (Exception | AssertionError e) {
                sample.errors++;
                if (sample.errors == 1) {
                    System.out.println("  first error in " + sample.mode + ": " + e);
                }
            }
        }
        sample.cpuTicks += cpuTicks(server) - before;
    }

    /**
     * Records {@link #SIGNINS} sign-ins with Java Flight Recorder in the server JVM ({@code jcmd}), then prints the
     * CPU per sign-in by thread and the methods most often on the sampled stacks (inclusive) among Keycloak's, the
     * pack's and the libraries' own.
     */
    private static void profile(KeycloakServer server, String mode, SignIn signIn) throws Exception {
        long pid = server.serverJvm().orElseThrow().pid();
        Profiler profiler = Profiler.start(pid, HarnessSettings.target().resolve("bench-signin-"
                + mode.replace(' ', '-') + ".jfr"));
        run(server, signIn, new Sample(mode), SIGNINS);
        profiler.stopAndPrint("a " + mode + " sign-in", SIGNINS, " per sign-in", 25, ".*");
    }

    /** User + system CPU time of the server JVM so far, in clock ticks (Linux {@code /proc/<pid>/stat}). */
    private static long cpuTicks(KeycloakServer server) {
        long pid = server.serverJvm().orElseThrow(() -> new IllegalStateException("no server JVM")).pid();
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3, utime field 14 and stime field 15 of the whole line.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void print(List<Sample> samples) {
        System.out.printf(Locale.ROOT, "%n| sign-in | sign-ins | server CPU ms per sign-in | p50 ms | p99 ms | errors |%n"
                + "|---|---|---|---|---|---|%n");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d |%n", s.mode, s.signIns,
                    s.cpuMillisPerSignIn(), s.percentile(50), s.percentile(99), s.errors);
        }
        Sample password = samples.get(0);
        Sample code = samples.get(1);
        System.out.printf(Locale.ROOT, "%nEmail code / password: server CPU per sign-in %.2f, p50 %.2f, p99 %.2f%n",
                code.cpuMillisPerSignIn() / password.cpuMillisPerSignIn(), code.percentile(50) / password.percentile(50),
                code.percentile(99) / password.percentile(99));
    }

    private static KeycloakServer start(KeycloakDistribution distribution) throws IOException {
        Path runDir = HarnessSettings.target().resolve("keycloak");
        Path data = runDir.resolve("bench-signin-h2");
        KeycloakDistribution.deleteTree(data);
        ServerConfig.Builder config = ServerConfig.builder("bench-signin").admin("admin", "admin-" + UUID.randomUUID())
                .logFile(runDir.resolve("bench-signin.log")).h2(data);
        return KeycloakServer.start(distribution, config.build());
    }

    /** A realm with {@link #USERS} users (with passwords, hashed by the realm's default, or without), SMTP to the catcher. */
    private static void createRealm(Keycloak admin, String name, GreenMail mail, boolean passwords) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        realm.setSmtpServer(new HashMap<>(Map.of("host", "127.0.0.1", "port", String.valueOf(mail.getSmtp().getPort()),
                "from", "bench@bench.test")));
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId("app");
        app.setPublicClient(true);
        app.setRedirectUris(List.of(REDIRECT));
        realm.setClients(List.of(app));
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            UserRepresentation user = Users.withPassword("user" + i, "user" + i + "@bench.test", "Bench", "User" + i,
                    PASSWORD);
            if (!passwords) {
                user.setCredentials(null);
            }
            users.add(user);
        }
        realm.setUsers(users);
        admin.realms().create(realm);
    }
}

package dev.ciampack.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import dev.ciampack.authenticators.otp.SendGuard.Outcome;
import dev.ciampack.authenticators.otp.SendGuard.Refusal;

class SendGuardTest {

    private static final String REALM = "realm-1";
    private static final String JANE = "jane@example.com";
    private static final SendLimits LIMITS = new SendLimits(30, 3, 900, 10, 10, 1000);
    /** The start of an hour, so every window of these tests is the same. */
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 3_600_000L;

    /** Keycloak's single-use store as a map with lifespans on a clock the test sets; putIfAbsent is atomic. */
    static final class Store implements SingleUseObjectProvider {
        record Entry(long expiresAt, Map<String, String> notes) {
        }

        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        volatile long now = T0;

        private boolean live(String key) {
            Entry entry = entries.get(key);
            return entry != null && entry.expiresAt() > now;
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, new Entry(now + lifespanSeconds * 1000, notes));
        }

        @Override
        public Map<String, String> get(String key) {
            return live(key) ? entries.get(key).notes() : null;
        }

        @Override
        public Map<String, String> remove(String key) {
            Entry removed = entries.remove(key);
            return removed == null ? null : removed.notes();
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.computeIfPresent(key, (k, e) -> new Entry(e.expiresAt(), notes)) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            Entry fresh = new Entry(now + lifespanInSeconds * 1000, Map.of());
            boolean[] taken = {false};
            entries.compute(key, (k, e) -> {
                if (e == null || e.expiresAt() <= now) {
                    taken[0] = true;
                    return fresh;
                }
                return e;
            });
            return taken[0];
        }

        @Override
        public boolean contains(String key) {
            return live(key);
        }

        @Override
        public void close() {
        }
    }

    private static Outcome send(Store store, String destination, String client, long at) {
        store.now = at;
        return SendGuard.trySend(store, "ciam-email-code", REALM, destination, client, LIMITS, at, true);
    }

    @Test
    @DisplayName("one network: a cooldown between sends, three per window, then the rest of the window in the answer")
    void oneNetwork() {
        Store store = new Store();

        assertThat(send(store, JANE, "198.51.100.7", T0).allowed()).isTrue();
        Outcome tooSoon = send(store, JANE, "198.51.100.7", T0 + 5_000);
        assertThat(send(store, JANE, "198.51.100.7", T0 + 31_000).allowed()).isTrue();
        assertThat(send(store, JANE, "198.51.100.7", T0 + 62_000).allowed()).isTrue();
        Outcome fourth = send(store, JANE, "198.51.100.7", T0 + 93_000);

        assertThat(tooSoon.refusal()).isEqualTo(Refusal.COOLDOWN);
        assertThat(tooSoon.retryAfterSeconds()).isEqualTo(25);
        assertThat(fourth.refusal()).isEqualTo(Refusal.BUDGET);
        assertThat(fourth.retryAfterSeconds()).isEqualTo(900 - 93);
    }

    @Test
    @DisplayName("windows roll: three sends just before a window's edge still count just after it")
    void windowsRoll() {
        Store store = new Store();
        long late = T0 + 899_000;

        assertThat(send(store, JANE, "198.51.100.7", late - 62_000).allowed()).isTrue();
        assertThat(send(store, JANE, "198.51.100.7", late - 31_000).allowed()).isTrue();
        assertThat(send(store, JANE, "198.51.100.7", late).allowed()).isTrue();
        Outcome afterEdge = send(store, JANE, "198.51.100.7", late + 31_000);
        Outcome later = send(store, JANE, "198.51.100.7", late - 62_000 + 900_000);

        assertThat(afterEdge.refusal()).isEqualTo(Refusal.BUDGET);
        assertThat(afterEdge.retryAfterSeconds()).isEqualTo(900 - 62 - 31);
        assertThat(later.allowed()).as("the first send's slot is free again").isTrue();
    }

    @Test
    @DisplayName("a stranger spreading requests over networks stops at the destination's ceiling; the owner's network does not")
    void strangerCannotLockOutTheOwner() {
        Store store = new Store();
        Outcome owners = send(store, JANE, "203.0.113.10", T0);
        SendGuard.signedIn(store, REALM, JANE, "203.0.113.10", owners.taken());

        int passed = 0;
        for (int i = 0; i < 20; i++) {
            if (send(store, JANE, "192.0.2." + i, T0 + 1_000).allowed()) {
                passed++;
            }
        }
        Outcome ownerAgain = send(store, JANE, "203.0.113.10", T0 + 2_000);
        Outcome newNetwork = send(store, JANE, "198.51.100.99", T0 + 3_000);

        assertThat(passed).as("strangers, ten networks' worth").isEqualTo(10);
        assertThat(ownerAgain.allowed()).as("the owner's network").isTrue();
        assertThat(newNetwork.refusal()).isEqualTo(Refusal.BUDGET);
    }

    @Test
    @DisplayName("a successful sign-in gives its sends back and ends the cooldown: the owner signs in again and again")
    void signInGivesBack() {
        Store store = new Store();
        for (int i = 0; i < 8; i++) {
            Outcome outcome = send(store, JANE, "203.0.113.10", T0 + i * 1_000L);
            assertThat(outcome.allowed()).as("sign-in %d", i).isTrue();
            SendGuard.signedIn(store, REALM, JANE, "203.0.113.10", outcome.taken());
        }
        assertThat(store.entries.keySet()).as("nothing held but the owner's network").allMatch(k -> k.startsWith("ciam.owner:"))
                .hasSize(1);
    }

    @Test
    @DisplayName("one network asking for many destinations, and the whole realm, have hourly ceilings")
    void clientAndRealmCeilings() {
        Store store = new Store();
        int fromOne = 0;
        for (int i = 0; i < 50; i++) {
            if (send(store, "person" + i + "@example.com", "198.51.100.7", T0).allowed()) {
                fromOne++;
            }
        }
        SendLimits small = new SendLimits(30, 3, 900, 10, 10, 15);
        int realmWide = 0;
        Outcome last = null;
        for (int i = 0; i < 30; i++) {
            store.now = T0;
            last = SendGuard.trySend(store, "ciam-sms-code", REALM, "+3519" + i, "192.0.2." + i, small, T0, true);
            if (last.allowed()) {
                realmWide++;
            }
        }

        assertThat(fromOne).isEqualTo(10);
        assertThat(realmWide).isEqualTo(15);
        assertThat(last.refusal()).isEqualTo(Refusal.REALM);
    }

    @Test
    @DisplayName("requests that send nothing never take the realm's ceiling, only their own network's budgets; a full "
            + "realm refuses them alike; the owner's network is held to neither shared ceiling")
    void nothingSentTakesNoSharedSlot() {
        Store store = new Store();
        SendLimits small = new SendLimits(30, 3, 900, 10, 10, 15);
        Outcome owners = SendGuard.trySend(store, "ciam-email-code", REALM, JANE, "203.0.113.10", small, T0, true);
        SendGuard.signedIn(store, REALM, JANE, "203.0.113.10", owners.taken());
        for (int i = 0; i < 200; i++) {
            assertThat(SendGuard.trySend(store, "ciam-email-code", REALM, "nobody" + i + "@example.com",
                    "192.0.2." + i, small, T0, false).allowed()).as("unknown address %d", i).isTrue();
        }
        Outcome sameNetwork = null;
        for (int i = 0; i < 11; i++) {
            sameNetwork = SendGuard.trySend(store, "ciam-email-code", REALM, "nobody" + i + "@example.com",
                    "198.51.100.200", small, T0, false);
        }
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            if (SendGuard.trySend(store, "ciam-email-code", REALM, "person" + i + "@example.com", "192.0.2." + i,
                    small, T0, true).allowed()) {
                sent++;
            }
        }
        Outcome unknownWhenFull = SendGuard.trySend(store, "ciam-email-code", REALM, "nobody@example.com",
                "198.51.100.201", small, T0, false);
        Outcome janeFromHome = SendGuard.trySend(store, "ciam-email-code", REALM, JANE, "203.0.113.10", small,
                T0 + 31_000, true);

        assertThat(sameNetwork.refusal()).as("one network's own hourly budget still counts").isEqualTo(Refusal.BUDGET);
        assertThat(sent).as("the realm's ceiling was all there for real sends").isEqualTo(15);
        assertThat(unknownWhenFull.refusal()).as("a full realm answers the same for every address")
                .isEqualTo(Refusal.REALM);
        assertThat(janeFromHome.allowed()).as("the owner's network, with the realm's ceiling reached").isTrue();
    }

    @Test
    @DisplayName("parallel requests never pass a ceiling")
    void parallel() throws Exception {
        Store store = new Store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String client = "192.0.2." + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    return send(store, JANE, client, T0).allowed();
                }));
            }
            start.countDown();
            int passed = 0;
            for (Future<Boolean> call : calls) {
                passed += call.get() ? 1 : 0;
            }
            assertThat(passed).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("wrong guesses are counted per network: after the ceiling, that network waits; another does not")
    void wrongGuesses() {
        Store store = new Store();
        store.now = T0;
        for (int i = 0; i < 5; i++) {
            assertThat(SendGuard.wrongGuess(store, REALM, "192.0.2.66", 5, T0)).isZero();
        }
        assertThat(SendGuard.guessesExhausted(store, REALM, "192.0.2.66", 5, T0)).isEqualTo(3600);
        store.now = T0 + 60_000;
        assertThat(SendGuard.wrongGuess(store, REALM, "192.0.2.66", 5, T0 + 60_000)).isEqualTo(3540);
        assertThat(SendGuard.guessesExhausted(store, REALM, "203.0.113.10", 5, T0)).isZero();
    }
}

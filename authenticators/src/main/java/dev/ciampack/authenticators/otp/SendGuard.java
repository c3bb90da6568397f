package dev.ciampack.authenticators.otp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

import dev.ciampack.common.RollingSlots;

/**
 * The send limits ({@link SendLimits}) and the wrong-guess ceiling per network, counted in Keycloak's
 * cluster-wide {@link SingleUseObjectProvider}. Every counter is a rolling window of slots, each taken
 * with {@code putIfAbsent}, so parallel requests on any node can never pass a limit (no read-then-write).
 * Destinations and client addresses arrive as opaque ids ({@link SignInSends} makes them keyed hashes, never the
 * values: a plain hash of a phone number could be reversed by trying every number).
 */
public final class SendGuard {

    static final long HOUR = 3600;
    /** How long a network the owner signed in from stays exempt from the per-destination ceiling. */
    static final long OWNER_NETWORK_SECONDS = 30L * 24 * 3600;

    private SendGuard() {
    }

    /** Why a send was refused. */
    public enum Refusal {
        /** Sent to this destination from this network a moment ago. */
        COOLDOWN,
        /** A budget of the destination or the network is used up. */
        BUDGET,
        /** The realm's hourly ceiling is reached (nothing about the destination). */
        REALM
    }

    /**
     * The outcome: {@code refusal} null when the send may go, then {@code taken} lists the counters it
     * used (to give back after a successful sign-in); otherwise how long to wait.
     */
    public record Outcome(Refusal refusal, long retryAfterSeconds, List<String> taken) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    /**
     * Takes one send for destination {@code dest} from network {@code net}, or says why not (and takes nothing).
     *
     * <p>{@code delivers} false (nothing will be sent: no such account, or one that may not receive) takes the
     * requester's own counters as a send would, so the answers are the same, but not the realm's ceiling, which
     * every person shares: it is only checked, so a full realm refuses both alike. A network the destination's owner
     * signed in from is held to neither the destination's nor the realm's ceiling.
     */
    public static Outcome trySend(SingleUseObjectProvider store, String provider, String realmId, String dest,
                                  String net, SendLimits limits, long nowMillis, boolean delivers) {
        String base = "ciam.limit:" + provider + ":" + realmId;
        String cooldown = base + ":cool:" + dest + ":" + net;
        if (!store.putIfAbsent(cooldown, limits.cooldownSeconds())) {
            Map<String, String> notes = store.get(cooldown);
            long until = notes == null || notes.get("until") == null ? nowMillis + limits.cooldownSeconds() * 1000L
                    : Long.parseLong(notes.get("until"));
            return new Outcome(Refusal.COOLDOWN, seconds(until - nowMillis), List.of());
        }
        store.put(cooldown, limits.cooldownSeconds(), Map.of("until",
                String.valueOf(nowMillis + limits.cooldownSeconds() * 1000L)));
        List<String> taken = new ArrayList<>(List.of(cooldown));
        Outcome refused = take(store, base + ":dc:" + dest + ":" + net, limits.perClientAndDestination(),
                limits.windowSeconds(), nowMillis, taken, Refusal.BUDGET);
        boolean owner = store.contains(ownerKey(realmId, dest, net));
        if (refused == null && !owner) {
            refused = take(store, base + ":d:" + dest, limits.perDestinationHourly(), HOUR, nowMillis, taken,
                    Refusal.BUDGET);
        }
        if (refused == null) {
            refused = take(store, base + ":c:" + net, limits.perClientHourly(), HOUR, nowMillis, taken, Refusal.BUDGET);
        }
        String realm = base + ":r";
        if (refused == null && !owner && delivers) {
            refused = take(store, realm, limits.perRealmHourly(), HOUR, nowMillis, taken, Refusal.REALM);
        } else if (refused == null && !owner && RollingSlots.full(store, realm, limits.perRealmHourly())) {
            refused = new Outcome(Refusal.REALM, RollingSlots.untilFree(store, realm, limits.perRealmHourly(), HOUR, nowMillis),
                    List.of());
        }
        if (refused != null) {
            giveBack(store, taken);
            return refused;
        }
        return new Outcome(null, 0, List.copyOf(taken));
    }

    /**
     * After a successful sign-in with a code or link sent to {@code destination}: the sends of that sign-in
     * are given back, the cooldown ends, and the network counts as the owner's for 30 days.
     */
    public static void signedIn(SingleUseObjectProvider store, String realmId, String dest, String net,
                                List<String> taken) {
        giveBack(store, taken);
        store.put(ownerKey(realmId, dest, net), OWNER_NETWORK_SECONDS, Map.of());
    }

    public static void giveBack(SingleUseObjectProvider store, List<String> taken) {
        taken.forEach(store::remove);
    }

    /**
     * Whether this network may have another wrong guess counted (and counts it), or, when it has used its
     * {@code perHour}, how many seconds it must wait; 0 when the guess was counted.
     */
    public static long wrongGuess(SingleUseObjectProvider store, String realmId, String net, int perHour,
                                  long nowMillis) {
        List<String> taken = new ArrayList<>();
        String key = "ciam.guess:" + realmId + ":" + net;
        Outcome refused = take(store, key, perHour, HOUR, nowMillis, taken, Refusal.BUDGET);
        return refused == null ? 0 : refused.retryAfterSeconds();
    }

    /** Whether this network has used its wrong guesses of the hour: seconds to wait, or 0. */
    public static long guessesExhausted(SingleUseObjectProvider store, String realmId, String net, int perHour,
                                        long nowMillis) {
        String key = "ciam.guess:" + realmId + ":" + net;
        return RollingSlots.full(store, key, perHour) ? RollingSlots.untilFree(store, key, perHour, HOUR, nowMillis) : 0;
    }

    private static Outcome take(SingleUseObjectProvider store, String key, int limit, long windowSeconds,
                                long nowMillis, List<String> taken, Refusal refusal) {
        String slot = RollingSlots.take(store, key, limit, windowSeconds, nowMillis);
        if (slot == null) {
            return new Outcome(refusal, RollingSlots.untilFree(store, key, limit, windowSeconds, nowMillis), List.of());
        }
        taken.add(slot);
        return null;
    }

    private static String ownerKey(String realmId, String dest, String net) {
        return "ciam.owner:" + realmId + ":" + dest + ":" + net;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}

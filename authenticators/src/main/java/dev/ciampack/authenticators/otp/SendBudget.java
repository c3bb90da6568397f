package dev.ciampack.authenticators.otp;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many codes one destination (per realm and user) may receive: a cooldown between sends and a
 * cap per rolling window, kept in Keycloak's cluster-wide {@link SingleUseObjectProvider} so that new
 * authentication sessions, other browsers and other nodes share it. The key holds a hash of the
 * destination, never the address itself.
 */
public final class SendBudget {

    private static final String COUNT = "count";
    private static final String LAST = "last";
    private static final String STARTED = "started";

    private SendBudget() {
    }

    /** The outcome of asking to send. */
    public record Decision(boolean allowed, long retryAfterSeconds, boolean exhausted) {
        static Decision ok() {
            return new Decision(true, 0, false);
        }
    }

    /**
     * Consumes one send if allowed.
     *
     * @param key            a stable key for (realm, user, destination); see {@link #key}
     * @param nowMillis      current time
     * @param cooldownSecond seconds between two sends
     * @param maxSends       sends allowed per window
     * @param windowSeconds  window length
     */
    public static Decision tryConsume(SingleUseObjectProvider store, String key, long nowMillis, int cooldownSecond,
                                      int maxSends, int windowSeconds) {
        Map<String, String> state = store.get(key);
        Decision decision = decide(state, nowMillis, cooldownSecond, maxSends, windowSeconds);
        if (!decision.allowed()) {
            return decision;
        }
        Map<String, String> next = new HashMap<>();
        boolean fresh = state == null || expired(state, nowMillis, windowSeconds);
        next.put(STARTED, fresh ? String.valueOf(nowMillis) : state.get(STARTED));
        next.put(COUNT, String.valueOf(fresh ? 1 : Integer.parseInt(state.get(COUNT)) + 1));
        next.put(LAST, String.valueOf(nowMillis));
        long started = Long.parseLong(next.get(STARTED));
        long lifespan = Math.max(1, (started + windowSeconds * 1000L - nowMillis) / 1000 + 1);
        if (fresh) {
            store.remove(key);
        }
        store.put(key, lifespan, next);
        return decision;
    }

    /** The pure rule behind {@link #tryConsume}. */
    static Decision decide(Map<String, String> state, long nowMillis, int cooldownSeconds, int maxSends,
                           int windowSeconds) {
        if (state == null || expired(state, nowMillis, windowSeconds)) {
            return Decision.ok();
        }
        long last = Long.parseLong(state.getOrDefault(LAST, "0"));
        long sinceLast = nowMillis - last;
        if (sinceLast < cooldownSeconds * 1000L) {
            return new Decision(false, (cooldownSeconds * 1000L - sinceLast + 999) / 1000, false);
        }
        int count = Integer.parseInt(state.getOrDefault(COUNT, "0"));
        if (count >= maxSends) {
            long started = Long.parseLong(state.get(STARTED));
            return new Decision(false, (started + windowSeconds * 1000L - nowMillis + 999) / 1000, true);
        }
        return Decision.ok();
    }

    private static boolean expired(Map<String, String> state, long nowMillis, int windowSeconds) {
        String started = state.get(STARTED);
        return started == null || nowMillis - Long.parseLong(started) >= windowSeconds * 1000L;
    }

    /** {@code ciam.send:<provider>:<realm>:<sha256(user|destination)>}. */
    public static String key(String providerId, String realmId, String userId, String destination) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((userId + "|" + destination.toLowerCase(java.util.Locale.ROOT))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "ciam.send:" + providerId + ":" + realmId + ":" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ciampack.common;

import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A limit of {@code limit} events per rolling window, counted cluster-wide in Keycloak's {@link SingleUseObjectProvider}:
 * {@code limit} slots {@code <key>:<i>}, each living {@code windowSeconds} from when it was taken, so no more than
 * {@code limit} are taken in any window-long period (fixed windows would let twice the limit through around a window's
 * edge). Only {@code putIfAbsent} takes a slot, so parallel requests on any node never pass the limit (no
 * read-then-write). A slot notes when it frees ({@code until}), for the wait a refusal states.
 */
public final class RollingSlots {

    private RollingSlots() {
    }

    static String slot(String key, int index) {
        return key + ":" + index;
    }

    /**
     * Takes a free slot and returns its key, or null when all {@code limit} are taken. Reads ({@code contains}, local
     * on every node) skip the taken ones.
     */
    public static String take(SingleUseObjectProvider store, String key, int limit, long windowSeconds, long nowMillis) {
        for (int i = 0; i < limit; i++) {
            String slot = slot(key, i);
            if (!store.contains(slot) && store.putIfAbsent(slot, windowSeconds)) {
                store.put(slot, windowSeconds, Map.of("until", String.valueOf(nowMillis + windowSeconds * 1000)));
                return slot;
            }
        }
        return null;
    }

    /** Whether all {@code limit} slots are taken. */
    public static boolean full(SingleUseObjectProvider store, String key, int limit) {
        for (int i = 0; i < limit; i++) {
            if (!store.contains(slot(key, i))) {
                return false;
            }
        }
        return true;
    }

    /** Seconds (at least 1) until the first taken slot frees (the whole window when a slot's time is not known yet). */
    public static long untilFree(SingleUseObjectProvider store, String key, int limit, long windowSeconds,
                                 long nowMillis) {
        long first = nowMillis + windowSeconds * 1000;
        for (int i = 0; i < limit; i++) {
            Map<String, String> notes = store.get(slot(key, i));
            if (notes == null) {
                return 1;
            }
            String until = notes.get("until");
            if (until != null) {
                first = Math.min(first, Long.parseLong(until));
            }
        }
        return Math.max(1, (first - nowMillis + 999) / 1000);
    }
}

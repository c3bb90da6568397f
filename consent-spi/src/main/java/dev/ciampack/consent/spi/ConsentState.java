package dev.ciampack.consent.spi;

import java.time.Instant;

/** The current decision on one purpose, as kept on the user. */
public record ConsentState(String purposeId, Decision decision, int version, Instant decidedAt) {

    public boolean isGranted() {
        return decision == Decision.GRANTED;
    }

    /** Decided on the purpose's current version (an older version means: ask again). */
    public boolean isCurrentFor(Purpose purpose) {
        return version >= purpose.version();
    }

    /** A grant of the purpose's current version: the rule behind {@link ConsentProvider#mayUse}. */
    public boolean covers(Purpose purpose) {
        return isGranted() && isCurrentFor(purpose);
    }

    /**
     * Whether the person must be asked about a purpose: never decided ({@code state} null), decided on an
     * older version, or a required purpose they have not granted (withdrawn earlier, or made required
     * after they refused it): the rule behind {@link ConsentProvider#pending}.
     */
    public static boolean needsAsking(Purpose purpose, ConsentState state) {
        return state == null || !state.isCurrentFor(purpose) || (purpose.required() && !state.covers(purpose));
    }
}

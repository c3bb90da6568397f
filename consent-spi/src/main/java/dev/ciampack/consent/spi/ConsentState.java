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
}

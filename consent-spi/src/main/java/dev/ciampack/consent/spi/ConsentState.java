package dev.ciampack.consent.spi;

import java.time.Instant;

/** The current decision on one purpose, as kept on the user. */
public record ConsentState(String purposeId, Decision decision, int version, Instant decidedAt) {

    public boolean isGranted() {
        return decision == Decision.GRANTED;
    }
}

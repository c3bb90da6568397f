package dev.ciampack.consent.action;

import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;

/** What a submitted consent form means, without a server. */
final class ConsentChoices {

    private ConsentChoices() {
    }

    /** The decision for one purpose: accept all, reject all, or its own box when saving choices. */
    static Decision decisionFor(String action, boolean ticked) {
        return decisionFor(action, ticked, false);
    }

    /**
     * As {@link #decisionFor(String, boolean)}; with {@code gpcOptOut} (the browser sent Global Privacy Control and
     * the purpose is a sale or sharing of data) "accept all" does not grant the purpose: only its own box does.
     */
    static Decision decisionFor(String action, boolean ticked, boolean gpcOptOut) {
        return switch (action) {
            case ConsentRequiredAction.ACCEPT_ALL -> !gpcOptOut || ticked ? Decision.GRANTED : Decision.WITHDRAWN;
            case ConsentRequiredAction.REJECT_ALL -> Decision.WITHDRAWN;
            default -> ticked ? Decision.GRANTED : Decision.WITHDRAWN;
        };
    }

    /** True if recording {@code decision} would repeat the current state for the current version. */
    static boolean unchanged(ConsentState current, Decision decision, int purposeVersion) {
        return current != null && current.decision() == decision && current.version() >= purposeVersion;
    }
}

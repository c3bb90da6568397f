package dev.ciampack.consent.spi;

import java.util.Locale;

/** Where a decision was made, as recorded in the ledger. */
public enum Channel {
    /** The consent step during sign-in or registration. */
    LOGIN_STEP,
    /** The self-service page reached through an application-initiated action. */
    ACCOUNT_PAGE,
    /** The self-service REST API, called by an application on the person's behalf. */
    API,
    /** An administrator recording a decision given elsewhere (e.g. on paper). */
    ADMIN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.ciampack.consent.spi;

/**
 * The details of the Keycloak event ({@code UPDATE_CONSENT}) that the consent store records for every
 * decision, next to its ledger row. Readers of the realm's events (the pack's event listener, an
 * operator's own listener) use these names.
 */
public final class ConsentEventDetails {

    /** The purpose id, e.g. {@code marketing_email}. Present only on the pack's consent events. */
    public static final String PURPOSE = "ciam_consent_purpose";
    /** {@link Decision#value()}: {@code granted} or {@code withdrawn}. */
    public static final String DECISION = "ciam_consent_decision";
    /** The purpose version decided on, a decimal integer. */
    public static final String VERSION = "ciam_consent_version";
    /** {@link Channel#value()}: where the decision was made. */
    public static final String CHANNEL = "ciam_consent_channel";
    /** {@code gpc} when the browser sent Global Privacy Control with the decision (absent otherwise). */
    public static final String SIGNAL = "ciam_consent_signal";

    private ConsentEventDetails() {
    }
}

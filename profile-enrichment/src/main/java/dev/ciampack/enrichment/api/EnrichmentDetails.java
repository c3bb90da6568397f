package dev.ciampack.enrichment.api;

/**
 * Details of the Keycloak events that profile enrichment records. A linked anonymous id is a
 * {@code CUSTOM_REQUIRED_ACTION} event with {@link #EVENT} = {@link #USER_IDENTIFIED} and
 * {@link #ANONYMOUS_ID} = the id (the pack's event listener turns it into {@code user.identified}).
 */
public final class EnrichmentDetails {

    /** Which of the pack's events a generic Keycloak event type carries. */
    public static final String EVENT = "ciam_event";
    /** {@link #EVENT} value: an anonymous id was linked to the person. */
    public static final String USER_IDENTIFIED = "user.identified";
    /** The anonymous id that was linked. */
    public static final String ANONYMOUS_ID = "ciam_anonymous_id";

    private EnrichmentDetails() {
    }
}

package dev.ciampack.enrichment.api;

import java.util.List;

/**
 * The user attributes that profile enrichment writes (declared admin-view-only in the realm's User
 * Profile). Other modules and operators read them by these names: e.g. an event sink's allow-list, a
 * segment rule, an export.
 */
public final class EnrichmentAttributes {

    /** First recorded sign-in (ISO-8601 UTC). */
    public static final String FIRST_LOGIN_AT = "ciam_first_login_at";
    /** Last recorded sign-in (ISO-8601 UTC), throttled. */
    public static final String LAST_LOGIN_AT = "ciam_last_login_at";
    /** Recorded sign-ins (at least the throttle interval apart). */
    public static final String LOGIN_COUNT = "ciam_login_count";
    public static final String LAST_CLIENT = "ciam_last_client";
    public static final String SIGNUP_CLIENT = "ciam_signup_client";
    public static final String SIGNUP_UTM_SOURCE = "ciam_signup_utm_source";
    public static final String SIGNUP_UTM_MEDIUM = "ciam_signup_utm_medium";
    public static final String SIGNUP_UTM_CAMPAIGN = "ciam_signup_utm_campaign";
    public static final String PREFERRED_LOCALE = "ciam_preferred_locale";
    /** The sign-in context attributes above, in order. */
    public static final List<String> LOGIN_CONTEXT = List.of(FIRST_LOGIN_AT, LAST_LOGIN_AT, LOGIN_COUNT, LAST_CLIENT,
            SIGNUP_CLIENT, SIGNUP_UTM_SOURCE, SIGNUP_UTM_MEDIUM, SIGNUP_UTM_CAMPAIGN, PREFERRED_LOCALE);

    /** Analytics anonymous ids linked to the person (multivalued; only with the anonymous-id purpose). */
    public static final String ANONYMOUS_IDS = "ciam_anonymous_ids";
    /** Segments computed at sign-in (multivalued; only with the segments purpose); the personalization claim reads them. */
    public static final String SEGMENTS = "ciam_segments";
    /** Where each attribute imported from an identity provider came from (JSON). */
    public static final String IMPORT_PROVENANCE = "ciam_import_provenance";

    private EnrichmentAttributes() {
    }
}

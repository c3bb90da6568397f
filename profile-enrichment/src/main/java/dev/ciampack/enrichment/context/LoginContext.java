package dev.ciampack.enrichment.context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.ciampack.enrichment.api.EnrichmentAttributes.FIRST_LOGIN_AT;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.LAST_CLIENT;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.LAST_LOGIN_AT;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.LOGIN_COUNT;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.PREFERRED_LOCALE;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.SIGNUP_CLIENT;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.SIGNUP_UTM_CAMPAIGN;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.SIGNUP_UTM_MEDIUM;
import static dev.ciampack.enrichment.api.EnrichmentAttributes.SIGNUP_UTM_SOURCE;

/**
 * The login-context attributes a sign-in writes, as a pure rule (unit-tested):
 * <ul>
 * <li>once, when absent: first sign-in time, sign-up client and campaign (utm_source, utm_medium,
 * utm_campaign of the first recorded sign-in);</li>
 * <li>throttled: last sign-in time, sign-in count and last client change only when the last recorded
 * sign-in is at least {@code minInterval} old, or the client differs from the last one; so a burst of
 * sign-ins (or a test loop) writes once, and {@code ciam_login_count} counts sign-ins at least that far
 * apart;</li>
 * <li>preferred locale: when it differs.</li>
 * </ul>
 */
public final class LoginContext {

    private LoginContext() {
    }

    /** One sign-in as seen by the server. */
    public record SignIn(Instant at, String clientId, Map<String, String> utm, String locale) {
    }

    /**
     * @param current the user's current values of the context attributes (absent = not set)
     * @return the attributes to write (empty: nothing to write)
     */
    public static Map<String, String> changes(Map<String, String> current, SignIn signIn, long minIntervalSeconds) {
        Map<String, String> writes = new LinkedHashMap<>();
        if (current.get(FIRST_LOGIN_AT) == null) {
            writes.put(FIRST_LOGIN_AT, signIn.at().toString());
            putIfPresent(writes, SIGNUP_CLIENT, signIn.clientId());
            putIfPresent(writes, SIGNUP_UTM_SOURCE, clean(signIn.utm().get("utm_source")));
            putIfPresent(writes, SIGNUP_UTM_MEDIUM, clean(signIn.utm().get("utm_medium")));
            putIfPresent(writes, SIGNUP_UTM_CAMPAIGN, clean(signIn.utm().get("utm_campaign")));
        }
        Instant last = parse(current.get(LAST_LOGIN_AT));
        boolean due = last == null || !signIn.at().isBefore(last.plusSeconds(minIntervalSeconds))
                || (signIn.clientId() != null && !signIn.clientId().equals(current.get(LAST_CLIENT)));
        if (due) {
            writes.put(LAST_LOGIN_AT, signIn.at().toString());
            writes.put(LOGIN_COUNT, String.valueOf(count(current.get(LOGIN_COUNT)) + 1));
            putIfPresent(writes, LAST_CLIENT, signIn.clientId());
        }
        if (signIn.locale() != null && !signIn.locale().equals(current.get(PREFERRED_LOCALE))) {
            writes.put(PREFERRED_LOCALE, signIn.locale());
        }
        return writes;
    }

    /** Campaign values: printable, at most 100 characters; anything else is dropped. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || v.length() > 100 || v.codePoints().anyMatch(c -> Character.isISOControl(c))) {
            return null;
        }
        return v;
    }

    private static void putIfPresent(Map<String, String> writes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            writes.put(name, value);
        }
    }

    private static Instant parse(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static long count(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package dev.ciampack.consent.spi;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A reason to use personal data that people opt into, e.g. {@code marketing_email}.
 *
 * @param id             lower-case id: a letter, then letters, digits or {@code _} (2 to 40 characters)
 * @param version        1 or more; raise it when the notice changes materially: everyone is asked again,
 *                       and {@link ConsentProvider#mayUse} is false until they grant the new version
 * @param required       true if sign-in cannot continue without a grant (e.g. terms of service)
 * @param title          short title per language tag ({@code en}, {@code pt-BR} ...)
 * @param description    the notice text per language tag
 * @param policyUrl      link to the full policy for every language without its own in {@code policyUrls}, or null
 * @param dataCategories the kinds of data the purpose covers, e.g. {@code email}, {@code browsing}
 * @param gpc            {@value #GPC_OPT_OUT} if the purpose is a sale or sharing of personal data, which a browser's
 *                       Global Privacy Control signal opts the person out of; null otherwise
 * @param policyUrls     the full policy per language tag, for policies written in each language (may be empty)
 */
public record Purpose(String id, int version, boolean required, Map<String, String> title,
                      Map<String, String> description, String policyUrl, List<String> dataCategories, String gpc,
                      Map<String, String> policyUrls) {

    public static final String DEFAULT_LOCALE = "en";
    /** The {@code gpc} value of a purpose that Global Privacy Control opts out of. */
    public static final String GPC_OPT_OUT = "opt-out";

    public Purpose {
        title = title == null ? Map.of() : Map.copyOf(title);
        description = description == null ? Map.of() : Map.copyOf(description);
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
        policyUrls = policyUrls == null ? Map.of() : Map.copyOf(policyUrls);
    }

    /** A purpose with one policy link for every language. */
    public Purpose(String id, int version, boolean required, Map<String, String> title, Map<String, String> description,
                   String policyUrl, List<String> dataCategories, String gpc) {
        this(id, version, required, title, description, policyUrl, dataCategories, gpc, Map.of());
    }

    /** A purpose Global Privacy Control does not concern. */
    public Purpose(String id, int version, boolean required, Map<String, String> title, Map<String, String> description,
                   String policyUrl, List<String> dataCategories) {
        this(id, version, required, title, description, policyUrl, dataCategories, null, Map.of());
    }

    /** Whether a Global Privacy Control signal opts the person out of this purpose (a sale or sharing of data). */
    public boolean optedOutByGpc() {
        return GPC_OPT_OUT.equals(gpc);
    }

    /** The title in {@code locale}, else in its language, else in English, else any. */
    public String title(String locale) {
        return localized(title, locale);
    }

    public String description(String locale) {
        return localized(description, locale);
    }

    /**
     * The policy link for {@code locale}: the one of {@link #policyUrls} in that language tag or language, else
     * {@link #policyUrl}, else the English or any one of {@link #policyUrls}; null when there is none.
     */
    public String policyUrl(String locale) {
        String own = matching(policyUrls, locale);
        if (own != null) {
            return policyUrls.get(own);
        }
        return policyUrl != null || policyUrls.isEmpty() ? policyUrl : policyUrls.get(resolve(policyUrls, null));
    }

    /** The language tag whose text {@link #title(String)} would show for {@code locale}. */
    public String resolveLocale(String locale) {
        return resolve(title, locale);
    }

    private static String localized(Map<String, String> texts, String locale) {
        String key = resolve(texts, locale);
        return key == null ? "" : texts.get(key);
    }

    /** The key of {@code texts} for {@code locale}: that tag, else one of its language; null when none. */
    private static String matching(Map<String, String> texts, String locale) {
        if (locale == null) {
            return null;
        }
        if (texts.containsKey(locale)) {
            return locale;
        }
        String language = locale.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return texts.keySet().stream().filter(key -> key.split("[-_]")[0].equalsIgnoreCase(language)).findFirst()
                .orElse(null);
    }

    /** {@link #matching}, else English, else the first tag in order; null only when {@code texts} is empty. */
    private static String resolve(Map<String, String> texts, String locale) {
        if (texts.isEmpty()) {
            return null;
        }
        String key = matching(texts, locale);
        if (key != null) {
            return key;
        }
        if (texts.containsKey(DEFAULT_LOCALE)) {
            return DEFAULT_LOCALE;
        }
        return texts.keySet().stream().sorted().findFirst().orElseThrow();
    }
}

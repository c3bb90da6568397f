package dev.ciampack.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * A realm's brand as a marketer sets it on the admin console page {@value #PROVIDER_ID} (themes module): each key
 * is one field of that page and one variable of the login theme's {@code brand.css}. A field left empty keeps the
 * theme's value. {@link #parse} is the one validation (page, components API and realm import alike) and names
 * every problem; {@link #css} writes only values that passed it, so nothing a field holds can leave its CSS
 * declaration. {@link #of} reads a realm's brand for the pack's emails ({@link #email}).
 */
public final class Brand {

    /** Provider id of the admin console page whose single realm component holds the brand. */
    public static final String PROVIDER_ID = "ciam-brand";
    /** Component provider type of that page (Keycloak's admin UI extension SPI). */
    public static final String PROVIDER_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    /** The email template attribute holding {@link #email}. */
    public static final String EMAIL_ATTRIBUTE = "ciamBrand";
    /** The theme's primary colour ({@code --ciam-brand-primary} in brand.css), for emails of a realm without one. */
    public static final String DEFAULT_PRIMARY = "#1f5f8b";
    /** The theme's logo height in pixels ({@code --ciam-brand-logo-height}). */
    public static final int DEFAULT_LOGO_HEIGHT = 40;

    private static final Logger LOG = Logger.getLogger(Brand.class);

    public static final String PRIMARY = "primaryColor";
    public static final String PRIMARY_HOVER = "primaryHoverColor";
    public static final String BACKGROUND = "backgroundColor";
    public static final String TEXT = "textColor";
    public static final String RADIUS = "cornerRadius";
    public static final String FONT = "fontStack";
    public static final String WEB_FONT_URL = "webFontUrl";
    public static final String LOGO_URL = "logoUrl";
    public static final String LOGO_HEIGHT = "logoHeight";
    public static final String PRIMARY_DARK = "primaryColorDark";
    public static final String BACKGROUND_DARK = "backgroundColorDark";
    public static final String TEXT_DARK = "textColorDark";
    public static final String LOGO_URL_DARK = "logoUrlDark";

    /** Field -> the brand.css variable it sets. */
    public static final Map<String, String> VARIABLES = variables();
    static final List<String> COLOURS = List.of(PRIMARY, PRIMARY_HOVER, BACKGROUND, TEXT, PRIMARY_DARK, BACKGROUND_DARK,
            TEXT_DARK);
    public static final int MAX_RADIUS = 32;
    public static final int MIN_LOGO_HEIGHT = 16;
    public static final int MAX_LOGO_HEIGHT = 160;
    public static final int MAX_URL = 2048;

    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,3}");
    /** Font names, commas, spaces, hyphens and quotes: nothing that ends a declaration or opens a function. */
    private static final Pattern FONT_STACK = Pattern.compile("[A-Za-z0-9 ,_\\-\"']{1,200}");
    /** Characters of a URL that could leave a CSS url("...") or need escaping there. */
    private static final Pattern URL_UNSAFE = Pattern.compile("[\\s\"'()\\\\<>;{}]|\\p{Cntrl}");

    private final Map<String, String> values;

    private Brand(Map<String, String> values) {
        this.values = values;
    }

    private static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(PRIMARY, "--ciam-brand-primary");
        v.put(PRIMARY_HOVER, "--ciam-brand-primary-hover");
        v.put(BACKGROUND, "--ciam-brand-background");
        v.put(TEXT, "--ciam-brand-text");
        v.put(RADIUS, "--ciam-brand-radius");
        v.put(FONT, "--ciam-brand-font");
        v.put(LOGO_URL, "--ciam-brand-logo");
        v.put(LOGO_HEIGHT, "--ciam-brand-logo-height");
        v.put(PRIMARY_DARK, "--ciam-brand-primary-dark");
        v.put(BACKGROUND_DARK, "--ciam-brand-background-dark");
        v.put(TEXT_DARK, "--ciam-brand-text-dark");
        v.put(LOGO_URL_DARK, "--ciam-brand-logo-dark");
        return Map.copyOf(v);
    }

    /**
     * The brand a component's configuration holds (first value of each key; empty or missing keys keep the
     * theme's value; unknown keys are ignored).
     *
     * @throws IllegalArgumentException naming every field that is not acceptable, with why
     */
    public static Brand parse(Map<String, List<String>> config) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String key : List.of(PRIMARY, PRIMARY_HOVER, BACKGROUND, TEXT, RADIUS, FONT, WEB_FONT_URL, LOGO_URL,
                LOGO_HEIGHT, PRIMARY_DARK, BACKGROUND_DARK, TEXT_DARK, LOGO_URL_DARK)) {
            List<String> given = config.get(key);
            String value = given == null || given.isEmpty() || given.get(0) == null ? "" : given.get(0).strip();
            if (value.isEmpty()) {
                continue;
            }
            String problem = problem(key, value);
            if (problem != null) {
                problems.add(key + ": " + problem);
            } else {
                values.put(key, COLOURS.contains(key) ? value.toLowerCase(Locale.ROOT) : value);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid brand: " + String.join("; ", problems));
        }
        return new Brand(values);
    }

    private static String problem(String key, String value) {
        if (COLOURS.contains(key)) {
            return COLOUR.matcher(value).matches() ? null
                    : "'" + shown(value) + "' is not a colour: give #rgb or #rrggbb (for example #1f5f8b)";
        }
        return switch (key) {
            case RADIUS -> number(value, 0, MAX_RADIUS, "a corner radius in pixels");
            case LOGO_HEIGHT -> number(value, MIN_LOGO_HEIGHT, MAX_LOGO_HEIGHT, "a logo height in pixels");
            case FONT -> FONT_STACK.matcher(value).matches() && even(value, '"') && even(value, '\'') ? null
                    : "'" + shown(value) + "' is not a font stack: font names separated by commas, names with spaces "
                            + "in quotes, up to 200 characters (letters, digits, spaces, , - _ \" ')";
            case WEB_FONT_URL, LOGO_URL, LOGO_URL_DARK -> url(value);
            default -> null;
        };
    }

    private static String number(String value, int min, int max, String what) {
        if (NUMBER.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return null;
            }
        }
        return "'" + shown(value) + "' is not " + what + ": give a whole number from " + min + " to " + max;
    }

    private static boolean even(String value, char quote) {
        return value.chars().filter(c -> c == quote).count() % 2 == 0;
    }

    private static String url(String value) {
        if (value.length() > MAX_URL || URL_UNSAFE.matcher(value).find()) {
            return "'" + shown(value) + "' is not a usable address: an https URL of at most " + MAX_URL
                    + " characters without spaces, quotes, brackets, backslashes or semicolons";
        }
        try {
            URI uri = new URI(value);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return "'" + shown(value) + "' is not an https address (javascript:, data: and http: are refused)";
            }
        } catch (URISyntaxException e) {
            return "'" + shown(value) + "' is not a URL";
        }
        return null;
    }

    /** A value as shown in a message: cut, control characters replaced. */
    private static String shown(String value) {
        String cut = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * The realm's brand: its {@value #PROVIDER_ID} component's, or none (the theme's values) when it has none or
     * one that no longer validates (logged with the reason).
     */
    public static Brand of(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(c -> PROVIDER_ID.equals(c.getProviderId())).findFirst().map(component -> {
                    try {
                        return parse(component.getConfig());
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("realm %s: the brand is not used (%s)", realm.getName(), e.getMessage());
                        return new Brand(Map.of());
                    }
                }).orElseGet(() -> new Brand(Map.of()));
    }

    /**
     * What the pack's HTML emails take of the brand: {@code primary} (the button colour), {@code onPrimary} (black
     * or white, whichever reads better on it), and {@code logoUrl} with {@code logoHeight} when a logo is set.
     */
    public Map<String, Object> email() {
        String primary = values.getOrDefault(PRIMARY, DEFAULT_PRIMARY);
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("primary", primary);
        email.put("onPrimary", onColour(primary));
        if (values.containsKey(LOGO_URL)) {
            email.put("logoUrl", values.get(LOGO_URL));
            email.put("logoHeight", Math.min(Integer.parseInt(values.getOrDefault(LOGO_HEIGHT,
                    String.valueOf(DEFAULT_LOGO_HEIGHT))), 80));
        }
        return email;
    }

    /** #ffffff or #000000, whichever has the higher WCAG contrast on a #rgb or #rrggbb colour. */
    static String onColour(String colour) {
        String hex = colour.substring(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        double luminance = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) / 255.0;
            luminance += weights[i] * (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        }
        // Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
        return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
    }

    /**
     * Why {@code webFontUrl} may not be used, or null: its host must be one of {@code fontHosts}, the hosts the operator
     * allows (a stylesheet imported into every sign-in page can restyle it into anything, or read what it shows).
     */
    public String fontHostProblem(Set<String> fontHosts) {
        String url = values.get(WEB_FONT_URL);
        if (url == null) {
            return null;
        }
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        return fontHosts.contains(host) ? null : WEB_FONT_URL + ": " + host + " is not a font host this server allows"
                + (fontHosts.isEmpty() ? " (it allows none)" : " (" + String.join(", ", new TreeSet<>(fontHosts)) + ")")
                + "; its operator sets them with --spi-realm-restapi-extension--ciam-brand--web-font-hosts";
    }

    /** This brand without a web font whose host is not among {@code fontHosts}. */
    public Brand withFontsFrom(Set<String> fontHosts) {
        if (fontHostProblem(fontHosts) == null) {
            return this;
        }
        Map<String, String> kept = new LinkedHashMap<>(values);
        kept.remove(WEB_FONT_URL);
        return new Brand(kept);
    }

    /** The values set, by field. */
    public Map<String, String> values() {
        return values;
    }

    /**
     * The stylesheet that puts this brand over the theme's defaults: an {@code @import} of the web font (if any)
     * and one {@code :root} rule setting the variables given. Empty when nothing is set.
     */
    public String css() {
        StringBuilder css = new StringBuilder();
        if (values.containsKey(WEB_FONT_URL)) {
            css.append("@import url(\"").append(values.get(WEB_FONT_URL)).append("\");\n");
        }
        StringBuilder declarations = new StringBuilder();
        VARIABLES.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            String value = values.get(e.getKey());
            if (value != null) {
                declarations.append("  ").append(e.getValue()).append(": ").append(cssValue(e.getKey(), value))
                        .append(";\n");
            }
        });
        if (!declarations.isEmpty()) {
            css.append(":root {\n").append(declarations).append("}\n");
        }
        return css.toString();
    }

    private static String cssValue(String key, String value) {
        return switch (key) {
            case LOGO_URL, LOGO_URL_DARK -> "url(\"" + value + "\")";
            case RADIUS, LOGO_HEIGHT -> value + "px";
            default -> value;
        };
    }
}

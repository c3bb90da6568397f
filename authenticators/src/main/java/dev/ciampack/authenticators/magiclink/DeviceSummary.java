package dev.ciampack.authenticators.magiclink;

import java.util.List;
import java.util.Locale;

/**
 * A coarse description of a browser from its User-Agent, shown on the confirmation page of a link opened on
 * another device so the person can tell whether the sign-in they approve is theirs. Never more precise than
 * browser family and operating system. Kept language-neutral ({@code "Firefox|Windows"}: product names, which
 * no language translates) and put into words by the page in the person's language (message keys
 * {@code ciam-device.on}, {@code ciam-device.unknown}).
 */
public final class DeviceSummary {

    private DeviceSummary() {
    }

    private record Rule(String marker, String name) {
    }

    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static final List<Rule> BROWSERS = List.of(new Rule("edg/", "Edge"), new Rule("opr/", "Opera"),
            new Rule("firefox/", "Firefox"), new Rule("chrome/", "Chrome"), new Rule("chromium/", "Chromium"),
            new Rule("safari/", "Safari"));
    private static final List<Rule> SYSTEMS = List.of(new Rule("android", "Android"), new Rule("iphone", "iOS"),
            new Rule("ipad", "iPadOS"), new Rule("windows", "Windows"), new Rule("mac os x", "macOS"),
            new Rule("cros", "ChromeOS"), new Rule("linux", "Linux"));

    /** E.g. "Chrome|Linux"; an empty part when unknown ("|Linux", "Chrome|", "|"); never null. */
    public static String of(String userAgent) {
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        return first(BROWSERS, ua, "") + "|" + first(SYSTEMS, ua, "");
    }

    /** The browser of a summary, or null when unknown. */
    public static String browser(String summary) {
        return part(summary, 0);
    }

    /** The operating system of a summary, or null when unknown. */
    public static String system(String summary) {
        return part(summary, 1);
    }

    private static String part(String summary, int index) {
        String[] parts = summary == null ? new String[0] : summary.split("\\|", -1);
        return parts.length == 2 && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static String first(List<Rule> rules, String ua, String fallback) {
        for (Rule rule : rules) {
            if (ua.contains(rule.marker())) {
                return rule.name();
            }
        }
        return fallback;
    }
}

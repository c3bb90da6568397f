package dev.ciampack.authenticators.magiclink;

import java.util.List;
import java.util.Locale;

/**
 * A coarse, human description of a browser ("Firefox on Windows") from its User-Agent, shown on the
 * confirmation page of a link opened on another device so the person can tell whether the sign-in they
 * approve is theirs. Never more precise than browser family and operating system.
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

    /** E.g. "Chrome on Linux"; "a browser" parts when unknown; never null. */
    public static String of(String userAgent) {
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, ua, "A browser");
        String system = first(SYSTEMS, ua, null);
        return system == null ? browser : browser + " on " + system;
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

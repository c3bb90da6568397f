package dev.ciampack.testsuite.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a person sees, measured in Chromium: the colour scheme the page is asked for, the WCAG 2 contrast of an
 * element's text against the first opaque background behind it, an axe-core scan against WCAG 2.2 A and AA, and
 * screenshots under {@code <target>/screenshots}.
 */
public final class Readability {

    /** WCAG 2.x AA for normal text. */
    public static final double AA = 4.5;

    private Readability() {
    }

    /** Makes the page's {@code prefers-color-scheme} {@code light} or {@code dark}; null: the browser's own. */
    public static void scheme(ChromeDriver driver, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", scheme == null ? List.of()
                : List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Contrast ratio of the element's text colour against the first opaque background behind it. */
    public static double contrast(ChromeDriver driver, WebElement element) {
        @SuppressWarnings("unchecked")
        List<List<Long>> c = (List<List<Long>>) driver.executeScript("""
                const rgb = c => c.match(/[0-9.]+/g).slice(0, 4).map(Number);
                const el = arguments[0];
                const fg = rgb(getComputedStyle(el).color);
                let bg = [255, 255, 255];
                for (let e = el; e; e = e.parentElement) {
                  const c = rgb(getComputedStyle(e).backgroundColor);
                  if (c.length < 4 || c[3] > 0.9) { bg = c; break; }
                }
                return [fg.slice(0, 3).map(Math.round), bg.slice(0, 3).map(Math.round)];""", element);
        return ratio(c.get(0), c.get(1));
    }

    /** WCAG 2 contrast ratio of two sRGB colours given as [r, g, b]. */
    public static double ratio(List<Long> a, List<Long> b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(List<Long> rgb) {
        double sum = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double v = rgb.get(i) / 255.0;
            sum += weights[i] * (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        }
        return sum;
    }

    /** Width of the narrow (phone) viewport every scan is repeated in. */
    public static final int NARROW = 375;

    /**
     * Saves a screenshot of the page as {@code <name>.png} in {@code <target>/screenshots}, or in the folder the
     * system property {@code ciam.screenshots} names (the screenshots profile: {@code docs/screenshots}).
     */
    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        String chosen = System.getProperty("ciam.screenshots", "");
        Path dir = chosen.isBlank() ? Path.of(System.getProperty("ciam.target", "target"), "screenshots") : Path.of(chosen);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core. */
    public static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a",
            "wcag22aa");

    /**
     * The serious and critical WCAG violations axe-core finds on the page as it is now, one line each (rule, help,
     * the elements); empty when there are none.
     */
    public static List<String> violations(ChromeDriver driver) {
        List<String> found = new ArrayList<>(scan(driver, new AxeBuilder(), rule -> target -> false));
        narrow(driver);
        try {
            scan(driver, new AxeBuilder(), rule -> target -> false).forEach(v -> found.add("at " + NARROW + " px: " + v));
        } finally {
            wide(driver);
        }
        return found;
    }

    /**
     * The findings on a pack page of Keycloak's admin console, desktop and {@value #NARROW} px wide, in two scans: the
     * pack's content (the console's {@code main}: the page's title, help and form) and the console around it
     * (masthead, navigation). Keycloak's own markup that the pack cannot change is let through only where
     * {@link #CONSOLE_OWN} names it (rule, element, where); anything else in either scan is returned.
     */
    public static List<String> adminViolations(ChromeDriver driver) {
        List<String> found = new ArrayList<>();
        for (boolean narrow : List.of(false, true)) {
            if (narrow) {
                narrow(driver);
            }
            try {
                String width = narrow ? "at " + NARROW + " px: " : "";
                scan(driver, new AxeBuilder().include(PACK_CONTENT), ConsoleFinding.Where.PACK_CONTENT)
                        .forEach(v -> found.add(width + "in the pack's content: " + v));
                scan(driver, new AxeBuilder().exclude(PACK_CONTENT), ConsoleFinding.Where.AROUND)
                        .forEach(v -> found.add(width + "in the console around it: " + v));
            } finally {
                wide(driver);
            }
        }
        return found;
    }

    /** Where a pack page's own content sits in Keycloak's admin console. */
    static final String PACK_CONTENT = "main";

    /**
     * A finding of axe-core on Keycloak's admin console that the pack cannot fix: the rule, the start of the element's
     * selector, where it is and the Keycloak version it was last seen on.
     */
    record ConsoleFinding(String rule, String element, Where where, String keycloak, String why) {
        enum Where { PACK_CONTENT, AROUND }
    }

    /**
     * Keycloak's admin console's own findings, at either width (the console collapses its navigation by the window's
     * width). Last checked on the Keycloak and Chromium versions docs/testing.md names (Accessibility scans); a new
     * finding in either scan fails, and one that Keycloak fixes can be taken off.
     */
    static final List<ConsoleFinding> CONSOLE_OWN = List.of(
            new ConsoleFinding("aria-hidden-focus", "#page-sidebar", ConsoleFinding.Where.AROUND, "26.7.3",
                    "the collapsed navigation keeps its links focusable under aria-hidden"),
            new ConsoleFinding("button-name", "button[data-testid=\"options-kebab-toggle\"]", ConsoleFinding.Where.AROUND,
                    "26.7.3", "the masthead's kebab toggle has no accessible name"),
            new ConsoleFinding("target-size", "input[data-testid=\"config.", ConsoleFinding.Where.PACK_CONTENT, "26.7.3",
                    "the console's multivalued text field renders its add/remove controls smaller than 24 px"),
            new ConsoleFinding("target-size", ".pf-m-control", ConsoleFinding.Where.PACK_CONTENT, "26.7.3",
                    "the console's table toolbar and field controls are smaller than 24 px"));

    /**
     * Lays the page out {@value #NARROW} px wide, fails if anything then scrolls sideways (naming what is wider than
     * the window), saves {@code <name>-375.png} and goes back to the browser's width.
     */
    public static void narrowScreenshot(ChromeDriver driver, String name) throws IOException {
        narrow(driver);
        try {
            long width = contentWidth(driver);
            if (width > NARROW) {
                throw new AssertionError(name + ": " + width + " px of content in a " + NARROW + " px wide window: "
                        + "the page scrolls sideways on a phone; wider than the window: " + driver.executeScript(
                        "return Array.from(document.querySelectorAll('body *'))"
                        + ".filter(e => e.getBoundingClientRect().right > " + NARROW + " || e.scrollWidth > e.clientWidth + 1)"
                        + ".slice(-5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className"
                        + " + ' ' + Math.round(e.getBoundingClientRect().right) + 'px ' + e.scrollWidth + '/' + e.clientWidth)"
                        + ".join(', ')"));
            }
            screenshot(driver, name + "-" + NARROW);
        } finally {
            wide(driver);
        }
    }

    /** Lays the page out as a phone {@value #NARROW} px wide shows it (until {@link #wide}). */
    public static void narrow(ChromeDriver driver) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", NARROW, "height", 812,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /** Back to the browser's own window size. */
    public static void wide(ChromeDriver driver) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** How wide the page's content is, in CSS pixels (more than the viewport: it scrolls sideways). */
    public static long contentWidth(ChromeDriver driver) {
        return ((Number) driver.executeScript("return document.documentElement.scrollWidth")).longValue();
    }

    private static List<String> scan(ChromeDriver driver, AxeBuilder axe, ConsoleFinding.Where where) {
        return scan(driver, axe, rule -> target -> CONSOLE_OWN.stream().anyMatch(f -> f.where() == where
                && f.rule().equals(rule) && target.startsWith("[" + f.element())));
    }

    private static List<String> scan(ChromeDriver driver, AxeBuilder axe,
                                     Function<String, Predicate<String>> letThrough) {
        Results results = axe.withTags(WCAG_TAGS).analyze(driver);
        if (results.getErrorMessage() != null) {
            throw new IllegalStateException("axe-core could not scan " + driver.getCurrentUrl() + ": "
                    + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(rule -> describe(rule, letThrough.apply(rule.getId()))).filter(d -> d != null).toList();
    }

    /**
     * Keycloak's own markup that the pack does not write and cannot change without copying Keycloak's template, by
     * rule: keycloak.v2's template.ftl (26.7.0) shows the username of a person already identified as a read-only
     * input without a label ({@code #kc-attempted-username}) above every later page, the pack's included. Only this
     * rule on this element is let through; everything else on the page is still checked.
     */
    static final Map<String, String> KEYCLOAK_OWN = Map.of("label", "#kc-attempted-username");

    private static String describe(Rule rule, Predicate<String> letThrough) {
        List<String> targets = rule.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
                .filter(t -> !t.equals("[" + KEYCLOAK_OWN.get(rule.getId()) + "]"))
                .filter(letThrough.negate())
                .toList();
        return targets.isEmpty() ? null : rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at " + targets;
    }
}

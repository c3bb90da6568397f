package dev.ciampack.testsuite.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** Saves a screenshot of the page as {@code <target>/screenshots/<name>.png}. */
    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Path.of(System.getProperty("ciam.target", "target"), "screenshots");
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
        Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
        if (results.getErrorMessage() != null) {
            throw new IllegalStateException("axe-core could not scan " + driver.getCurrentUrl() + ": "
                    + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(Readability::describe).filter(d -> d != null).toList();
    }

    /**
     * Keycloak's own markup that the pack does not write and cannot change without copying Keycloak's template, by
     * rule: keycloak.v2's template.ftl (26.7.0) shows the username of a person already identified as a read-only
     * input without a label ({@code #kc-attempted-username}) above every later page, the pack's included. Only this
     * rule on this element is let through; everything else on the page is still checked.
     */
    static final Map<String, String> KEYCLOAK_OWN = Map.of("label", "#kc-attempted-username");

    private static String describe(Rule rule) {
        List<String> targets = rule.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
                .filter(t -> !t.equals("[" + KEYCLOAK_OWN.get(rule.getId()) + "]")).toList();
        return targets.isEmpty() ? null : rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at " + targets;
    }
}

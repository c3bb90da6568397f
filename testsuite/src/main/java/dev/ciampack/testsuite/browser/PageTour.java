package dev.ciampack.testsuite.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.junit.TestRealm;

/**
 * A walk through a realm's sign-in pages in one headless Chromium, in each language and colour scheme: start a
 * fresh sign-in, then {@link #scan} each page (its language, its colour scheme, axe-core with no serious or critical
 * WCAG violation, on a desktop and 375 px wide, where nothing may scroll sideways) and photograph it at both widths.
 * Close it after use.
 */
public final class PageTour implements AutoCloseable {

    public static final List<String> LOCALES = List.of("en", "pt-BR");
    public static final List<String> SCHEMES = List.of("light", "dark");

    private final ChromeDriver driver = Chromium.start();
    private final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

    public PageTour() {
        wait.withMessage(() -> "at " + driver.getCurrentUrl());
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait await() {
        return wait;
    }

    /** A new sign-in to the realm's test client in this language and scheme, waiting for its first page. */
    public void start(TestRealm realm, String locale, String scheme, By shown) {
        Readability.scheme(driver, scheme);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(realm.newLogin().authorizationUri(Map.of("ui_locales", locale)).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(shown));
    }

    /**
     * Fails unless the page is in the language and scheme asked and axe-core finds no serious or critical WCAG 2.2
     * A/AA violation; then saves {@code <page>-<locale>-<scheme>.png}.
     */
    public void scan(String page, String locale, String scheme) throws Exception {
        String where = page + ", " + locale + ", " + scheme;
        String lang = driver.findElement(By.tagName("html")).getAttribute("lang");
        boolean dark = driver.findElement(By.tagName("html")).getAttribute("class").contains("pf-v5-theme-dark");
        if (!locale.equals(lang) || dark != scheme.equals("dark")) {
            throw new AssertionError(where + ": the page is in " + lang + (dark ? ", dark" : ", light"));
        }
        List<String> violations = Readability.violations(driver);
        if (!violations.isEmpty()) {
            throw new AssertionError(where + ": axe-core, WCAG 2.2 A and AA: " + violations);
        }
        Readability.screenshot(driver, page + "-" + locale + "-" + scheme);
        Readability.narrowScreenshot(driver, page + "-" + locale + "-" + scheme);
    }

    @Override
    public void close() {
        Readability.scheme(driver, null);
        driver.quit();
    }
}

package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.Readability;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * The passwordless pages as a person meets them, in Chromium with the ciam theme, in English and Portuguese, light
 * and dark: email code (address, code), SMS code (number, code) and magic link (address, sent, confirm). Each is
 * scanned by axe-core for WCAG 2.2 A and AA (contrast included) with no serious or critical violation, and
 * photographed (target/screenshots). Addresses and numbers nobody owns reach the same pages as an account's (the
 * pack answers both alike) without sending anything, so send limits do not interfere.
 */
class PasswordlessPagesChromiumIT {

    private static final List<String> LOCALES = List.of("en", "pt-BR");
    private static final List<String> SCHEMES = List.of("light", "dark");

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> {
        r.setLoginTheme("ciam");
        r.setDisplayName("Casa Demo");
    });

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void setUp() {
        SmsCodeIT.declarePhoneAttribute(realm);
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.withMessage(() -> "at " + driver.getCurrentUrl());
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            Readability.scheme(driver, null);
            driver.quit();
        }
    }

    private static void flow(String alias, String provider, Map<String, String> config) {
        Flows.browserFlow(realm.admin(), alias, List.of(Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step(provider, "ALTERNATIVE", config)));
    }

    /** A new sign-in in this language and colour scheme, waiting for the element that marks its first page. */
    private static void start(String locale, String scheme, By shown) {
        Readability.scheme(driver, scheme);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(realm.newLogin().authorizationUri(Map.of("ui_locales", locale)).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(shown));
    }

    private static void submit(By field, String value) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(value);
        input.submit();
    }

    /** axe-core finds nothing serious on the page, whose language is the one asked; then a screenshot. */
    private static void scan(String page, String locale, String scheme) throws Exception {
        String where = page + ", " + locale + ", " + scheme;
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).as(where).isEqualTo(locale);
        assertThat(driver.findElement(By.tagName("html")).getAttribute("class").contains("pf-v5-theme-dark"))
                .as(where).isEqualTo(scheme.equals("dark"));
        assertThat(Readability.violations(driver)).as(where + ": axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, page + "-" + locale + "-" + scheme);
    }

    @Test
    @DisplayName("email code: the address page and the code page")
    void emailCodePages() throws Exception {
        flow("email-code-pages", "ciam-email-code", Map.of());
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                start(locale, scheme, By.id("ciam-email-code-identify-form"));
                scan("ciam-email-code-identify", locale, scheme);
                submit(By.id("email"), "nobody-" + locale + "-" + scheme + "@ciam.test");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
                scan("ciam-email-code", locale, scheme);
            }
        }
    }

    @Test
    @DisplayName("SMS code: the number page and the code page")
    void smsCodePages() throws Exception {
        flow("sms-code-pages", "ciam-sms-code", Map.of("sms-sender", "http", "default-region", "BR"));
        int n = 0;
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                start(locale, scheme, By.id("ciam-sms-code-identify-form"));
                scan("ciam-sms-code-identify", locale, scheme);
                submit(By.id("phone"), "+55 11 98765-432" + n++);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-sms-code-form")));
                scan("ciam-sms-code", locale, scheme);
            }
        }
    }

    @Test
    @DisplayName("magic link: the address page, the sent page, and the confirmation page the link opens")
    void magicLinkPages() throws Exception {
        flow("magic-link-pages", "ciam-magic-link", Map.of());
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                String person = "link-" + locale.toLowerCase() + "-" + scheme;
                realm.createUser(person, "unused-Passw0rd!");
                start(locale, scheme, By.id("ciam-email-code-identify-form"));
                scan("ciam-magic-link-identify", locale, scheme);
                submit(By.id("email"), person + "@ciam.test");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-sent")));
                scan("ciam-magic-link-sent", locale, scheme);
                String link = Mailbox.link(realm.mailbox().awaitNext(person + "@ciam.test", 0, Duration.ofSeconds(10)),
                        "/login-actions/action-token");
                driver.get(link);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-confirm-form")));
                scan("ciam-magic-link-confirm", locale, scheme);
            }
        }
    }
}

package dev.ciampack.testsuite.passwordless;

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

import dev.ciampack.testsuite.browser.PageTour;
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

    private static final List<String> LOCALES = PageTour.LOCALES;
    private static final List<String> SCHEMES = PageTour.SCHEMES;

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> {
        r.setLoginTheme("ciam");
        r.setDisplayName("Casa Demo");
    });

    private static PageTour tour;
    private static ChromeDriver driver;

    @BeforeAll
    static void setUp() {
        SmsCodeIT.declarePhoneAttribute(realm);
        tour = new PageTour();
        driver = tour.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (tour != null) {
            tour.close();
        }
    }

    private static void flow(String alias, String provider, Map<String, String> config) {
        Flows.browserFlow(realm.admin(), alias, List.of(Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step(provider, "ALTERNATIVE", config)));
    }

    private static void submit(By field, String value) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(value);
        input.submit();
    }

    @Test
    @DisplayName("email code: the address page and the code page")
    void emailCodePages() throws Exception {
        flow("email-code-pages", "ciam-email-code", Map.of());
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                tour.start(realm, locale, scheme, By.id("ciam-email-code-identify-form"));
                tour.scan("ciam-email-code-identify", locale, scheme);
                submit(By.id("email"), "nobody-" + locale + "-" + scheme + "@ciam.test");
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
                tour.scan("ciam-email-code", locale, scheme);
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
                tour.start(realm, locale, scheme, By.id("ciam-sms-code-identify-form"));
                tour.scan("ciam-sms-code-identify", locale, scheme);
                submit(By.id("phone"), "+55 11 98765-432" + n++);
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-sms-code-form")));
                tour.scan("ciam-sms-code", locale, scheme);
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
                tour.start(realm, locale, scheme, By.id("ciam-email-code-identify-form"));
                tour.scan("ciam-magic-link-identify", locale, scheme);
                submit(By.id("email"), person + "@ciam.test");
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-sent")));
                tour.scan("ciam-magic-link-sent", locale, scheme);
                String link = Mailbox.link(realm.mailbox().awaitNext(person + "@ciam.test", 0, Duration.ofSeconds(10)),
                        "/login-actions/action-token");
                driver.get(link);
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-confirm-form")));
                tour.scan("ciam-magic-link-confirm", locale, scheme);
            }
        }
    }
}

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
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * The identifier-first page and the passkey nudge as a person meets them, in Chromium with the ciam theme, in
 * English and Portuguese, light and dark: axe-core (WCAG 2.2 A and AA) finds nothing serious or critical; screenshots
 * in target/screenshots. Realms from the same imports as IdentifierFirstIT and PasskeyNudgeIT (the nudge offered
 * from the first passwordless sign-in here).
 */
class SignInChoicePagesChromiumIT {

    private static final List<String> LOCALES = PageTour.LOCALES;
    private static final List<String> SCHEMES = PageTour.SCHEMES;

    @RegisterExtension
    static final TestRealm choices = TestRealm.fromJson(IdentifierFirstIT.resource("/realms/identifier-first-import.json"))
            .speaking("en", "pt-BR").customize(r -> r.setLoginTheme("ciam"));

    @RegisterExtension
    static final TestRealm nudge = TestRealm.fromJson(IdentifierFirstIT.resource("/realms/passkey-nudge-import.json"))
            .speaking("en", "pt-BR").customize(r -> {
                r.setLoginTheme("ciam");
                r.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals("nudge-after-two"))
                        .forEach(c -> c.getConfig().put("after-sign-ins", "1"));
            });

    private static PageTour tour;
    private static ChromeDriver driver;

    @BeforeAll
    static void setUp() {
        SmsCodeIT.declarePhoneAttribute(choices);
        tour = new PageTour();
        driver = tour.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (tour != null) {
            tour.close();
        }
    }

    @Test
    @DisplayName("identifier first: the page that asks for an email, phone or username, and the password page after it")
    void identifierFirstPage() throws Exception {
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                tour.start(choices, locale, scheme, By.id("ciam-identifier-first-form"));
                tour.scan("ciam-identifier-first", locale, scheme);
                WebElement identifier = driver.findElement(By.id("identifier"));
                identifier.sendKeys("nobody-here");
                identifier.submit();
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-identifier-password-form")));
                tour.scan("ciam-identifier-password", locale, scheme);
            }
        }
    }

    @Test
    @DisplayName("passkey nudge: the offer after a passwordless sign-in")
    void passkeyNudgePage() throws Exception {
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                String person = "nudge-" + locale.toLowerCase() + "-" + scheme;
                nudge.createUser(person, "unused-Passw0rd!");
                tour.start(nudge, locale, scheme, By.id("ciam-email-code-identify-form"));
                WebElement email = driver.findElement(By.id("email"));
                email.sendKeys(person + "@ciam.test");
                email.submit();
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
                String code = Mailbox.code(nudge.mailbox().awaitNext(person + "@ciam.test", 0, Duration.ofSeconds(10)), 6);
                WebElement field = driver.findElement(By.id("code"));
                field.sendKeys(code);
                driver.findElement(By.id("ciam-email-code-verify")).click();
                tour.await().until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-passkey-nudge-form")));
                tour.scan("ciam-passkey-nudge", locale, scheme);
            }
        }
    }
}

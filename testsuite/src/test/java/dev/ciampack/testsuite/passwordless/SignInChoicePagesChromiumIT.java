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
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * The identifier-first page and the passkey nudge as a person meets them, in Chromium with the ciam theme, in
 * English and Portuguese, light and dark: axe-core (WCAG 2.2 A and AA) finds nothing serious or critical; screenshots
 * in target/screenshots. Realms from the same imports as IdentifierFirstIT and PasskeyNudgeIT (the nudge offered
 * from the first passwordless sign-in here).
 */
class SignInChoicePagesChromiumIT {

    private static final List<String> LOCALES = List.of("en", "pt-BR");
    private static final List<String> SCHEMES = List.of("light", "dark");

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

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void setUp() {
        SmsCodeIT.declarePhoneAttribute(choices);
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

    private static void start(TestRealm realm, String locale, String scheme, By shown) {
        Readability.scheme(driver, scheme);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(realm.newLogin().authorizationUri(Map.of("ui_locales", locale)).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(shown));
    }

    private static void scan(String page, String locale, String scheme) throws Exception {
        String where = page + ", " + locale + ", " + scheme;
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).as(where).isEqualTo(locale);
        assertThat(Readability.violations(driver)).as(where + ": axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, page + "-" + locale + "-" + scheme);
    }

    @Test
    @DisplayName("identifier first: the page that asks for an email, phone or username")
    void identifierFirstPage() throws Exception {
        for (String locale : LOCALES) {
            for (String scheme : SCHEMES) {
                start(choices, locale, scheme, By.id("ciam-identifier-first-form"));
                scan("ciam-identifier-first", locale, scheme);
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
                start(nudge, locale, scheme, By.id("ciam-email-code-identify-form"));
                WebElement email = driver.findElement(By.id("email"));
                email.sendKeys(person + "@ciam.test");
                email.submit();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
                String code = Mailbox.code(nudge.mailbox().awaitNext(person + "@ciam.test", 0, Duration.ofSeconds(10)), 6);
                WebElement field = driver.findElement(By.id("code"));
                field.sendKeys(code);
                driver.findElement(By.id("ciam-email-code-verify")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-passkey-nudge-form")));
                scan("ciam-passkey-nudge", locale, scheme);
            }
        }
    }
}

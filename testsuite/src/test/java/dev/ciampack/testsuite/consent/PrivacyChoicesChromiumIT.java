package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.Readability;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.pages.ConsentPage;
import dev.ciampack.testsuite.pages.LoginPage;

/**
 * Withdrawing is as easy as granting (issue 16, part 5), in a real browser: from Keycloak's account console (the
 * pack's {@code ciam} account theme adds "Privacy and my data" to its navigation) and from a pack email's footer,
 * the review page is one click away, and a purpose is withdrawn with exactly as many clicks as it is granted.
 */
class PrivacyChoicesChromiumIT {

    private static final String PASSWORD = "Ines-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> {
        r.setLoginTheme("ciam");
        r.setAccountTheme("ciam");
    });

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/settings", Map.of("emailReceipts", true)).expect(200);
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.withMessage(() -> {
            String body = driver.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ");
            return "at " + driver.getCurrentUrl() + ": " + body.substring(0, Math.min(300, body.length()));
        });
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Counts what the person clicks (a tick box, a button, a link) on the way to a decision. */
    private static final class Clicks {
        private int count;

        void on(WebElement element) {
            element.click();
            count++;
        }

        void on(By locator) {
            on(wait.until(ExpectedConditions.elementToBeClickable(locator)));
        }

        int count() {
            return count;
        }
    }

    private static String decisions(String userId) {
        JsonNode consents = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId).expect(200).json();
        StringBuilder text = new StringBuilder();
        consents.forEach(c -> text.append(c.at("/purpose/id").asText()).append('=').append(c.get("decision").asText())
                .append(' '));
        return text.toString().strip();
    }

    private static By navEntry() {
        return By.xpath("//nav//a[normalize-space(.)='Privacy and my data']");
    }

    /** The console has loaded its navigation (after a sign-in or a return from the review page). */
    private static void awaitConsole() {
        wait.until(d -> d.getCurrentUrl().startsWith(realm.url() + "/account")
                && !d.findElements(navEntry()).isEmpty());
    }

    /** The account console's script sends a person without a session to the sign-in page. */
    private static void openConsoleSignIn() {
        driver.get(realm.url() + "/account/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    }

    @Test
    @DisplayName("from the account console: one click opens the review page; withdrawing a purpose takes as many "
            + "clicks as granting it, and each ends back in the console with the decision stored")
    void withdrawingTakesNoMoreClicksThanGranting() {
        String userId = realm.createUser("ines", PASSWORD);
        openConsoleSignIn();
        new LoginPage(driver).signIn("ines", PASSWORD);
        ConsentPage step = new ConsentPage(driver);
        wait.until(d -> step.isShown() || !d.findElements(navEntry()).isEmpty());
        if (step.isShown()) {
            step.rejectAll();
        }
        awaitConsole();
        assertThat(decisions(userId)).isEqualTo("marketing_email=withdrawn personalization=withdrawn");

        Clicks grant = new Clicks();
        grant.on(navEntry());
        ConsentPage review = new ConsentPage(driver);
        wait.until(d -> review.isShown());
        assertThat(grant.count()).as("the review page is one click from the console").isEqualTo(1);
        assertThat(review.title()).isEqualTo("Review your privacy choices");
        assertThat(Readability.violations(driver)).as("the review page: axe-core, WCAG 2.2 A and AA").isEmpty();
        grant.on(By.id("purpose_marketing_email"));
        grant.on(By.id("ciam-consent-save"));
        awaitConsole();
        assertThat(decisions(userId)).isEqualTo("marketing_email=granted personalization=withdrawn");

        Clicks withdraw = new Clicks();
        withdraw.on(navEntry());
        wait.until(d -> review.isShown());
        assertThat(review.isTicked("marketing_email")).isTrue();
        withdraw.on(By.id("purpose_marketing_email"));
        withdraw.on(By.id("ciam-consent-save"));
        awaitConsole();
        assertThat(decisions(userId)).isEqualTo("marketing_email=withdrawn personalization=withdrawn");

        assertThat(grant.count()).isEqualTo(3);
        assertThat(withdraw.count()).as("withdrawing takes no more clicks than granting")
                .isLessThanOrEqualTo(grant.count());
    }

    @Test
    @DisplayName("from an email: the footer's address opens the review page, straight away for a signed-in person")
    void emailFooterOpensTheReviewPage() throws Exception {
        realm.createUser("jude", PASSWORD);
        driver.manage().deleteAllCookies();
        openConsoleSignIn();
        new LoginPage(driver).signIn("jude", PASSWORD);
        ConsentPage step = new ConsentPage(driver);
        wait.until(d -> step.isShown());
        step.tick("personalization").save();
        awaitConsole();

        var mail = realm.mailbox().awaitNext("jude@ciam.test", 0, Duration.ofSeconds(20));
        var footer = Jsoup.parse(Mailbox.html(mail)).selectFirst(".ciam-privacy-footer a");
        assertThat(footer).as("the receipt mail's privacy footer").isNotNull();
        assertThat(footer.attr("href")).isEqualTo(realm.url() + "/ciam-consent/review");

        driver.get(footer.attr("href"));
        ConsentPage review = new ConsentPage(driver);
        wait.until(d -> review.isShown());
        assertThat(review.title()).isEqualTo("Review your privacy choices");
        assertThat(review.isTicked("personalization")).isTrue();
        assertThat(driver.findElements(By.id("ciam-consent-my-data"))).as("the data download is on the same page")
                .hasSize(1);
    }

    @Test
    @DisplayName("the data page reads in English and Portuguese, light and dark: its title in the language asked, "
            + "text and headings at WCAG AA contrast on their background (screenshots in target/screenshots)")
    void dataPageInBothLanguagesLightAndDark() throws Exception {
        realm.createUser("kim", PASSWORD);
        driver.manage().deleteAllCookies();
        driver.get(realm.url() + "/ciam-consent/review");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        new LoginPage(driver).signIn("kim", PASSWORD);
        ConsentPage step = new ConsentPage(driver);
        wait.until(d -> step.isShown());
        step.tick("personalization").save();
        awaitConsole();
        Map<String, String> titles = Map.of("en", "Your data", "pt-BR", "Seus dados");
        try {
            for (String locale : List.of("en", "pt-BR")) {
                for (String scheme : List.of("light", "dark")) {
                    Readability.scheme(driver, scheme);
                    driver.get(realm.url() + "/ciam-consent/review?ui_locales=" + locale);
                    wait.until(d -> step.isShown());
                    driver.findElement(By.id("ciam-consent-my-data")).click();
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-my-data-intro")));
                    String where = locale + ", " + scheme;

                    assertThat(driver.findElement(By.id("kc-page-title")).getText().trim()).as(where)
                            .isEqualTo(titles.get(locale));
                    assertThat(driver.findElement(By.tagName("html")).getAttribute("class")).as(where)
                            .satisfies(c -> assertThat(c.contains("pf-v5-theme-dark")).isEqualTo(scheme.equals("dark")));
                    assertThat(driver.findElement(By.id("kc-header-wrapper")).getCssValue("background-image"))
                            .as(where + ": the logo's lettering reads on the page")
                            .endsWith(scheme.equals("dark") ? "/img/logo-dark.svg\")" : "/img/logo.svg\")");
                    for (By text : List.of(By.id("kc-header-wrapper"), By.id("ciam-my-data-intro"),
                            By.id("ciam-my-data-download"), By.id("ciam-my-data-back"),
                            By.cssSelector(".ciam-my-data-section h2"),
                            By.cssSelector(".ciam-my-data-list dt"), By.cssSelector(".ciam-my-data-list dd"))) {
                        assertThat(Readability.contrast(driver, driver.findElement(text))).as(where + ": " + text)
                                .isGreaterThanOrEqualTo(Readability.AA);
                    }
                    assertThat(Readability.violations(driver)).as(where + ": axe-core, WCAG 2.2 A and AA").isEmpty();
                    Readability.screenshot(driver, "ciam-my-data-" + locale + "-" + scheme);
                    Readability.narrowScreenshot(driver, "ciam-my-data-" + locale + "-" + scheme);
                }
            }
        } finally {
            Readability.scheme(driver, null);
        }
    }
}

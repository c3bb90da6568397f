package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.PageTour;
import dev.ciampack.testsuite.browser.Readability;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.pages.ConsentPage;
import dev.ciampack.testsuite.pages.LoginPage;

class ConsentChromiumIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> r.setLoginTheme("ciam"));

    private static org.openqa.selenium.chrome.ChromeDriver driver;

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        driver = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @DisplayName("the consent step in English and Portuguese, light and dark, desktop and 375 px: axe-core finds "
            + "nothing serious or critical, nothing scrolls sideways; screenshots")
    void consentStepInEveryLanguageAndScheme() throws Exception {
        try (PageTour tour = new PageTour()) {
            for (String locale : PageTour.LOCALES) {
                for (String scheme : PageTour.SCHEMES) {
                    String person = "tour-" + locale.toLowerCase() + "-" + scheme;
                    realm.createUser(person, "Tour-Passw0rd!");
                    tour.start(realm, locale, scheme, By.id("username"));
                    new LoginPage(tour.driver()).signIn(person, "Tour-Passw0rd!");
                    ConsentPage consent = new ConsentPage(tour.driver());
                    tour.await().until(d -> consent.isShown());
                    assertThat(consent.purposeTitles()).containsExactly(locale.equals("en") ? "Marketing emails"
                            : "E-mails de marketing", locale.equals("en") ? "Personalization" : "Personaliza\u00e7\u00e3o");
                    tour.scan("ciam-consent", locale, scheme);
                }
            }
        }
    }

    @Test
    @DisplayName("a person ticks one purpose in headless Chromium, saves, and lands in the app")
    void consentStepInChromium() {
        String userId = realm.createUser("hana", "Hana-Passw0rd!");
        driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
        new LoginPage(driver).signIn("hana", "Hana-Passw0rd!");

        ConsentPage consent = new ConsentPage(driver);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> consent.isShown());
        assertThat(consent.title()).isEqualTo("Your privacy choices");
        assertThat(Readability.violations(driver)).as("the consent step: axe-core, WCAG 2.2 A and AA").isEmpty();
        assertThat(consent.purposeTitles()).containsExactly("Marketing emails", "Personalization");
        assertThat(consent.isTicked("marketing_email")).isFalse();
        assertThat(consent.isTicked("personalization")).isFalse();
        consent.tick("marketing_email").save();

        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-callback")));
        assertThat(driver.getCurrentUrl()).startsWith(realm.redirectUri());
        JsonNode consents = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId).expect(200).json();
        assertThat(consents).extracting(c -> c.get("purpose").get("id").asText() + "=" + c.get("decision").asText())
                .containsExactly("marketing_email=granted", "personalization=withdrawn");
    }
}

package dev.ciampack.testsuite.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.Readability;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.pages.LoginPage;

/**
 * The progressive question as a person sees it, in Chromium with the ciam theme: its select is a Keycloak
 * (PatternFly 5) form control like Keycloak's own fields, not a bare browser control, and the page reads in English
 * and Portuguese, light and dark (WCAG AA contrast; screenshots in target/screenshots).
 */
class ProgressiveProfileChromiumIT {

    private static final String PASSWORD = "Quest-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR").customize(r -> r.setLoginTheme("ciam"));

    private static ChromeDriver driver;

    @BeforeAll
    static void setUp() {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute homeType = new UPAttribute("homeType",
                new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user")));
        homeType.setDisplayName("${ciam-profile.demo.homeType}");
        homeType.addValidation("options", Map.of("options", List.of("apartment", "house")));
        profile.addOrReplaceAttribute(homeType);
        realm.admin().users().userProfile().update(profile);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", """
                        {"perSignIn": 1, "questions": [{"attribute": "homeType", "fromSignIn": 1,
                          "benefit": "ciam-profile.demo.benefit.homeType"}]}"""))).expect(204);
        realm.createUser("quin", PASSWORD);
        driver = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @DisplayName("the question's select sits in Keycloak's form-control wrapper with its toggle icon, and the page reads "
            + "in both languages, light and dark")
    void questionLooksLikeKeycloak() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Map<String, String> saves = Map.of("en", "Save", "pt-BR", "Salvar");
        try {
            for (String locale : List.of("en", "pt-BR")) {
                for (String scheme : List.of("light", "dark")) {
                    String where = locale + ", " + scheme;
                    Readability.scheme(driver, scheme);
                    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
                    driver.get(realm.newLogin().authorizationUri(Map.of("ui_locales", locale)).toString());
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
                    new LoginPage(driver).signIn("quin", PASSWORD);
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-profile-form")));

                    WebElement select = driver.findElement(By.id("homeType"));
                    WebElement wrapper = select.findElement(By.xpath(".."));
                    assertThat(wrapper.getAttribute("class")).as(where).contains("pf-v5-c-form-control");
                    assertThat(wrapper.findElements(By.cssSelector(".pf-v5-c-form-control__toggle-icon svg")))
                            .as(where).hasSize(1);
                    assertThat(select.getCssValue("appearance")).as(where + ": no browser-drawn control").isEqualTo("none");
                    assertThat(driver.findElement(By.id("ciam-profile-save")).getText()).as(where)
                            .isEqualTo(saves.get(locale));
                    for (By text : List.of(By.cssSelector("label[for=homeType]"), By.id("benefit-homeType"),
                            By.id("homeType"), By.id("ciam-profile-skip"), By.id("kc-header-wrapper"))) {
                        List<WebElement> found = driver.findElements(text);
                        if (!found.isEmpty()) {
                            assertThat(Readability.contrast(driver, found.get(0))).as(where + ": " + text)
                                    .isGreaterThanOrEqualTo(Readability.AA);
                        }
                    }
                    assertThat(Readability.violations(driver)).as(where + ": axe-core, WCAG 2.2 A and AA").isEmpty();
                    Readability.screenshot(driver, "ciam-progressive-profile-" + locale + "-" + scheme);
                    Readability.narrowScreenshot(driver, "ciam-progressive-profile-" + locale + "-" + scheme);
                }
            }
            // The control: the same scan sees an image without a text alternative added to the page.
            driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<img src=\"x.png\">')");
            assertThat(Readability.violations(driver)).anyMatch(v -> v.contains("image-alt"));
        } finally {
            Readability.scheme(driver, null);
        }
    }
}

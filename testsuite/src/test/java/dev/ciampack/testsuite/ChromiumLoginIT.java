package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.pages.LoginPage;

class ChromiumLoginIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    private static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        driver = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @DisplayName("a person signs in with headless Chromium on the ciam theme and the app gets tokens")
    void signInInChromium() {
        OidcLogin login = realm.newLogin();
        driver.get(login.authorizationUri(Map.of()).toString());

        LoginPage page = new LoginPage(driver);
        assertThat(page.title()).isEqualTo("Sign in to your account");
        assertThat(page.stylesheets()).anyMatch(href -> href.endsWith("/login/ciam/css/brand.css"));
        page.signIn(TestRealm.USERNAME, TestRealm.PASSWORD);

        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-callback")));
        URI landed = URI.create(driver.getCurrentUrl());
        assertThat(landed.toString()).startsWith(realm.redirectUri());
        Tokens tokens = login.finish(landed);
        assertThat(tokens.idClaims().get("preferred_username")).isEqualTo(TestRealm.USERNAME);
    }
}

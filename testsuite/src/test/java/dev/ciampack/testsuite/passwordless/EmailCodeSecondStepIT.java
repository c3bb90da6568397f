package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

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
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.pages.LoginPage;

/** Email code after the password: the identified user gets the code at once, no address is asked. */
class EmailCodeSecondStepIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    private static WebDriver driver;

    @BeforeAll
    static void passwordThenCode() {
        Flows.browserFlow(realm.admin(), "password-then-code", List.of(
                Flows.Step.of("auth-username-password-form", "REQUIRED"),
                Flows.Step.of("ciam-email-code", "REQUIRED")));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @DisplayName("after the password the code goes to the account's address and completes sign-in")
    void secondStepOverHttp() {
        realm.createUser("vera", "Vera-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page codePage = login.start().form("#kc-form-login").set("username", "vera").set("password", "Vera-Passw0rd!")
                .submit();
        String code = Mailbox.code(realm.mailbox().awaitNext("vera@ciam.test", 0, Duration.ofSeconds(10)), 6);
        Tokens tokens = login.finish(codePage.form("#ciam-email-code-form").set("code", code)
                .submit("ciam_action", "verify"));

        assertThat(codePage.text("#ciam-email-code-sent")).hasValueSatisfying(t -> assertThat(t).contains("vera@ciam.test"));
        assertThat(tokens.idClaims()).containsEntry("preferred_username", "vera");
    }

    @Test
    @DisplayName("a person types the emailed code in headless Chromium and lands in the app")
    void secondStepInChromium() {
        realm.createUser("wade", "Wade-Passw0rd!");
        driver = Chromium.start();
        driver.get(realm.newLogin().authorizationUri(java.util.Map.of()).toString());
        new LoginPage(driver).signIn("wade", "Wade-Passw0rd!");

        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
        String code = Mailbox.code(realm.mailbox().awaitNext("wade@ciam.test", 0, Duration.ofSeconds(10)), 6);
        driver.findElement(By.id("code")).sendKeys(code.substring(0, 3) + " " + code.substring(3));
        driver.findElement(By.id("ciam-email-code-verify")).click();

        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-callback")));
        assertThat(driver.getCurrentUrl()).startsWith(realm.redirectUri()).contains("code=");
    }
}

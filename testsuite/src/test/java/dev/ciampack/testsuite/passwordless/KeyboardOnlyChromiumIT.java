package dev.ciampack.testsuite.passwordless;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.sms.SmsGateway;

/**
 * Sign-ins with the keyboard alone, in Chromium, nothing clicked: the email code (address, code) with the consent
 * step (tick one purpose, save) and the progressive question (answer, save); identifier first and its password page;
 * the magic link (address, then the confirmation page the link opens); the SMS code (number, code, texted to the
 * test JVM's gateway). Every control the
 * Tab key reaches on the way shows where the focus is (an outline or a focus ring), and the person lands in the
 * application with the choice and the answer stored.
 */
class KeyboardOnlyChromiumIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    @RegisterExtension
    static final TestRealm choices = TestRealm.fromJson(IdentifierFirstIT.resource("/realms/identifier-first-import.json"))
            .customize(r -> r.setLoginTheme("ciam"));

    @RegisterExtension
    static final TestRealm links = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    @RegisterExtension
    static final TestRealm texts = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void setUp() {
        flow(realm, "keyboard-email-code", "ciam-email-code", Map.of());
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "marketing_email", "version": 1, "title": {"en": "Marketing emails"},
                  "description": {"en": "News and offers by email."}}]""").expect(200);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute city = new UPAttribute("city", new UPAttributePermissions(Set.of("admin", "user"),
                Set.of("admin", "user")));
        city.setDisplayName("City");
        profile.addOrReplaceAttribute(city);
        realm.admin().users().userProfile().update(profile);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", "{\"perSignIn\": 1, \"questions\": [{\"attribute\": \"city\"}]}")))
                .expect(204);
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.withMessage(() -> "at " + driver.getCurrentUrl() + ", focus on " + describe(driver.switchTo().activeElement()));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static String describe(WebElement element) {
        return element.getTagName() + "#" + element.getAttribute("id");
    }

    /** Keys to whatever has the focus, as a keyboard does. */
    private static void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Whether the focused element shows it: a visible outline or a box shadow (PatternFly's focus ring). */
    private static boolean focusVisible(WebElement element) {
        String outline = element.getCssValue("outline-style");
        String width = element.getCssValue("outline-width");
        String shadow = element.getCssValue("box-shadow");
        boolean ring = !"none".equals(shadow) && shadow != null && !shadow.isBlank();
        return (!"none".equals(outline) && !width.startsWith("0")) || ring;
    }

    /** Presses Tab until the element {@code id} has the focus, checking that each control reached shows its focus. */
    private static void tabTo(String id) {
        for (int i = 0; i < 25; i++) {
            WebElement focused = driver.switchTo().activeElement();
            if (id.equals(focused.getAttribute("id"))) {
                assertThat(focusVisible(focused)).as("focus visible on " + describe(focused)).isTrue();
                return;
            }
            press(Keys.TAB);
            WebElement next = driver.switchTo().activeElement();
            if (!"body".equals(next.getTagName())) {
                assertThat(focusVisible(next)).as("focus visible on " + describe(next) + " at "
                        + driver.getCurrentUrl()).isTrue();
            }
        }
        throw new AssertionError("Tab never reached #" + id + " at " + driver.getCurrentUrl());
    }

    /** A fresh browser (no cookies) at the realm's sign-in, once the form {@code formId} is shown. */
    private static void startSignIn(TestRealm realm, String formId) {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(formId)));
    }

    /** A browser flow of the realm: an existing session, else {@code provider} with {@code config}. */
    private static void flow(TestRealm realm, String alias, String provider, Map<String, String> config) {
        Flows.browserFlow(realm.admin(), alias, List.of(Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step(provider, "ALTERNATIVE", config)));
    }

    @Test
    @DisplayName("email code, consent and the progressive question completed with the keyboard alone, focus always visible")
    void passwordlessSignInWithTheKeyboard() {
        String id = realm.createUser("kim", "unused-Passw0rd!");
        driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-identify-form")));
        tabTo("email");
        press("kim@ciam.test", Keys.ENTER);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-email-code-form")));
        String code = Mailbox.code(realm.mailbox().awaitNext("kim@ciam.test", 0, Duration.ofSeconds(10)), 6);
        tabTo("code");
        press(code, Keys.ENTER);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-consent-form")));
        tabTo("purpose_marketing_email");
        press(Keys.SPACE);
        tabTo("ciam-consent-save");
        press(Keys.ENTER);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-profile-form")));
        tabTo("city");
        press("Recife");
        tabTo("ciam-profile-save");
        press(Keys.ENTER);

        wait.until(d -> d.getCurrentUrl().startsWith(realm.redirectUri()));
        assertThat(realm.admin().users().get(id).toRepresentation().getAttributes().get("city")).containsExactly("Recife");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + id).expect(200).json().get(0)
                .get("decision").asText()).isEqualTo("granted");
    }

    @Test
    @DisplayName("identifier first and its password page completed with the keyboard alone, focus always visible")
    void identifierFirstWithTheKeyboard() {
        choices.createUser("quinn", "Quinn-Passw0rd!");
        startSignIn(choices, "ciam-identifier-first-form");
        tabTo("identifier");
        press("quinn", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-identifier-password-form")));
        tabTo("password");
        press("Quinn-Passw0rd!", Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().startsWith(choices.redirectUri()));
    }

    @Test
    @DisplayName("magic link: address, sent page and the confirmation the link opens, with the keyboard alone")
    void magicLinkWithTheKeyboard() {
        flow(links, "keyboard-magic-link", "ciam-magic-link", Map.of());
        links.createUser("lee", "unused-Passw0rd!");
        startSignIn(links, "ciam-email-code-identify-form");
        tabTo("email");
        press("lee@ciam.test", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-sent")));
        String link = Mailbox.link(links.mailbox().awaitNext("lee@ciam.test", 0, Duration.ofSeconds(10)),
                "/login-actions/action-token");
        driver.get(link);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-magic-link-confirm-form")));
        tabTo("ciam-magic-link-confirm");
        press(Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().startsWith(links.redirectUri()));
    }

    @Test
    @DisplayName("SMS code: the number page and the code page, with the keyboard alone")
    void smsCodeWithTheKeyboard() {
        SmsCodeIT.declarePhoneAttribute(texts);
        flow(texts, "keyboard-sms-code", "ciam-sms-code", Map.of("sms-sender", "http", "default-region", "BR"));
        String phone = "+5511987650199";
        SmsCodeIT.userWithPhone(texts, "ana", phone);
        SmsGateway gateway = SmsGateway.shared();
        int seen = gateway.to(phone).size();
        startSignIn(texts, "ciam-sms-code-identify-form");
        tabTo("phone");
        press("11 98765-0199", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-sms-code-form")));
        String code = SmsGateway.code(gateway.awaitNext(phone, seen, Duration.ofSeconds(10)));
        tabTo("code");
        press(code, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().startsWith(texts.redirectUri()));
    }
}

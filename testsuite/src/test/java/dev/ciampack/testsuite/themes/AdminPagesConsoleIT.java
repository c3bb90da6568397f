package dev.ciampack.testsuite.themes;

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
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.browser.Readability;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.pages.ConsentPage;
import dev.ciampack.testsuite.pages.LoginPage;

/**
 * The "how we will know", through Keycloak's real admin console in Chromium: a realm administrator whose
 * only rights are view-realm and manage-realm changes the brand colour, a consent purpose's Portuguese title and a
 * progressive-profiling question's Portuguese benefit text on the pack's pages; the next sign-in in a fresh browser,
 * in Portuguese, shows all three. A view-only administrator sees the pages but cannot save. An administrator who may
 * edit sinks saves one unchanged and it keeps its id.
 */
class AdminPagesConsoleIT {

    private static final String PASSWORD = "Pages-Admin-Passw0rd!";
    private static final String PURPOSES = """
            [{"id": "marketing_email", "version": 1,
              "title": {"en": "Marketing emails", "pt-BR": "E-mails de marketing"},
              "description": {"en": "News and offers by email.", "pt-BR": "Novidades e ofertas por e-mail."}}]""";
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setLoginTheme("ciam");
        r.setInternationalizationEnabled(true);
        r.setSupportedLocales(Set.of("en", "pt-BR"));
        r.setDefaultLocale("en");
        r.setEventsListeners(List.of("jboss-logging", "ciam-events"));
    });

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void setUp() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", PURPOSES).expect(200);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute homeType = new UPAttribute("homeType",
                new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user")));
        homeType.setDisplayName("Home type");
        profile.addOrReplaceAttribute(homeType);
        realm.admin().users().userProfile().update(profile);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", "{\"perSignIn\": 1, \"questions\": [{\"attribute\": \"homeType\"}]}")))
                .expect(204);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                + receiver.url("/crm") + "\", \"secrets\": [\"" + StandardWebhooks.newSecret() + "\"], "
                + "\"events\": [\"user.logged_in\"], \"basis\": \"legitimate-interests\", "
                + "\"justification\": \"Sign-in alerts for the security team of the shop.\"}]").expect(200);
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", Map.of("segments", "[{\"name\": \"returning\", \"all\": "
                        + "[{\"attribute\": \"ciam_login_count\", \"gte\": 3}]}]"))).expect(204);
        var mapper = new org.keycloak.representations.idm.ProtocolMapperRepresentation();
        mapper.setName("personalization");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("ciam-personalization");
        mapper.setConfig(Map.of("attributes", "homeType", "purpose", "marketing_email", "id.token.claim", "true"));
        String client = realm.admin().clients().findByClientId(TestRealm.CLIENT_ID).get(0).getId();
        realm.admin().clients().get(client).getProtocolMappers().createMapper(mapper).close();
        administrator("marta", "view-realm", "manage-realm");
        administrator("vera", "view-realm");
        administrator("sam", "view-realm", "manage-realm", "view-users");
        String paula = administrator("paula", "view-realm", "manage-realm", "manage-clients");
        var portuguese = realm.admin().users().get(paula).toRepresentation();
        portuguese.singleAttribute("locale", "pt-BR");
        realm.admin().users().get(paula).update(portuguese);
        driver = Chromium.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.withMessage(() -> {
            String body = driver.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ");
            return "at " + driver.getCurrentUrl() + ": " + body.substring(0, Math.min(400, body.length()));
        });
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        receiver.close();
    }

    /**
     * A user of the realm with only these roles of realm-management, who has answered the realm's consent step and
     * question already (the console's sign-in goes through them like any other).
     */
    private static String administrator(String username, String... roles) {
        String id = realm.createUser(username, PASSWORD);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/marketing_email",
                Map.of("decision", "withdrawn")).expect(200);
        var user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("homeType", "flat");
        realm.admin().users().get(id).update(user);
        ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
        List<RoleRepresentation> granted = java.util.Arrays.stream(roles)
                .map(r -> realm.admin().clients().get(management.getId()).roles().get(r).toRepresentation()).toList();
        realm.admin().users().get(id).roles().clientLevel(management.getId()).add(granted);
        return id;
    }

    private static String console() {
        return realm.keycloak().baseUrl() + "/admin/" + realm.name() + "/console/";
    }

    private static void signInToConsole(String username) {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(console());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        new LoginPage(driver).signIn(username, PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-item-realm-settings")));
    }

    /**
     * Opens a pack page's list by address (Keycloak 26.7 lists extension pages in its navigation only with the
     * experimental feature declarative-ui), checks that it lists the item named {@code name}, and opens the item's
     * form at its own address (the list's link leads there).
     */
    private static void openItem(String page, String name) {
        driver.get(console() + "#/" + realm.name() + "/page-section/" + page);
        // The list may render twice (its items arrive after the page): read the link from the list as it stands.
        String href = wait.ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.linkText(name)).getAttribute("href"));
        assertThat(href).contains("/page-section/" + page + "/");
        driver.get(href);
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid='save']")).isEmpty()
                && d.findElements(By.cssSelector(".pf-v5-c-spinner")).isEmpty());
    }

    /** Types {@code text} as the value of the key/value row whose key is {@code language} (adding the row if needed). */
    private static void typeText(String field, String language, String text) {
        WebElement value = null;
        List<WebElement> keys = driver.findElements(By.cssSelector("input[data-testid$='" + field + ".0.key'], "
                + "input[data-testid*='" + field + ".'][data-testid$='.key']"));
        for (WebElement key : keys) {
            if (language.equals(key.getAttribute("value"))) {
                String testId = key.getAttribute("data-testid");
                value = driver.findElement(By.cssSelector("input[data-testid='"
                        + testId.substring(0, testId.length() - "key".length()) + "value']"));
            }
        }
        if (value == null) {
            int before = driver.findElements(By.cssSelector("input[data-testid*='" + field + ".'][data-testid$='.key']")).size();
            By addRow = By.cssSelector("[data-testid$='" + field + "-add-row']");
            By keyInputs = By.cssSelector("input[data-testid*='" + field + ".'][data-testid$='.key']");
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(addRow)).click();
            List<WebElement> rows;
            try {
                rows = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                        .until(d -> d.findElements(keyInputs).size() > before ? d.findElements(keyInputs) : null);
            } catch (org.openqa.selenium.TimeoutException lost) {
                // Seen once in a full run: the click reached the freshly opened page before its handler, and no row
                // came. Once more, then the usual wait.
                driver.findElement(addRow).click();
                rows = wait.until(d -> d.findElements(keyInputs).size() > before ? d.findElements(keyInputs) : null);
            }
            WebElement key = rows.get(rows.size() - 1);
            key.sendKeys(language);
            String testId = key.getAttribute("data-testid");
            value = driver.findElement(By.cssSelector("input[data-testid='"
                    + testId.substring(0, testId.length() - "key".length()) + "value']"));
        }
        value.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        value.sendKeys(text, Keys.TAB);
    }

    /** Saves the form and answers the alert it raises (alerts of earlier saves may still be shown, above or below). */
    private static String saveAndAlert() {
        List<WebElement> before = driver.findElements(By.cssSelector(".pf-v5-c-alert__title"));
        driver.findElement(By.cssSelector("[data-testid='save']")).click();
        return wait.until(d -> d.findElements(By.cssSelector(".pf-v5-c-alert__title")).stream()
                .filter(alert -> !before.contains(alert)).map(WebElement::getText).findFirst().orElse(null));
    }

    private static String purposeTitle(String language) {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").expect(200).json()
                .get(0).at("/title/" + language).asText();
    }

    @Test
    @DisplayName("a realm admin with only view-realm and manage-realm changes the brand colour, a purpose's pt-BR title "
            + "and a question's pt-BR benefit on the console pages; the next sign-in in Portuguese shows all three")
    void realmAdminChangesBrandCopyAndQuestion() throws Exception {
        signInToConsole("marta");
        driver.get(console() + "#/" + realm.name() + "/page-section/ciam-brand/add");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='primaryColor']")));
        driver.findElement(By.cssSelector("[data-testid='primaryColor']")).sendKeys("#00695c");
        assertThat(saveAndAlert()).contains("Saved successfully");

        Readability.screenshot(driver, "admin-ciam-brand");
        openItem("ciam-consent-purposes", "marketing_email");
        assertThat(Readability.adminViolations(driver)).as("the purposes page: axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, "admin-ciam-consent-purposes");
        typeText("title", "pt-BR", "Ofertas por e-mail");
        assertThat(saveAndAlert()).contains("Saved successfully");
        assertThat(purposeTitle("pt-BR")).isEqualTo("Ofertas por e-mail");
        WebElement version = driver.findElement(By.cssSelector("[data-testid='version']"));
        version.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        assertThat(saveAndAlert()).as("a bad value is refused naming the field").contains("version must be a whole "
                + "number of 1 or more");
        assertThat(purposeTitle("pt-BR")).isEqualTo("Ofertas por e-mail");
        version.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1");

        openItem("ciam-profile-questions", "homeType");
        assertThat(Readability.adminViolations(driver)).as("the questions page: axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, "admin-ciam-profile-questions");
        typeText("benefitText", "pt-BR", "Assim sugerimos móveis do tamanho certo.");
        assertThat(saveAndAlert()).contains("Saved successfully");

        realm.createUser("lia", "Lia-Passw0rd!");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(realm.newLogin().authorizationUri(Map.of("ui_locales", "pt-BR")).toString());
        wait.until(d -> d.findElements(By.id("kc-login")).size() == 1
                && d.findElement(By.id("kc-login")).getCssValue("background-color").equals("rgba(0, 105, 92, 1)"));
        new LoginPage(driver).signIn("lia", "Lia-Passw0rd!");
        ConsentPage consent = new ConsentPage(driver);
        wait.until(d -> consent.isShown());
        assertThat(consent.purposeTitles()).containsExactly("Ofertas por e-mail");
        consent.tick("marketing_email").save();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("benefit-homeType")));
        assertThat(driver.findElement(By.id("benefit-homeType")).getText())
                .isEqualTo("Assim sugerimos móveis do tamanho certo.");
    }

    @Test
    @DisplayName("the segments and personalization-claims pages show the realm's segment and claim, pass axe-core")
    void segmentsAndClaimsPages() throws Exception {
        signInToConsole("marta");
        openItem("ciam-segments", "returning");
        assertThat(driver.findElement(By.cssSelector("[data-testid='all']")).getAttribute("value"))
                .contains("ciam_login_count");
        assertThat(Readability.adminViolations(driver)).as("the segments page: axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, "admin-ciam-segments");
        openItem("ciam-personalization-claims", "client:" + TestRealm.CLIENT_ID);
        assertThat(Readability.adminViolations(driver)).as("the claims page: axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, "admin-ciam-personalization-claims");
    }

    @Test
    @DisplayName("a view-only admin sees the purposes and questions pages but cannot save them")
    void viewOnlyAdminCannotSave() {
        signInToConsole("vera");
        openItem("ciam-consent-purposes", "marketing_email");
        typeText("title", "en", "Changed by a viewer");
        assertThat(saveAndAlert()).contains("Error could not save item");
        assertThat(purposeTitle("en")).isEqualTo("Marketing emails");

        openItem("ciam-profile-questions", "homeType");
        driver.findElement(By.cssSelector("[data-testid='fromSignIn']")).sendKeys("0");
        assertThat(saveAndAlert()).contains("Error could not save item");
        assertThat(realm.adminRest().get(realm.adminUrl()
                + "/authentication/required-actions/ciam-progressive-profile/config").json().at("/config/policy").asText())
                .doesNotContain("\"fromSignIn\":10");
    }

    @Test
    @DisplayName("a sink saved unchanged on the sinks page keeps its id (the console sends the component's id along); "
            + "the list shows its status line")
    void sinkKeepsItsIdWhenSavedInTheConsole() throws Exception {
        signInToConsole("sam");
        openItem("ciam-event-sinks", "crm");
        assertThat(saveAndAlert()).contains("Saved successfully");
        driver.get(console() + "#/" + realm.name() + "/page-section/ciam-event-sinks");
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("nothing pending"));
        assertThat(Readability.adminViolations(driver)).as("the sinks list: axe-core, WCAG 2.2 A and AA").isEmpty();
        Readability.screenshot(driver, "admin-ciam-event-sinks");
        JsonNode sinks = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).json();
        assertThat(sinks).extracting(s -> s.get("id").asText()).containsExactly("crm");
    }

    /** A pack page as the console shows it in one language: its title, an item (or null: the page's form), a label. */
    private record ShownPage(String id, String title, String item, String label) {
    }

    private static final List<ShownPage> PORTUGUESE = List.of(
            new ShownPage("ciam-brand", "Marca", null, "Cor principal"),
            new ShownPage("ciam-consent-purposes", "Finalidades de consentimento", "marketing_email", "Título por idioma"),
            new ShownPage("ciam-profile-questions", "Perguntas do perfil progressivo", "homeType",
                    "Texto do benefício por idioma"),
            new ShownPage("ciam-segments", "Segmentos", "returning", "Todas estas condições (JSON)"),
            new ShownPage("ciam-personalization-claims", "Claim de personalização", "client:" + TestRealm.CLIENT_ID,
                    "Atributos do perfil"),
            new ShownPage("ciam-event-sinks", "Destinos de eventos", "crm", "Base legal"));

    private static final List<ShownPage> ENGLISH = List.of(
            new ShownPage("ciam-brand", "Brand", null, "Primary colour"),
            new ShownPage("ciam-consent-purposes", "Consent purposes", "marketing_email", "Title per language"),
            new ShownPage("ciam-profile-questions", "Progressive-profiling questions", "homeType",
                    "Benefit text per language"),
            new ShownPage("ciam-segments", "Segments", "returning", "All of these conditions (JSON)"),
            new ShownPage("ciam-personalization-claims", "Personalization claim", "client:" + TestRealm.CLIENT_ID,
                    "Profile attributes"),
            new ShownPage("ciam-event-sinks", "Event sinks", "crm", "Lawful basis"));

    /**
     * Signs {@code administrator} in and opens every pack page (its list, then an item or the empty form): the title,
     * help and a label in the administrator's language, none left as a message key; each form is scanned with
     * axe-core in light and dark (the console follows prefers-color-scheme), desktop and 375 px.
     */
    private static List<String> tour(String administrator, String language, List<ShownPage> pages) throws Exception {
        signInToConsole(administrator);
        List<String> found = new java.util.ArrayList<>();
        try {
            for (ShownPage page : pages) {
                driver.get(console() + "#/" + realm.name() + "/page-section/" + page.id());
                wait.until(d -> page.title().equals(driver.executeScript(
                        "const h = document.querySelector('h1'); return h && h.textContent.trim()")));
                assertThat(driver.findElement(By.tagName("body")).getText()).as(page.id() + ": the page's help")
                        .contains("(CIAM Pack)").doesNotContain(page.id() + ".help");
                if (page.item() == null) {
                    driver.get(console() + "#/" + realm.name() + "/page-section/" + page.id() + "/add");
                    wait.until(d -> !d.findElements(By.cssSelector("[data-testid='save']")).isEmpty());
                } else {
                    openItem(page.id(), page.item());
                }
                String form = driver.findElement(By.tagName("main")).getText();
                assertThat(form).as(page.id() + ": a field's label in " + language).contains(page.label())
                        .doesNotContain(page.id() + ".");
                for (String scheme : List.of("light", "dark")) {
                    Readability.scheme(driver, scheme);
                    wait.until(d -> "dark".equals(scheme) == (Boolean) driver.executeScript(
                            "return document.documentElement.classList.contains('pf-v5-theme-dark')"));
                    Readability.adminViolations(driver).forEach(v -> found.add(page.id() + " " + language + " "
                            + scheme + ": " + v));
                    Readability.screenshot(driver, "admin-" + page.id() + "-" + language + "-" + scheme);
                }
                Readability.scheme(driver, null);
            }
        } finally {
            Readability.scheme(driver, null);
        }
        return found;
    }

    @Test
    @DisplayName("an administrator whose language is pt-BR sees every pack page's title, help and labels in Portuguese; "
            + "every page passes axe-core in light and dark, desktop and 375 px")
    void everyPageInPortugueseLightAndDark() throws Exception {
        assertThat(tour("paula", "pt-BR", PORTUGUESE))
                .as("axe-core, WCAG 2.2 A and AA, on the Portuguese pages in light and dark").isEmpty();
    }

    @Test
    @DisplayName("in English too: every pack page's title, help and labels, axe-core in light and dark, desktop and "
            + "375 px")
    void everyPageInEnglishLightAndDark() throws Exception {
        assertThat(tour("marta", "en", ENGLISH))
                .as("axe-core, WCAG 2.2 A and AA, on the English pages in light and dark").isEmpty();
    }
}

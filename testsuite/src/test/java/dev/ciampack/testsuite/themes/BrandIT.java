package dev.ciampack.testsuite.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.SharedKeycloak;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The brand page of the admin console ({@code ciam-brand}, a realm component): saved through the same components
 * API the page uses, validated with every problem named, served at {@code /realms/{realm}/ciam-brand/brand.css}
 * and shown by the next sign-in page in a real browser, with no restart.
 */
class BrandIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setLoginTheme("ciam"));

    private static AdminCallers callers;
    private static ChromeDriver driver;

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
    }

    @AfterAll
    static void tearDown() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static Map<String, Object> component(Map<String, String> fields) {
        Map<String, List<String>> config = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> config.put(k, List.of(v)));
        String realmId = realm.admin().toRepresentation().getId();
        return Map.of("name", "brand", "providerId", "ciam-brand", "providerType", UI_PAGE, "parentId", realmId,
                "config", config);
    }

    private static HttpResponse<String> css(String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm.url() + "/ciam-brand/brand.css"));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String brandId() {
        JsonNode found = realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE).json();
        for (JsonNode c : found) {
            if (c.get("providerId").asText().equals("ciam-brand")) {
                return c.get("id").asText();
            }
        }
        return null;
    }

    @Test
    @DisplayName("a web-font stylesheet is taken only from a host the operator allows (server option): another https "
            + "host is refused with the reason, the allowed one is imported into brand.css")
    void webFontsOnlyFromAllowedHosts() throws Exception {
        Rest.Response elsewhere = realm.adminRest().post(realm.adminUrl() + "/components", component(Map.of(
                "webFontUrl", "https://styles.attacker.example/phish.css")));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("styles.attacker.example is not a font host this server allows",
                SharedKeycloak.WEB_FONT_HOST, "web-font-hosts");
        assertThat(brandId()).as("nothing was stored").isNull();

        realm.adminRest().post(realm.adminUrl() + "/components", component(Map.of("webFontUrl",
                "https://" + SharedKeycloak.WEB_FONT_HOST + "/css2?family=Inter"))).expect(201);
        try {
            assertThat(css(null).body()).contains("@import url(\"https://" + SharedKeycloak.WEB_FONT_HOST
                    + "/css2?family=Inter\");");
        } finally {
            realm.adminRest().delete(realm.adminUrl() + "/components/" + brandId()).expect(204);
        }
    }

    @Test
    @DisplayName("a brand is validated (every bad field named, CSS injection and script URLs refused), one per realm, "
            + "refused to a view-only admin, served as CSS that browsers revalidate, and shown by the next sign-in page")
    void brandFromTheAdminConsole() throws Exception {
        HttpResponse<String> none = css(null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(none.body()).doesNotContain("--ciam-brand");

        Rest.Response bad = realm.adminRest().post(realm.adminUrl() + "/components", component(Map.of(
                "primaryColor", "red; background:url(https://evil.example/x)",
                "logoUrl", "javascript:alert(1)",
                "fontStack", "Arial; } * { display: none")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("primaryColor").contains("logoUrl").contains("fontStack");
        assertThat(callers.viewer().post(realm.adminUrl() + "/components", component(Map.of("primaryColor", "#c2185b")))
                .status()).isEqualTo(403);
        assertThat(brandId()).as("nothing was stored").isNull();

        realm.adminRest().post(realm.adminUrl() + "/components", component(Map.of("primaryColor", "#c2185b",
                "cornerRadius", "2"))).expect(201);
        assertThat(realm.adminRest().post(realm.adminUrl() + "/components", component(Map.of("primaryColor", "#000000")))
                .body()).contains("has a brand already");
        HttpResponse<String> branded = css(null);
        assertThat(branded.body()).contains("--ciam-brand-primary: #c2185b;").contains("--ciam-brand-radius: 2px;");
        assertThat(branded.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(branded.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String etag = branded.headers().firstValue("ETag").orElseThrow();
        assertThat(css(etag).statusCode()).as("unchanged: 304").isEqualTo(304);

        driver = Chromium.start();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        assertThat(driver.findElement(By.id("ciam-brand-css")).getAttribute("href"))
                .isEqualTo(realm.url() + "/ciam-brand/brand.css");
        wait.until(d -> d.findElement(By.id("kc-login")).getCssValue("background-color").equals("rgba(194, 24, 91, 1)"));

        // A change shows on the next page load: no restart, no rebuild.
        Map<String, Object> changed = new java.util.LinkedHashMap<>(component(Map.of("primaryColor", "#2e7d32")));
        changed.put("id", brandId());
        realm.adminRest().put(realm.adminUrl() + "/components/" + brandId(), changed).expect(204);
        assertThat(css(etag).statusCode()).as("changed: a new body").isEqualTo(200);
        driver.navigate().refresh();
        wait.until(d -> d.findElement(By.id("kc-login")).getCssValue("background-color").equals("rgba(46, 125, 50, 1)"));

        realm.adminRest().delete(realm.adminUrl() + "/components/" + brandId()).expect(204);
        assertThat(css(null).body()).doesNotContain("--ciam-brand");
    }
}

package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The marketer's guide shows every page the pack adds: each sign-in page (a template of the pack's login theme
 * resources) in English and Portuguese, and each admin console page (each {@link UiPageProviderFactory} of the pack),
 * has its screenshot in {@code docs/screenshots}, written by {@code mvn verify -Pscreenshots}. A new page without
 * one fails here.
 */
class ScreenshotsTest {

    private static final Path ROOT = Path.of(System.getProperty("ciam.project.root", ".."));
    private static final Path SHOTS = ROOT.resolve("docs/screenshots");

    /** The pack's sign-in pages: the templates at the top of each module's theme-resources/templates. */
    static List<String> signInPages() throws IOException {
        List<String> pages = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.toList()) {
                Path templates = module.resolve("src/main/resources/theme-resources/templates");
                if (Files.isDirectory(templates)) {
                    try (Stream<Path> files = Files.list(templates)) {
                        files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ftl"))
                                .map(n -> n.substring(0, n.length() - ".ftl".length())).forEach(pages::add);
                    }
                }
            }
        }
        return pages;
    }

    @Test
    @DisplayName("every sign-in page the pack adds has screenshots in English and Portuguese (light, dark, 375 px)")
    void everySignInPageHasScreenshots() throws IOException {
        Assumptions.assumeTrue(System.getProperty("ciam.screenshots", "").isBlank(),
                "the screenshots profile is writing them now");
        List<String> pages = signInPages();
        assertThat(pages).contains("ciam-consent", "ciam-email-code", "ciam-progressive-profile");
        List<String> missing = new ArrayList<>();
        for (String page : pages) {
            for (String variant : List.of("-en-light", "-pt-BR-light", "-en-dark", "-pt-BR-dark", "-en-light-375")) {
                if (!Files.exists(SHOTS.resolve(page + variant + ".png"))) {
                    missing.add(page + variant + ".png");
                }
            }
        }
        assertThat(missing).as("missing in docs/screenshots (mvn verify -Pscreenshots writes them)").isEmpty();
    }

    @Test
    @DisplayName("every admin console page the pack adds has a screenshot")
    void everyAdminPageHasAScreenshot() {
        Assumptions.assumeTrue(System.getProperty("ciam.screenshots", "").isBlank(),
                "the screenshots profile is writing them now");
        List<String> pages = ServiceLoader.load(UiPageProviderFactory.class).stream()
                .filter(p -> p.type().getName().startsWith("dev.ciampack.")).map(p -> p.get().getId()).toList();
        assertThat(pages).contains("ciam-brand", "ciam-consent-purposes", "ciam-event-sinks");
        assertThat(pages).allSatisfy(id -> assertThat(SHOTS.resolve("admin-" + id + ".png"))
                .as("docs/screenshots/admin-" + id + ".png (mvn verify -Pscreenshots writes it)").exists());
    }
}

package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.testsuite.server.HarnessSettings;

/** The files operators and CI read agree with the build. */
class ProjectFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("ciam.project.root", ".."));
    /**
     * The Keycloak server pinned in the root pom (not the effective {@code ciam.kc.version}: {@code -Dkeycloak.version=}
     * runs the suite on another patch without changing what the project ships).
     */
    private static final String KEYCLOAK = pinned("keycloak.version");

    @Test
    @DisplayName("the Dockerfile and compose file use the Keycloak version pinned in the pom")
    void dockerVersionsFollowThePom() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        String compose = Files.readString(ROOT.resolve("docker/compose.yaml"));

        assertThat(KEYCLOAK).isNotBlank();
        assertThat(all(Pattern.compile("ARG KEYCLOAK_VERSION=(\\S+)"), dockerfile)).containsOnly(KEYCLOAK).isNotEmpty();
        assertThat(all(Pattern.compile("KEYCLOAK_VERSION: (\\S+)"), compose)).containsOnly(KEYCLOAK).isNotEmpty();
        assertThat(all(Pattern.compile("image: ciam-pack/keycloak:(\\S+)-dev"), compose)).containsOnly(KEYCLOAK);
    }

    @Test
    @DisplayName("the README's compatibility table names this pack version, the Keycloak server it runs on and the API it compiles against")
    void readmeCompatibility() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String version = System.getProperty("ciam.project.version");

        assertThat(readme).containsPattern("\\| " + Pattern.quote(version) + " \\| " + Pattern.quote(KEYCLOAK) + " \\| "
                + Pattern.quote(pinned("keycloak.api.version")) + " \\|");
    }

    @Test
    @DisplayName(".ci/run runs exactly the README's test command")
    void ciRunsTheReadmeTestCommand() throws Exception {
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(ci.lines().map(String::trim)).contains(readmeTestCommand());
    }

    @Test
    @DisplayName(".ci/run sets CI=true before the test command, so a missing browser fails the build instead of skipping")
    void ciFailsWithoutBrowser() throws Exception {
        List<String> ci = Files.readString(ROOT.resolve(".ci/run")).lines().map(String::trim).toList();

        assertThat(ci.indexOf("export CI=true")).as("export CI=true in .ci/run").isNotNegative()
                .isLessThan(ci.indexOf(readmeTestCommand()));
    }

    /** The command the README marks with {@code <!-- test-command -->}. */
    private static String readmeTestCommand() throws java.io.IOException {
        Matcher command = Pattern.compile("<!-- test-command -->\\s*```(?:bash|sh)?\\s*\\n([^\\n]+)\\n")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(command.find()).as("README marks its test command with <!-- test-command -->").isTrue();
        return command.group(1).trim();
    }

    @Test
    @DisplayName("docs/testing.md documents every harness property")
    void harnessPropertiesDocumented() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/testing.md"));

        for (Field field : HarnessSettings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                assertThat(doc).contains("`" + field.get(null) + "`");
            }
        }
        for (String demo : List.of("ciam.demo.port", "ciam.demo.management-port", "ciam.demo.reset",
                "ciam.demo.app-port")) {
            assertThat(doc).contains("`" + demo + "`");
        }
    }

    @Test
    @DisplayName("the pinned Keycloak server is not a patch with a known account-takeover flaw, and SECURITY.md says so")
    void pinnedKeycloakIsPatched() throws Exception {
        assertThat(KEYCLOAK).as("CVE-2026-18963 and CVE-2026-15571, fixed in 26.7.2").isNotIn("26.7.0", "26.7.1");
        assertThat(Files.readString(ROOT.resolve("SECURITY.md"))).contains(KEYCLOAK, "CVE-2026-18963",
                pinned("keycloak.api.version"));
    }

    private static String pinned(String property) {
        try {
            Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(
                    Files.readString(ROOT.resolve("pom.xml")));
            assertThat(m.find()).as("<%s> in the root pom.xml", property).isTrue();
            return m.group(1).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

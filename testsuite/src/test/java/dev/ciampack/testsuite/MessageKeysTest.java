package dev.ciampack.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The list of the pack's message keys per page ({@code docs/message-keys.md}), for realm localization overrides,
 * is generated from the templates and bundles and cannot drift: this test rebuilds it and compares
 * ({@code -Dciam.update-docs=true} rewrites it). Every key of the pack's own ({@code ciam-...}) a template uses
 * literally exists in English and Brazilian Portuguese.
 */
class MessageKeysTest {

    private static final Path ROOT = Path.of(System.getProperty("ciam.project.root", ".."));
    private static final Path DOC = ROOT.resolve("docs/message-keys.md");
    private static final List<String> MODULES = List.of("authenticators", "consent", "event-listeners",
            "profile-enrichment", "themes");
    /** A whole literal key passed to msg(...) or advancedMsg(...) (not the prefix of a key built at run time). */
    private static final Pattern KEY = Pattern.compile("(?:msg|advancedMsg)\\(\\s*\"([A-Za-z0-9_.-]+)\"\\s*[,)]");

    private static List<Path> templates() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String module : MODULES) {
            for (Path dir : List.of(ROOT.resolve(module + "/src/main/resources/theme-resources/templates"),
                    ROOT.resolve(module + "/src/main/resources/theme"))) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.filter(f -> f.toString().endsWith(".ftl")).forEach(all::add);
                    }
                }
            }
        }
        all.sort(null);
        return all;
    }

    private static Properties bundle(String language) throws IOException {
        Properties merged = new Properties();
        for (String module : MODULES) {
            List<Path> files = new ArrayList<>();
            files.add(ROOT.resolve(module + "/src/main/resources/theme-resources/messages/messages_" + language
                    + ".properties"));
            for (String type : List.of("login", "email", "account")) {
                files.add(ROOT.resolve(module + "/src/main/resources/theme/ciam/" + type + "/messages/messages_"
                        + language + ".properties"));
            }
            for (Path file : files) {
                if (Files.exists(file)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                        merged.load(in);
                    }
                }
            }
        }
        return merged;
    }

    /** Page (template path from its module) -> keys it uses literally. */
    private static Map<String, Set<String>> keysByPage() throws IOException {
        Map<String, Set<String>> pages = new TreeMap<>();
        for (Path template : templates()) {
            Set<String> keys = new TreeSet<>();
            Matcher m = KEY.matcher(Files.readString(template));
            while (m.find()) {
                keys.add(m.group(1));
            }
            if (!keys.isEmpty()) {
                pages.put(ROOT.relativize(template).toString().replace('\\', '/'), keys);
            }
        }
        return pages;
    }

    /**
     * Admin console page id -> the keys the console looks up for it: the page's title (its id) and help, then each
     * field's label and help (see ConsoleForms.keyed in module common).
     */
    private static Map<String, Set<String>> keysByAdminPage() {
        Map<String, Set<String>> pages = new TreeMap<>();
        java.util.ServiceLoader.load(UiPageProviderFactory.class).stream()
                .filter(p -> p.type().getName().startsWith("dev.ciampack.")).map(java.util.ServiceLoader.Provider::get)
                .forEach(page -> {
                    Set<String> keys = new java.util.LinkedHashSet<>(List.of(page.getId(), page.getHelpText()));
                    for (ProviderConfigProperty field : page.getConfigProperties()) {
                        keys.add(field.getLabel());
                        keys.add(field.getHelpText());
                    }
                    pages.put(page.getId(), keys);
                });
        return pages;
    }

    static String render() throws IOException {
        Properties en = bundle("en");
        Properties pt = bundle("pt_BR");
        StringBuilder doc = new StringBuilder("""
                # Message keys of the pack's pages and emails

                Generated from the templates and message bundles by `MessageKeysTest`
                (`mvn -pl testsuite test -Dtest=MessageKeysTest -Dciam.update-docs=true` rewrites
                it; the test fails when it is out of date). Override any of them for one realm,
                without a rebuild, under *Realm settings → Localization → Realm overrides*
                (language, key, text), or in a theme's `messages_<language>.properties`.
                Keys without the `ciam-` prefix are Keycloak's own; keys built at run time
                (a purpose's or question's texts, section titles such as
                `ciam-my-data.section.<id>`) are listed with their module's README.

                """);
        keysByPage().forEach((page, keys) -> table(doc, page, keys, en, pt));
        doc.append("""
                # Admin console pages

                The admin console shows each page's title, help and field labels in the
                administrator's language (their *locale*, else the realm's default), looked up
                under these keys in the admin theme's messages; realm overrides apply too.

                """);
        keysByAdminPage().forEach((page, keys) -> table(doc, page, keys, en, pt));
        return doc.toString();
    }

    private static void table(StringBuilder doc, String page, Set<String> keys, Properties en, Properties pt) {
        doc.append("## `").append(page).append("`\n\n| key | English | Português (Brasil) |\n|---|---|---|\n");
        for (String key : keys) {
            doc.append("| `").append(key).append("` | ").append(cell(en.getProperty(key))).append(" | ")
                    .append(cell(pt.getProperty(key))).append(" |\n");
        }
        doc.append('\n');
    }

    private static String cell(String text) {
        return text == null ? "(Keycloak's)" : text.replace("|", "\\|").replace("\n", " ");
    }

    @Test
    @DisplayName("docs/message-keys.md lists every page's message keys with their English and Portuguese texts")
    void listIsCurrent() throws Exception {
        String expected = render();
        if (Boolean.getBoolean("ciam.update-docs")) {
            Files.writeString(DOC, expected);
        }
        assertThat(Files.readString(DOC)).as("docs/message-keys.md is out of date: rerun with -Dciam.update-docs=true")
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("every ciam- key a template uses exists in English and Brazilian Portuguese")
    void packKeysTranslated() throws Exception {
        Properties en = bundle("en");
        Properties pt = bundle("pt_BR");
        List<String> missing = new ArrayList<>();
        keysByPage().forEach((page, keys) -> keys.stream().filter(k -> k.startsWith("ciam-")).forEach(key -> {
            if (en.getProperty(key) == null) {
                missing.add(page + ": " + key + " (en)");
            }
            if (pt.getProperty(key) == null) {
                missing.add(page + ": " + key + " (pt-BR)");
            }
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    @DisplayName("every admin console page of the pack has its title, help, labels and field help in English and "
            + "Brazilian Portuguese, none left as the English text")
    void adminPagesTranslated() throws Exception {
        Properties en = bundle("en");
        Properties pt = bundle("pt_BR");
        Map<String, Set<String>> pages = keysByAdminPage();
        assertThat(pages).containsKeys("ciam-brand", "ciam-consent-purposes", "ciam-profile-questions", "ciam-segments",
                "ciam-personalization-claims", "ciam-event-sinks");
        List<String> missing = new ArrayList<>();
        pages.forEach((page, keys) -> keys.forEach(key -> {
            if (!key.startsWith(page)) {
                missing.add(page + ": " + key + " is not a key of the page (a text left in the Java code?)");
            } else if (en.getProperty(key) == null || en.getProperty(key).isBlank()) {
                missing.add(page + ": " + key + " (en)");
            } else if (pt.getProperty(key) == null || pt.getProperty(key).isBlank()) {
                missing.add(page + ": " + key + " (pt-BR)");
            }
        }));
        assertThat(missing).isEmpty();
    }
}

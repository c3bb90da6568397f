package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Magic link with {@code cross-device = continue-original}: the link opened on another device asks for
 * confirmation there, and the browser that asked for the link signs in; the other device gets nothing.
 */
class MagicLinkCrossDeviceIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void flow() {
        Flows.browserFlow(realm.admin(), "magic-link-cross-device", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-magic-link", "ALTERNATIVE", Map.of("cross-device", "continue-original"))));
    }

    @Test
    @DisplayName("confirmed on a phone, the laptop that asked signs in; the phone gets no session")
    void phoneConfirmsLaptopSignsIn() {
        String id = realm.createUser("nina", "unused-Passw0rd!");
        OidcLogin laptop = realm.newLogin();
        Page waiting = MagicLinkIT.identify(laptop, "nina@ciam.test");
        String link = MagicLinkIT.linkFor(realm, "nina@ciam.test", 0);
        String refresh = waiting.document().select("meta[http-equiv=refresh]").attr("content")
                .replaceFirst("^\\d+;url=", "");

        BrowserClient phone = new BrowserClient();
        Page confirm = phone.get(link);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.text("#ciam-magic-link-other-device").orElseThrow())
                .as("a client without a browser's User-Agent is 'a browser', in the page's words")
                .startsWith("Someone asked to sign in from a browser at ").contains(" UTC. Confirm only if that was you");
        assertThat(refresh).contains("/login-actions/authenticate");
        Page notYet = laptop.browser().get(refresh);
        assertThat(notYet.text("#ciam-magic-link-sent")).isPresent();

        Form form = confirm.form("#ciam-magic-link-confirm-form");
        Page done = form.submit();
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Confirmed. Go back to the device where you asked for the link");
        assertThat(phone.cookies().cookies()).noneMatch(c -> c.getName().startsWith("KEYCLOAK_IDENTITY"));

        Tokens tokens = laptop.finish(laptop.browser().get(refresh));
        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(realm.admin().users().get(id).getUserSessions()).hasSize(1);

        Page replay = form.submit();
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains(MagicLinkIT.INVALID);
    }

    @Test
    @DisplayName("the waiting page's button also continues once the other device confirmed")
    void checkButton() {
        String id = realm.createUser("olga", "unused-Passw0rd!");
        OidcLogin laptop = realm.newLogin();
        Page waiting = MagicLinkIT.identify(laptop, "olga@ciam.test");
        String link = MagicLinkIT.linkFor(realm, "olga@ciam.test", 0);

        Page early = waiting.form("#ciam-magic-link-form").submit("ciam_action", "check");
        assertThat(early.text("#ciam-magic-link-sent")).isPresent();
        new BrowserClient().get(link).form("#ciam-magic-link-confirm-form").submit();

        Tokens tokens = laptop.finish(early.form("#ciam-magic-link-form").submit("ciam_action", "check"));
        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(URI.create(link).getPath()).endsWith("/login-actions/action-token");
    }
}

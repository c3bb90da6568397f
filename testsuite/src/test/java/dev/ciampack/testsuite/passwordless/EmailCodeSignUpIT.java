package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** Sign-up on first use with the email code. */
class EmailCodeSignUpIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void signUpFlow() {
        Flows.browserFlow(realm.admin(), "email-code-sign-up", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-email-code", "ALTERNATIVE", Map.of("sign-up", "true"))));
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("REGISTER", "LOGIN"));
        realm.admin().updateRealmEventsConfig(events);
    }

    private static Page codePage(OidcLogin login, String email) {
        return login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
    }

    private static String code(String email, int seen) {
        return Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
    }

    @Test
    @DisplayName("an unknown address that proves possession becomes one verified account, then the profile rules apply")
    void signUpCreatesOneAccount() {
        OidcLogin login = realm.newLogin();
        Page page = codePage(login, "Newbie@Ciam.test");
        Page profile = page.form("#ciam-email-code-form").set("code", code("Newbie@Ciam.test", 0))
                .submit("ciam_action", "verify");

        Tokens tokens = login.finish(profile.form("#kc-update-profile-form")
                .set("firstName", "New").set("lastName", "Comer").submit());

        List<UserRepresentation> users = realm.admin().users().searchByEmail("newbie@ciam.test", true);
        assertThat(users).hasSize(1);
        UserRepresentation user = users.get(0);
        assertThat(user.isEmailVerified()).isTrue();
        assertThat(user.getUsername()).isEqualTo("newbie@ciam.test");
        assertThat(tokens.idClaims()).containsEntry("sub", user.getId()).containsEntry("given_name", "New");
        List<EventRepresentation> registered = realm.admin().getEvents(List.of("REGISTER"), null, user.getId(),
                null, null, null, 0, 10);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).getDetails()).containsEntry("register_method", "ciam-email-code");

        OidcLogin again = realm.newLogin();
        Page second = codePage(again, "newbie@ciam.test");
        Tokens back = again.finish(second.form("#ciam-email-code-form").set("code", code("newbie@ciam.test", 1))
                .submit("ciam_action", "verify"));
        assertThat(back.idClaims()).containsEntry("sub", user.getId());
        assertThat(realm.admin().users().searchByEmail("newbie@ciam.test", true)).hasSize(1);
    }

    @Test
    @DisplayName("the right sign-up code submitted twice at once creates exactly one account")
    void concurrentSignUpCreatesOne() throws Exception {
        OidcLogin login = realm.newLogin();
        Page page = codePage(login, "twice@ciam.test");
        Form form = page.form("#ciam-email-code-form").set("code", code("twice@ciam.test", 0));

        List<AtOnce.Submitted> both = AtOnce.submitTwice(form, "ciam_action", "verify");

        assertThat(AtOnce.overlapped(both)).as("the two requests were in flight together").isTrue();
        List<UserRepresentation> users = realm.admin().users().searchByEmail("twice@ciam.test", true);
        assertThat(users).hasSize(1);
        UserRepresentation user = users.get(0);
        assertThat(user.isEmailVerified()).isTrue();
        assertThat(user.getUsername()).isEqualTo("twice@ciam.test");
        // Neither answer is a server error or a code. What each shows depends on how the two requests interleave
        // (seen: the profile form, "This code can no longer be used", Keycloak's "Page has expired").
        assertThat(both).hasSize(2).allSatisfy(b -> {
            assertThat(b.page().status()).as(b.page().toString()).isLessThan(500);
            assertThat(b.page().location().map(Object::toString).orElse("")).doesNotContain("code=");
        });
        // Where one answer is the profile form, it signs that one account in.
        var profile = both.stream().map(AtOnce.Submitted::page)
                .filter(p -> !p.document().select("#kc-update-profile-form").isEmpty()).findFirst();
        if (profile.isPresent()) {
            Tokens tokens = login.finish(profile.get().form("#kc-update-profile-form")
                    .set("firstName", "Two").set("lastName", "Times").submit());
            assertThat(tokens.idClaims()).containsEntry("sub", user.getId());
        }
        assertThat(realm.admin().users().searchByEmail("twice@ciam.test", true)).hasSize(1);
    }
}

package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** The email code with {@code include-link}: one email, a code and a magic link; either signs in, once. */
class EmailCodeWithLinkIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void flow() {
        Flows.browserFlow(realm.admin(), "email-code-and-link", List.of(
                Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-email-code", "ALTERNATIVE", Map.of("include-link", "true", "resend-cooldown", "10"))));
    }

    private static Page identify(OidcLogin login, String email) {
        return login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
    }

    @Test
    @DisplayName("the link in the code's email signs in after confirmation; the code then no longer works, "
            + "not even in a fresh sign-in of the same person")
    void linkSignsIn() throws Exception {
        String id = realm.createUser("nina", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page codePage = identify(login, "nina@ciam.test");
        MimeMessage mail = realm.mailbox().awaitNext("nina@ciam.test", 0, Duration.ofSeconds(10));
        String code = Mailbox.code(mail, 6);
        String link = Mailbox.link(mail, "/login-actions/action-token");

        Page confirm = login.browser().get(link);
        assertThat(confirm.text("#ciam-magic-link-confirm-text")).hasValue("Sign in as nina@ciam.test?");
        Tokens tokens = login.finish(confirm.form("#ciam-magic-link-confirm-form").submit());

        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(Mailbox.text(mail)).contains("Or sign in with this link").contains(link);
        Page lateCode = codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");
        assertThat(lateCode.location().map(Object::toString).orElse("")).doesNotContain("code=");

        // Nina starts again in a new browser at once (the link's sign-in gave back the send of its mail, so no
        // cooldown holds her) and types the code of the first email there.
        OidcLogin fresh = realm.newLogin();
        Page freshPage = identify(fresh, "nina@ciam.test");
        assertThat(freshPage.body()).as("no wait after a sign-in by the link").doesNotContain("Please wait");
        String freshCode = Mailbox.code(realm.mailbox().awaitNext("nina@ciam.test", 1, Duration.ofSeconds(10)), 6);
        Page replayed = freshPage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify");

        assertThat(replayed.location()).isEmpty();
        assertThat(replayed.body()).contains("That code is not right");
        assertThat(MagicLinkIT.sessions(realm, id)).as("no second session").isEqualTo(1);
        // Control: that sign-in goes through with its own code.
        Tokens again = fresh.finish(replayed.form("#ciam-email-code-form").set("code", freshCode)
                .submit("ciam_action", "verify"));
        assertThat(again.idClaims()).containsEntry("sub", id);
        assertThat(MagicLinkIT.sessions(realm, id)).isEqualTo(2);
    }

    @Test
    @DisplayName("the code signs in; the link of the same email is then void")
    void codeSignsInAndVoidsLink() {
        String id = realm.createUser("olga", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page codePage = identify(login, "olga@ciam.test");
        MimeMessage mail = realm.mailbox().awaitNext("olga@ciam.test", 0, Duration.ofSeconds(10));

        Tokens tokens = login.finish(codePage.form("#ciam-email-code-form").set("code", Mailbox.code(mail, 6))
                .submit("ciam_action", "verify"));
        Page link = login.browser().get(Mailbox.link(mail, "/login-actions/action-token"));

        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(link.status()).isEqualTo(400);
        assertThat(link.body()).contains(MagicLinkIT.INVALID);
    }

    @Test
    @DisplayName("an unknown address gets the same page and no mail, as without the link")
    void unknownAddress() {
        realm.createUser("pia", "unused-Passw0rd!");

        Page page = identify(realm.newLogin(), "ghost@ciam.test");
        Page known = identify(realm.newLogin(), "pia@ciam.test");

        assertThat(page.text("#ciam-email-code-sent")).isPresent();
        assertThat(page.document().select("form input").eachAttr("name"))
                .isEqualTo(known.document().select("form input").eachAttr("name"));
        // Control: the same page for a known address comes with a mail, sent by then.
        assertThat(realm.mailbox().awaitNext("pia@ciam.test", 0, Duration.ofSeconds(10))).isNotNull();
        assertThat(realm.mailbox().to("ghost@ciam.test")).isEmpty();
    }
}

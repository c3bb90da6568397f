package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.mail.Mailbox;

/** The realm-import example of authenticators/README.md works as written. */
class EmailCodeRealmImportIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.fromJson(resource("/realms/email-code-import.json"));

    private static Path resource(String name) {
        try {
            return Path.of(EmailCodeRealmImportIT.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("the documented realm import gives a browser flow that signs in by email code")
    void importedFlowSignsIn() {
        OidcLogin login = realm.newLogin();

        Page codePage = login.start().form("#ciam-email-code-identify-form").set("email", TestRealm.EMAIL).submit();
        String code = Mailbox.code(realm.mailbox().awaitNext(TestRealm.EMAIL, 0, Duration.ofSeconds(10)), 6);

        assertThat(login.finish(codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify"))
                .idClaims()).containsEntry("email", TestRealm.EMAIL);
    }
}

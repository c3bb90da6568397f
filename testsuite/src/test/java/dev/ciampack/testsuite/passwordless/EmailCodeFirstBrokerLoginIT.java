package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.mail.Mailbox;

/**
 * The email code in a first-broker-login flow: someone arriving from an identity provider (a second
 * realm of the same server acting as OIDC provider) whose address matches an existing account proves
 * they hold it with an emailed code before the provider is linked.
 */
class EmailCodeFirstBrokerLoginIT {

    private static final String SECRET = "broker-secret-for-tests";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static OidcProviderRealm provider;

    @BeforeAll
    static void setUp() {
        provider = OidcProviderRealm.create(realm, SECRET,
                List.of(Users.withPassword("sam", "sam@ciam.test", "Sam", "Social", "Sam-Passw0rd!"),
                        Users.withPassword("una", "una@ciam.test", "Una", "Social", "Una-Passw0rd!")));

        AuthenticationManagementResource flows = realm.admin().flows();
        AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
        top.setAlias("fbl-email-code");
        top.setProviderId("basic-flow");
        top.setTopLevel(true);
        top.setBuiltIn(false);
        flows.createFlow(top).close();
        flows.addExecution("fbl-email-code", new HashMap<>(Map.of("provider", "idp-create-user-if-unique")));
        flows.addExecutionFlow("fbl-email-code", new HashMap<>(Map.of("alias", "fbl-existing-account",
                "type", "basic-flow", "provider", "registration-page-form", "description", "prove the address")));
        flows.addExecution("fbl-existing-account", new HashMap<>(Map.of("provider", "ciam-email-code")));
        for (AuthenticationExecutionInfoRepresentation execution : flows.getExecutions("fbl-email-code")) {
            execution.setRequirement(execution.getLevel() == 0 ? "ALTERNATIVE" : "REQUIRED");
            flows.updateExecutions("fbl-email-code", execution);
        }

        IdentityProviderRepresentation broker = provider.identityProvider(Map.of());
        broker.setFirstBrokerLoginFlowAlias("fbl-email-code");
        realm.admin().identityProviders().create(broker).close();
    }

    @AfterAll
    static void removeIdpRealm() {
        if (provider != null) {
            provider.remove();
        }
    }

    @Test
    @DisplayName("an arriving provider account matching an existing address proves it by code and is linked")
    void existingAccountProvedByCode() {
        String sam = realm.createUser("sam", "unused-Passw0rd!");
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));

        Page codePage = idpLogin.form("#kc-form-login").set("username", "sam").set("password", "Sam-Passw0rd!").submit();
        String code = Mailbox.code(realm.mailbox().awaitNext("sam@ciam.test", 0, Duration.ofSeconds(10)), 6);
        Page wrong = codePage.form("#ciam-email-code-form").set("code", code.equals("000000") ? "111111" : "000000")
                .submit("ciam_action", "verify");
        Tokens tokens = login.finish(wrong.form("#ciam-email-code-form").set("code", code)
                .submit("ciam_action", "verify"));

        assertThat(codePage.text("#ciam-email-code-sent").orElseThrow()).contains("sam@ciam.test");
        assertThat(wrong.body()).contains("That code is not right");
        assertThat(tokens.idClaims()).containsEntry("sub", sam);
        assertThat(realm.admin().users().get(sam).getFederatedIdentity()).extracting(f -> f.getIdentityProvider())
                .containsExactly("idp");
        List<UserRepresentation> all = realm.admin().users().searchByEmail("sam@ciam.test", true);
        assertThat(all).hasSize(1);
    }

    @Test
    @DisplayName("an account a stranger registered with an unverified address: the code proves it, the stranger's "
            + "password goes, and the provider is linked")
    void unverifiedAccountProvedByCodeLosesEarlierPassword() {
        UserRepresentation preRegistered = Users.withPassword("una-first", "una@ciam.test", "Not", "Una",
                "Stranger-Passw0rd!");
        preRegistered.setEmailVerified(false);
        realm.admin().users().create(preRegistered).close();
        String id = realm.userId("una-first");
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));

        Page codePage = idpLogin.form("#kc-form-login").set("username", "una").set("password", "Una-Passw0rd!").submit();
        String code = Mailbox.code(realm.mailbox().awaitNext("una@ciam.test", 0, Duration.ofSeconds(10)), 6);
        Tokens tokens = login.finish(codePage.form("#ciam-email-code-form").set("code", code)
                .submit("ciam_action", "verify"));

        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(realm.admin().users().get(id).toRepresentation().isEmailVerified()).isTrue();
        assertThat(realm.admin().users().get(id).credentials()).as("the stranger's password").isEmpty();
        assertThat(realm.admin().users().get(id).getFederatedIdentity()).extracting(f -> f.getIdentityProvider())
                .containsExactly("idp");
    }
}

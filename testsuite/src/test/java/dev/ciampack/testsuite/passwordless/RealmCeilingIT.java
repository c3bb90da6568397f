package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
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

/**
 * The realm-wide send ceiling is shared by everyone, so only real sends take it: strangers asking for addresses
 * without an account can use up their own networks' budgets, never the realm's. A realm of its own, so no other
 * test's sends are counted in its ceiling.
 */
class RealmCeilingIT {

    private static final String PASSWORD = "unused-Passw0rd!";
    private static final String RITAS_NETWORK = "203.0.113.20";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setSslRequired("none"));

    @BeforeAll
    static void emailCodeFlowWithSmallCeiling() {
        Flows.browserFlow(realm.admin(), "ceiling", List.of(Flows.Step.of("auth-cookie", "ALTERNATIVE"),
                new Flows.Step("ciam-email-code", "ALTERNATIVE", Map.of("resend-cooldown", "10",
                        "max-sends-per-realm", "10"))));
    }

    /** The page's alert, or the form it shows when it has none. */
    private static String identify(String network, String email) {
        Page page = realm.newLoginFrom(network).start().form("#ciam-email-code-identify-form").set("email", email).submit();
        var alert = Jsoup.parse(page.body()).selectFirst(".pf-v5-c-alert__title, .alert, #input-error, [role=alert]");
        return alert != null ? alert.text() : "(no alert)";
    }

    private static Tokens signIn(String email, String network) {
        int seen = realm.mailbox().to(email).size();
        OidcLogin login = realm.newLoginFrom(network);
        Page codePage = login.start().form("#ciam-email-code-identify-form").set("email", email).submit();
        String code = Mailbox.code(realm.mailbox().awaitNext(email, seen, Duration.ofSeconds(10)), 6);
        return login.finish(codePage.form("#ciam-email-code-form").set("code", code).submit("ciam_action", "verify"));
    }

    @Test
    @DisplayName("requests for addresses without an account take no slot of the realm's ceiling: after 30 of them from "
            + "30 networks, real sends still get the whole ceiling; then the realm refuses known and unknown alike, "
            + "but not the owner's network")
    void strangersCanOnlyUseUpTheirOwnBudget() {
        String rita = realm.createUser("rita", PASSWORD);
        signIn("rita@ciam.test", RITAS_NETWORK);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            unknown.add(identify("192.0.2." + (150 + i), "ghost" + i + "@ciam.test"));
        }
        for (int i = 0; i < 10; i++) {
            realm.createUser("real" + i, PASSWORD);
        }
        List<String> real = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            real.add(identify("198.51.100." + (150 + i), "real" + i + "@ciam.test"));
        }
        realm.createUser("late", PASSWORD);
        String lateKnown = identify("198.51.100.170", "late@ciam.test");
        String lateUnknown = identify("198.51.100.171", "ghost-late@ciam.test");
        Tokens ritas = signIn("rita@ciam.test", RITAS_NETWORK);

        assertThat(unknown).noneMatch(m -> m.contains("We cannot send codes right now"));
        assertThat(real).as("the realm's 10 sends").noneMatch(m -> m.contains("We cannot send codes right now"));
        for (int i = 0; i < 10; i++) {
            assertThat(realm.mailbox().to("real" + i + "@ciam.test")).as("real%d", i).hasSize(1);
        }
        assertThat(lateKnown).contains("We cannot send codes right now");
        assertThat(lateUnknown.replaceAll("\\d+", "N")).as("the same answer for an address without an account")
                .isEqualTo(lateKnown.replaceAll("\\d+", "N"));
        assertThat(realm.mailbox().to("late@ciam.test")).isEmpty();
        assertThat(ritas.idClaims()).as("the owner's network").containsEntry("sub", rita);
    }
}

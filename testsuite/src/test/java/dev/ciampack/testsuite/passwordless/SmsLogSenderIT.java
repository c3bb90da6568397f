package dev.ciampack.testsuite.passwordless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.Flows;
import dev.ciampack.testsuite.junit.TestRealm;

/** The {@code log} SMS sender on a production-mode server: masked number, no code in the log. */
class SmsLogSenderIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @Test
    @DisplayName("in production mode the log sender masks the number and every digit of the text")
    void logSenderMasks() throws Exception {
        SmsCodeIT.declarePhoneAttribute(realm);
        Flows.browserFlow(realm.admin(), "sms-log", List.of(
                new Flows.Step("ciam-sms-code", "REQUIRED", Map.of("sms-sender", "log"))));
        SmsCodeIT.userWithPhone(realm, "nina", "+5511977777777");

        Page page = realm.newLogin().start().form("#ciam-sms-code-identify-form").set("phone", "+55 11 97777-7777")
                .submit();

        assertThat(page.text("#ciam-sms-code-sent")).isPresent();
        String log = Files.readString(realm.keycloak().server().logFile());
        String line = log.lines().filter(l -> l.contains("SMS for realm " + realm.name())).findFirst().orElseThrow();
        assertThat(line).contains("to +55*******7777 (log sender, not delivered): ****** is your")
                .doesNotContain("+5511977777777");
        // The message itself (after the realm name, which may hold digits of its own) has no digit left.
        assertThat(line.substring(line.indexOf("(log sender, not delivered): "))).doesNotContainPattern("[0-9]");
        assertThat(realm.keycloak().admin().serverInfo().getInfo().getProviders().get("ciam-sms-sender")
                .getProviders().get("log").getOperationalInfo()).containsEntry("codes-in-log", "false");
    }
}

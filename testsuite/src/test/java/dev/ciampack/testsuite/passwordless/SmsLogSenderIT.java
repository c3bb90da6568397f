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

/**
 * The {@code log} SMS sender on a production-mode server (the shared test server runs {@code kc.sh start}):
 * it refuses to send, the person is told the message could not be sent, and the log says why; nothing of the
 * code or the number reaches the log.
 */
class SmsLogSenderIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @Test
    @DisplayName("in production mode the log sender refuses: the person reads that it could not be sent, the log says why")
    void logSenderRefusesOutsideStartDev() throws Exception {
        SmsCodeIT.declarePhoneAttribute(realm);
        Flows.browserFlow(realm.admin(), "sms-log", List.of(
                new Flows.Step("ciam-sms-code", "REQUIRED", Map.of("sms-sender", "log"))));
        SmsCodeIT.userWithPhone(realm, "nina", "+5511977777777");

        Page page = realm.newLogin().start().form("#ciam-sms-code-identify-form").set("phone", "+55 11 97777-7777")
                .submit();

        assertThat(page.body()).contains("We could not send the message. Try again later.");
        String log = Files.readString(realm.keycloak().server().logFile());
        List<String> lines = log.lines().filter(l -> l.contains("realm " + realm.name())).toList();
        assertThat(lines).anyMatch(l -> l.contains("ciam-sms-code: could not send a code for realm " + realm.name()
                + ": the SMS sender 'log' delivers nothing and is refused outside kc.sh start-dev"));
        assertThat(lines).noneMatch(l -> l.contains("SMS for realm"));
        assertThat(log).doesNotContain("+5511977777777");
        assertThat(realm.keycloak().admin().serverInfo().getInfo().getProviders().get("ciam-sms-sender")
                .getProviders().get("log").getOperationalInfo())
                .containsEntry("codes-in-log", "false").containsEntry("sends", "nothing: refused outside start-dev");
    }
}

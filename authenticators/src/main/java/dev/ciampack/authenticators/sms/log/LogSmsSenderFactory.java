package dev.ciampack.authenticators.sms.log;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.ciampack.authenticators.sms.PhoneNumbers;
import dev.ciampack.authenticators.sms.spi.SmsSender;
import dev.ciampack.authenticators.sms.spi.SmsSenderFactory;

/**
 * {@code log}: writes messages to the server log instead of sending them, for development. The number
 * is always masked; the text (with its code) is shown only when Keycloak runs in development mode
 * ({@code kc.sh start-dev}); in production mode every digit of the text is masked.
 */
public final class LogSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "log";
    private static final Logger LOG = Logger.getLogger("dev.ciampack.sms");

    @Override
    public SmsSender create(KeycloakSession session) {
        boolean devMode = Environment.isDevMode();
        return new SmsSender() {
            @Override
            public void send(RealmModel realm, String to, String text) {
                LOG.info(line(realm.getName(), to, text, devMode));
            }

            @Override
            public void close() {
            }
        };
    }

    /** The log line: masked number, and the text with its digits masked unless in development mode. */
    public static String line(String realm, String to, String text, boolean devMode) {
        String shown = devMode ? text : text.replaceAll("[0-9]", "*");
        return "SMS for realm " + realm + " to " + PhoneNumbers.mask(to) + " (log sender, not delivered): " + shown;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("codes-in-log", String.valueOf(Environment.isDevMode()));
    }

    /** The default sender when the operator picks none. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

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
import dev.ciampack.authenticators.sms.spi.SmsException;
import dev.ciampack.authenticators.sms.spi.SmsSender;
import dev.ciampack.authenticators.sms.spi.SmsSenderFactory;

/**
 * {@code log}: writes messages to the server log instead of sending them, for development
 * ({@code kc.sh start-dev}) only; the number is always masked. In production mode it refuses to send
 * (the person sees "We could not send the message" and the log says why), so a server whose sender was
 * never chosen does not pretend to send codes nobody receives.
 */
public final class LogSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "log";
    /** Why the log sender sends nothing in production mode, for the server log. */
    public static final String REFUSED = "the SMS sender 'log' delivers nothing and is refused outside kc.sh start-dev; "
            + "choose a real one: build option --spi-ciam-sms-sender--provider=http (with --spi-ciam-sms-sender--http--... "
            + "at start), or the step's sms-sender setting";
    private static final Logger LOG = Logger.getLogger("dev.ciampack.sms");

    @Override
    public SmsSender create(KeycloakSession session) {
        boolean devMode = Environment.isDevMode();
        return new SmsSender() {
            @Override
            public void send(RealmModel realm, String to, String text) throws SmsException {
                if (!devMode) {
                    throw new SmsException(REFUSED);
                }
                LOG.info(line(realm.getName(), to, text));
            }

            @Override
            public void close() {
            }
        };
    }

    /** The log line of development mode: masked number, the text as it would be sent. */
    public static String line(String realm, String to, String text) {
        return "SMS for realm " + realm + " to " + PhoneNumbers.mask(to) + " (log sender, not delivered): " + text;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("codes-in-log", String.valueOf(Environment.isDevMode()),
                "sends", Environment.isDevMode() ? "to the server log (start-dev)" : "nothing: refused outside start-dev");
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

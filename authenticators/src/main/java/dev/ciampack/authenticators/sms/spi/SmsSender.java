package dev.ciampack.authenticators.sms.spi;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Sends one text message. Implementations must not log the text in production (it holds a sign-in
 * code) and should show numbers masked.
 */
public interface SmsSender extends Provider {

    /**
     * @param realm the realm the message is sent for
     * @param to    the destination in E.164, e.g. {@code +5511987654321}
     * @param text  the message, at most a few hundred characters
     * @throws SmsException when the message was not accepted for delivery
     */
    void send(RealmModel realm, String to, String text) throws SmsException;
}

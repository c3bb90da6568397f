package dev.ciampack.consent.receipt;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.Decision;

/**
 * The realm option to email each decision's receipt to the person: realm attribute {@value #REALM_ATTRIBUTE}
 * ({@code true} to send). The mail goes once the deciding transaction has committed (a rolled-back decision sends
 * nothing), only to a verified address (an unverified one may not be the person's), with the pack's email theme.
 */
public final class ReceiptEmails {

    public static final String REALM_ATTRIBUTE = "ciam.consent.emailReceipts";
    private static final Logger LOG = Logger.getLogger(ReceiptEmails.class);

    private ReceiptEmails() {
    }

    public static boolean enabled(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(REALM_ATTRIBUTE));
    }

    /** After the decision commits, mails its receipt to the person if the realm asks for it and can send. */
    public static void afterDecision(KeycloakSession session, RealmModel realm, UserModel user, ConsentProvider consent,
                                     ConsentRecord record) {
        if (!enabled(realm) || user.getEmail() == null || !user.isEmailVerified() || session.getContext().getUri() == null
                || realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            return;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                send(session, realm, user, consent, record);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void send(KeycloakSession session, RealmModel realm, UserModel user, ConsentProvider consent,
                             ConsentRecord record) {
        try {
            String receipt = ConsentReceipts.issue(session, realm, consent, record);
            String title = consent.purpose(realm, record.purposeId()).map(p -> p.title(record.locale()))
                    .orElse(record.purposeId());
            String realmName = ConsentReceipts.controllerName(realm);
            String issuer = org.keycloak.services.Urls.realmIssuer(session.getContext().getUri().getBaseUri(),
                    realm.getName());
            // Keycloak adds its own entries to the template's attributes: a mutable map.
            Map<String, Object> attributes = new java.util.HashMap<>(Map.of("purposeTitle", title, "granted", record.decision() == Decision.GRANTED,
                    "decidedAt", record.time().toString(), "receipt", receipt, "realmName", realmName,
                    "accountUrl", issuer + "/account", "keysUrl", issuer + "/protocol/openid-connect/certs"));
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send("ciam-consent-receipt.subject", List.of(realmName), "ciam-consent-receipt.ftl", attributes);
        } catch (EmailException | RuntimeException e) {
            // The decision stands; the person can still download the receipt. Never the address or the receipt here.
            LOG.warnf("Realm %s: the consent receipt of a decision could not be emailed: %s", realm.getName(),
                    e.getClass().getSimpleName());
        }
    }
}

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

import dev.ciampack.common.Brand;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.consent.spi.PrivacyChoices;

/**
 * The realm option to email each decision's receipt to the person: realm attribute {@value #REALM_ATTRIBUTE}
 * ({@code true} to send). The mail goes once the deciding transaction has committed (a rolled-back decision sends
 * nothing), one per transaction and person, only to a verified address (an unverified one may not be the person's:
 * someone who signs up with another's address must not be able to mail them), with the pack's email theme.
 */
public final class ReceiptEmails {

    public static final String REALM_ATTRIBUTE = "ciam.consent.emailReceipts";
    private static final Logger LOG = Logger.getLogger(ReceiptEmails.class);

    private ReceiptEmails() {
    }

    public static boolean enabled(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(REALM_ATTRIBUTE));
    }

    private static final String PENDING = ReceiptEmails.class.getName() + ".pending";

    /**
     * After the deciding transaction commits, mails the person its decisions' receipts if the realm asks for it and
     * can send: one mail per transaction, however many purposes it decided (accept all on the consent step is one
     * mail, not one per purpose).
     */
    public static void afterDecision(KeycloakSession session, RealmModel realm, UserModel user, ConsentProvider consent,
                                     ConsentRecord record) {
        if (!enabled(realm) || user.getEmail() == null || !user.isEmailVerified() || session.getContext().getUri() == null
                || realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, List<ConsentRecord>> pending = (Map<String, List<ConsentRecord>>) session.getAttribute(PENDING);
        if (pending == null) {
            Map<String, List<ConsentRecord>> byUser = new java.util.LinkedHashMap<>();
            Map<String, UserModel> users = new java.util.HashMap<>();
            session.setAttribute(PENDING, byUser);
            session.setAttribute(PENDING + ".users", users);
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    session.removeAttribute(PENDING);
                    byUser.forEach((userId, records) -> send(session, realm, users.get(userId), consent, records));
                }

                @Override
                protected void rollbackImpl() {
                    session.removeAttribute(PENDING);
                }
            });
            pending = byUser;
        }
        @SuppressWarnings("unchecked")
        Map<String, UserModel> users = (Map<String, UserModel>) session.getAttribute(PENDING + ".users");
        users.put(user.getId(), user);
        pending.computeIfAbsent(user.getId(), id -> new java.util.ArrayList<>()).add(record);
    }

    private static void send(KeycloakSession session, RealmModel realm, UserModel user, ConsentProvider consent,
                             List<ConsentRecord> records) {
        try {
            String realmName = ConsentReceipts.controllerName(realm);
            String issuer = org.keycloak.services.Urls.realmIssuer(session.getContext().getUri().getBaseUri(),
                    realm.getName());
            List<Map<String, Object>> decisions = new java.util.ArrayList<>();
            for (ConsentRecord record : records) {
                decisions.add(Map.of("purposeTitle", consent.purpose(realm, record.purposeId())
                                .map(p -> p.title(record.locale())).orElse(record.purposeId()),
                        "granted", record.decision() == Decision.GRANTED, "decidedAt", record.time().toString(),
                        "receipt", ConsentReceipts.issue(session, realm, consent, record)));
            }
            // Keycloak adds its own entries to the template's attributes: a mutable map.
            Map<String, Object> attributes = new java.util.HashMap<>(Map.of("decisions", decisions, "realmName", realmName,
                    "keysUrl", issuer + "/protocol/openid-connect/certs", Brand.EMAIL_ATTRIBUTE, Brand.of(realm).email(),
                    PrivacyChoices.EMAIL_ATTRIBUTE,
                    PrivacyChoices.url(session.getContext().getUri().getBaseUri(), realm.getName()).toString()));
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send("ciam-consent-receipt.subject", List.of(realmName), "ciam-consent-receipt.ftl", attributes);
        } catch (EmailException | RuntimeException e) {
            // The decisions stand; the person can still download the receipts. Never the address or a receipt here.
            LOG.warnf("Realm %s: the consent receipts of a decision could not be emailed: %s", realm.getName(),
                    e.getClass().getSimpleName());
        }
    }
}

package dev.ciampack.authenticators.emailcode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.validation.Validation;

import dev.ciampack.authenticators.magiclink.EmbeddedLinks;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.CodeStep;
import dev.ciampack.authenticators.otp.FirstProof;
import dev.ciampack.authenticators.otp.LockedNotice;
import dev.ciampack.common.Brand;
import dev.ciampack.consent.spi.PrivacyChoices;

/**
 * Sign-in with a one-time code sent by email. As a first step it asks for the address; as a later
 * step it mails the already identified user. Unknown, disabled and locked accounts walk the same
 * pages with the same answers, but no mail is sent and no code can match.
 */
final class EmailCodeAuthenticator extends CodeStep {

    static final String IDENTIFY_FORM = "ciam-email-code-identify.ftl";
    static final String CODE_FORM = "ciam-email-code.ftl";
    static final int MAX_EMAIL = 254;

    @Override
    protected String providerId() {
        return EmailCodeAuthenticatorFactory.PROVIDER_ID;
    }

    @Override
    protected CodeSettings settings(AuthenticationFlowContext context) {
        return EmailCodeConfig.of(context.getAuthenticatorConfig());
    }

    @Override
    protected String destinationField() {
        return "email";
    }

    @Override
    protected String normalize(AuthenticationFlowContext context, CodeSettings settings, String typed) {
        String email = typed.strip();
        if (email.isEmpty() || email.length() > MAX_EMAIL || email.chars().anyMatch(Character::isISOControl)
                || !Validation.isEmailValid(email)) {
            return null;
        }
        return email;
    }

    @Override
    protected UserModel findUser(AuthenticationFlowContext context, CodeSettings settings, String email) {
        return context.getSession().users().getUserByEmail(context.getRealm(), email);
    }

    @Override
    protected String destinationOf(CodeSettings settings, UserModel user) {
        return user.getEmail();
    }

    @Override
    protected void deliver(AuthenticationFlowContext context, CodeSettings settings, String email, UserModel user,
                           String code) throws DeliveryException {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        try {
            EmailTemplateProvider mail = session.getProvider(EmailTemplateProvider.class).setRealm(realm)
                    .setAuthenticationSession(context.getAuthenticationSession());
            mail.setUser(user != null ? user : SignUp.recipient(session, realm, email));
            Map<String, Object> attributes = new HashMap<>(Map.of("code", code,
                    "ttlMinutes", Math.max(1, settings.ttlSeconds() / 60), "realmName", realmName(realm)));
            attributes.put(Brand.EMAIL_ATTRIBUTE, Brand.of(realm).email());
            attributes.put(PrivacyChoices.EMAIL_ATTRIBUTE,
                    PrivacyChoices.url(session.getContext().getUri().getBaseUri(), realm.getName()).toString());
            if (((EmailCodeConfig) settings).includeLink() && user != null) {
                attributes.put("link", EmbeddedLinks.issue(context, user, email, settings.ttlSeconds()));
            }
            mail.send("ciam-email-code.subject", List.of(realmName(realm)), "ciam-email-code.ftl", attributes, email);
        } catch (EmailException e) {
            throw new DeliveryException("email not sent: " + e.getMessage(), e);
        }
    }

    @Override
    protected void deliverLockedNotice(AuthenticationFlowContext context, CodeSettings settings, String email,
                                       UserModel user, long minutes) throws DeliveryException {
        try {
            LockedNotice.mail(context, user, email, minutes);
        } catch (EmailException e) {
            throw new DeliveryException("email not sent: " + e.getMessage(), e);
        }
    }

    @Override
    protected UserModel confirmedElsewhere(AuthenticationFlowContext context) {
        return EmbeddedLinks.confirmed(context);
    }

    @Override
    protected void onCodeAccepted(AuthenticationFlowContext context) {
        EmbeddedLinks.forget(context);
    }

    @Override
    protected UserModel signUp(AuthenticationFlowContext context, CodeSettings settings, String email) {
        return SignUp.userFor(context, email);
    }

    @Override
    protected FirstProof.Destination destinationKind(CodeSettings settings) {
        return FirstProof.EMAIL;
    }

    @Override
    protected String identifyTemplate() {
        return IDENTIFY_FORM;
    }

    @Override
    protected String codeTemplate() {
        return CODE_FORM;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getEmail() != null;
    }
}

package dev.ciampack.authenticators.otp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.common.Brand;
import dev.ciampack.consent.spi.PrivacyChoices;

/**
 * The mail a locked account gets instead of a code or link, when the step shares Keycloak's lockout: in the person's
 * language, saying that nothing was sent and until when ({@code ciam-locked.ftl}).
 */
public final class LockedNotice {

    private LockedNotice() {
    }

    /** @param minutes whole minutes until the lockout ends, or -1 when an administrator must lift it */
    public static void mail(AuthenticationFlowContext context, UserModel user, String email, long minutes)
            throws EmailException {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        String realmName = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
        Map<String, Object> attributes = new HashMap<>(Map.of("minutes", minutes, "realmName", realmName));
        attributes.put(Brand.EMAIL_ATTRIBUTE, Brand.of(realm).email());
        attributes.put(PrivacyChoices.EMAIL_ATTRIBUTE,
                PrivacyChoices.url(session.getContext().getUri().getBaseUri(), realm.getName()).toString());
        session.getProvider(EmailTemplateProvider.class).setRealm(realm)
                .setAuthenticationSession(context.getAuthenticationSession()).setUser(user)
                .send("ciam-locked.subject", List.of(realmName), "ciam-locked.ftl", attributes, email);
    }
}

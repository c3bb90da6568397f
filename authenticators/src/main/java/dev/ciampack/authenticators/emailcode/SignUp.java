package dev.ciampack.authenticators.emailcode;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.models.UserModel;

/**
 * Sign-up on first use: the person proved they read mail at {@code email}, so an account is created
 * with it as a verified address (and as username). Everything else the realm asks for comes from its
 * User Profile and required actions after this step.
 */
final class SignUp {

    private SignUp() {
    }

    /**
     * Keycloak's own transient user model, never stored, standing for the unknown address while its code
     * is mailed (the email templates need a user).
     */
    static UserModel recipient(KeycloakSession session, RealmModel realm, String email) {
        UserModel recipient = new LightweightUserAdapter(session, realm, "ciam-sign-up");
        recipient.setEmail(email);
        return recipient;
    }

    static UserModel userFor(AuthenticationFlowContext context, String email) {
        RealmModel realm = context.getRealm();
        var users = context.getSession().users();
        UserModel existing = users.getUserByEmail(realm, email);
        if (existing != null) {
            // Created meanwhile (another tab, another node): the proof of possession signs into it.
            return existing;
        }
        UserModel user = users.addUser(realm, email.toLowerCase(java.util.Locale.ROOT));
        user.setEnabled(true);
        user.setEmail(email);
        user.setEmailVerified(true);
        context.getEvent().clone().event(EventType.REGISTER).user(user)
                .detail(Details.REGISTER_METHOD, EmailCodeAuthenticatorFactory.PROVIDER_ID)
                .detail(Details.EMAIL, email).success();
        return user;
    }
}

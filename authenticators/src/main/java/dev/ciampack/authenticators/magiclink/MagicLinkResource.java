package dev.ciampack.authenticators.magiclink;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.VerificationException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resources.RealmsResource;

/**
 * {@code POST /realms/{realm}/ciam-magic-link/confirm}: the confirmation page of a magic link posts the
 * link here, and this is the only request that signs anyone in. It verifies the link again, spends it
 * once cluster-wide, and marks the pending sign-in confirmed. In the browser that asked for the link the
 * answer redirects back into the flow, which completes; in another browser (if the realm allows it) the
 * answer says to return to the first device, which completes when its page next checks.
 */
public final class MagicLinkResource implements RealmResourceProvider {

    static final String PATH = MagicLinkResourceFactory.ID;

    private final KeycloakSession session;

    MagicLinkResource(KeycloakSession session) {
        this.session = session;
    }

    static String confirmUrl(KeycloakSession session, RealmModel realm) {
        return RealmsResource.realmBaseUrl(session.getContext().getUri()).path(PATH).path("confirm")
                .build(realm.getName()).toString();
    }

    @Override
    public Object getResource() {
        return this;
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@FormParam("key") String key) {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN_ERROR).detail(Details.AUTH_METHOD, MagicLinkAuthenticatorFactory.PROVIDER_ID);
        MagicLinkToken token;
        try {
            token = MagicLinks.verify(session, realm, key);
        } catch (VerificationException | RuntimeException e) {
            event.detail(Details.REASON, "link did not verify").error(Errors.INVALID_CODE);
            return MagicLinkTokenHandler.invalid(session);
        }
        event.user(token.getUserId());
        MagicLinks.Pending pending = MagicLinks.pending(session, realm, token);
        if (pending == null) {
            event.detail(Details.REASON, "link expired, replaced or used").error(Errors.INVALID_CODE);
            return MagicLinkTokenHandler.invalid(session);
        }
        boolean sameBrowser = pending.openedIn(
                new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm));
        if (!sameBrowser && !pending.crossDeviceAllowed()) {
            event.detail(Details.REASON, "link opened in another browser").error(Errors.INVALID_REQUEST);
            return MagicLinkTokenHandler.invalid(session);
        }
        if (!MagicLinks.consume(session, token)) {
            event.detail(Details.REASON, "link already used").error(Errors.INVALID_CODE);
            return MagicLinkTokenHandler.invalid(session);
        }
        pending.state().confirm().write(pending.original());
        if (sameBrowser) {
            return Response.seeOther(URI.create(pending.state().resumeUrl())).build();
        }
        return session.getProvider(LoginFormsProvider.class)
                .setSuccess("ciam-magic-link.info.other-device")
                .setAttribute("skipLink", true)
                .createInfoPage();
    }

    @Override
    public void close() {
    }
}

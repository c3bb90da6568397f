package dev.ciampack.testsuite.junit;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/** Client scopes the pack relies on, set up through the admin API (the demo launcher and tests share them). */
public final class ClientScopes {

    /** The scope a token needs to record consent decisions through {@code /ciam-consent/me} (consent/README.md). */
    public static final String CONSENT = "ciam-consent";

    private ClientScopes() {
    }

    /**
     * Creates {@link #CONSENT} in the realm (once) and adds it to the given clients, as a default scope (every
     * token carries it) or an optional one (only when the authorization request asks for it); returns its id.
     */
    public static String consent(RealmResource realm, boolean asDefault, String... clientIds) {
        String id = realm.clientScopes().findAll().stream().filter(s -> CONSENT.equals(s.getName()))
                .map(ClientScopeRepresentation::getId).findFirst().orElse(null);
        if (id == null) {
            ClientScopeRepresentation scope = new ClientScopeRepresentation();
            scope.setName(CONSENT);
            scope.setProtocol("openid-connect");
            scope.setDescription("May record the person's consent decisions (CIAM Pack)");
            scope.setAttributes(Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false"));
            try (Response created = realm.clientScopes().create(scope)) {
                id = CreatedResponseUtil.getCreatedId(created);
            }
        }
        for (String clientId : clientIds) {
            String client = realm.clients().findByClientId(clientId).get(0).getId();
            if (asDefault) {
                realm.clients().get(client).addDefaultClientScope(id);
            } else {
                realm.clients().get(client).addOptionalClientScope(id);
            }
        }
        return id;
    }
}

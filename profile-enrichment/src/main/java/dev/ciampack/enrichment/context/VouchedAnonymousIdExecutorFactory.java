package dev.ciampack.enrichment.context;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequestParserProcessor;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.endpoints.request.RequestUriType;
import org.keycloak.protocol.oidc.par.endpoints.request.AuthzEndpointParParser;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/**
 * A client-policy executor that notes the anonymous id ({@code ciam_anonymous_id}) of an authorization request only
 * when the client vouched for it: it came in a pushed authorization request (PAR) of a confidential client, which
 * authenticated to push it, or inside a request object that Keycloak verified with the client's key (the client
 * requires a signature algorithm). A plain front-channel parameter is anyone's to craft: a link with the attacker's
 * device id would stitch their browser to the victim's profile. Keycloak merges such a parameter into PAR and request
 * object parameters, so a front-channel value that differs from the vouched one voids it.
 *
 * <p>The note it writes is the only one {@link LoginContextAction} takes an id from (besides the first-party cookie and
 * the documented front-channel opt-in). Enable it with a client profile holding this executor and a client policy
 * applying it (profile-enrichment/README.md, <em>Anonymous ids</em>).
 */
public final class VouchedAnonymousIdExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "ciam-vouched-anonymous-id";
    /** The authentication session's client note holding the vouched id (not a request-parameter note: not injectable). */
    static final String NOTE = "ciam.vouched-anonymous-id";

    @Override
    public ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> create(KeycloakSession session) {
        return new ClientPolicyExecutorProvider<>() {
            @Override
            public String getProviderId() {
                return PROVIDER_ID;
            }

            @Override
            public void executeOnEvent(ClientPolicyContext context) {
                if (context.getEvent() == ClientPolicyEvent.AUTHORIZATION_REQUEST) {
                    AuthorizationRequestContext request = (AuthorizationRequestContext) context;
                    String vouched = vouched(session, request);
                    if (vouched != null) {
                        request.getAuthenticationSession().setClientNote(NOTE, vouched);
                    }
                }
            }
        };
    }

    /** The id the client vouched for, or null. */
    private static String vouched(KeycloakSession session, AuthorizationRequestContext request) {
        String name = LoginContextSettings.PARAMETER;
        ClientModel client = request.getClient();
        String requestUri = request.getRequestParameters().getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM);
        String value = null;
        if (requestUri != null && !client.isPublicClient()
                && AuthorizationEndpointRequestParserProcessor.getRequestUriType(requestUri) == RequestUriType.PAR) {
            Map<String, String> pushed = AuthzEndpointParParser.getRequestObject(session, requestUri);
            value = pushed == null ? null : pushed.get(name);
        }
        if (value == null && signedRequestObjects(client)) {
            JsonNode claims = session.getAttribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, JsonNode.class);
            value = claims == null || !claims.path(name).isTextual() ? null : claims.get(name).asText();
        }
        String frontChannel = request.getRequestParameters().getFirst(name);
        return value != null && (frontChannel == null || frontChannel.equals(value)) ? value : null;
    }

    /** Keycloak verifies this client's request objects with one algorithm it requires (not "none", not "any"). */
    private static boolean signedRequestObjects(ClientModel client) {
        String alg = OIDCAdvancedConfigWrapper.fromClientModel(client).getRequestObjectSignatureAlg();
        return alg != null && !alg.isBlank() && !"none".equals(alg) && !"any".equals(alg);
    }

    @Override
    public String getHelpText() {
        return "CIAM Pack: takes the ciam_anonymous_id of an authorization request only from a pushed authorization "
                + "request of a confidential client or a signed request object, for the login-context action to link.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
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
        return PROVIDER_ID;
    }
}

package dev.ciampack.common;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

/** Puts a JSON value in a token the way Keycloak's own mappers do, under the mapper's claim name or a default. */
public final class JsonClaims {

    private JsonClaims() {
    }

    /**
     * Maps {@code value} (maps, lists, strings) as a JSON claim named by the mapper's Token Claim Name setting, or
     * {@code defaultClaim} when the mapper has none; Keycloak's helper handles nested names ({@code a.b}).
     */
    public static void put(IDToken token, ProtocolMapperModel model, String defaultClaim, Object value) {
        Map<String, String> config = new HashMap<>(model.getConfig());
        config.putIfAbsent(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, defaultClaim);
        config.put(OIDCAttributeMapperHelper.JSON_TYPE, "JSON");
        ProtocolMapperModel effective = new ProtocolMapperModel();
        effective.setConfig(config);
        OIDCAttributeMapperHelper.mapClaim(token, effective, JsonSerialization.mapper.valueToTree(value));
    }
}

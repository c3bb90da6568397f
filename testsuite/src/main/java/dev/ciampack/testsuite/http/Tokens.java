package dev.ciampack.testsuite.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A token endpoint response, with the JWT payloads decoded (not verified) for assertions. */
public record Tokens(String accessToken, String idToken, String refreshToken, Map<String, Object> raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Tokens parse(String json) {
        try {
            Map<String, Object> map = JSON.readValue(json, new TypeReference<>() { });
            return new Tokens((String) map.get("access_token"), (String) map.get("id_token"),
                    (String) map.get("refresh_token"), map);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("token response is not JSON: " + json, e);
        }
    }

    public Map<String, Object> accessClaims() {
        return claims(accessToken);
    }

    public Map<String, Object> idClaims() {
        return claims(idToken);
    }

    /** The payload of a compact JWS, decoded without checking the signature. */
    public static Map<String, Object> claims(String jwt) {
        if (jwt == null) {
            throw new IllegalArgumentException("no token");
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return JSON.readValue(new String(payload, StandardCharsets.UTF_8), new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("JWT payload is not JSON", e);
        }
    }
}

package dev.ciampack.testsuite.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization code flow with PKCE (S256) for a public client, driven through a
 * {@link BrowserClient}: {@link #start} opens the authorization endpoint and returns the first page
 * (usually the login form); the test walks whatever pages its flow shows; {@link #finish} takes the
 * page that redirects to the client, checks {@code state} and exchanges the code for tokens.
 */
public final class OidcLogin {


    private final BrowserClient browser;
    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private String verifier;
    private String state;
    private String nonce;

    /**
     * @param realmUrl e.g. {@code http://localhost:8080/realms/demo}
     */
    public OidcLogin(BrowserClient browser, String realmUrl, String clientId, String redirectUri) {
        this.browser = browser.stopAt(redirectUri);
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    public BrowserClient browser() {
        return browser;
    }

    /** The authorization request URI with fresh PKCE verifier, state and nonce. */
    public URI authorizationUri(Map<String, String> extraParams) {
        verifier = Pkce.random(32);
        state = Pkce.random(16);
        nonce = Pkce.random(16);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("response_type", "code");
        params.put("scope", "openid");
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", Pkce.challenge(verifier));
        params.put("code_challenge_method", "S256");
        params.putAll(extraParams);
        return BrowserClient.withQuery(URI.create(realmUrl + "/protocol/openid-connect/auth"), params);
    }

    public Page start() {
        return start(Map.of());
    }

    public Page start(Map<String, String> extraParams) {
        return browser.get(authorizationUri(extraParams));
    }

    /** Username and password on Keycloak's standard login form, then the code exchange. */
    public Tokens passwordLogin(String username, String password) {
        Page login = start();
        Page landing = login.form("#kc-form-login")
                .set("username", username)
                .set("password", password)
                .submit();
        return finish(landing);
    }

    /** Exchanges the code carried by a redirect to the client (a page from {@link #start} or a form). */
    public Tokens finish(Page redirectToClient) {
        URI location = redirectToClient.location()
                .filter(l -> l.toString().startsWith(redirectUri))
                .orElseThrow(() -> new AssertionError("expected a redirect to " + redirectUri + " but got "
                        + redirectToClient + ":\n" + redirectToClient.document().text()));
        return finish(location);
    }

    /** Exchanges the code in a redirect URI (e.g. the URL a real browser landed on). */
    public Tokens finish(URI location) {
        Map<String, String> query = query(location);
        if (query.containsKey("error")) {
            throw new AssertionError("authorization failed: " + query);
        }
        if (!state.equals(query.get("state"))) {
            throw new AssertionError("state mismatch: sent " + state + ", got " + query.get("state"));
        }
        String code = query.get("code");
        if (code == null) {
            throw new AssertionError("no code in " + location);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", verifier);
        return tokenRequest(form);
    }

    public Tokens refresh(Tokens tokens) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        form.put("client_id", clientId);
        return tokenRequest(form);
    }

    /** The userinfo response for an access token, as JSON text; the status must be 200. */
    public String userinfo(Tokens tokens) {
        HttpResponse<String> response = browser.send(browser.request(
                URI.create(realmUrl + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("userinfo answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    public String nonce() {
        return nonce;
    }

    private Tokens tokenRequest(Map<String, String> form) {
        HttpResponse<String> response = browser.send(browser.request(
                URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(BrowserClient.encode(form)))
                .build());
        if (response.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return Tokens.parse(response.body());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }


}

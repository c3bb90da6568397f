package dev.ciampack.testsuite.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OidcLoginTest {

    @Test
    @DisplayName("the PKCE S256 challenge matches the RFC 7636 appendix B example")
    void pkceChallengeMatchesRfcExample() {
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    @DisplayName("redirect query parameters are URL-decoded")
    void queryIsDecoded() {
        assertThat(OidcLogin.query(URI.create("http://localhost/cb?code=a%2Bb&state=x%20y&session_state=1")))
                .containsEntry("code", "a+b").containsEntry("state", "x y").containsEntry("session_state", "1");
    }

    @Test
    @DisplayName("each authorization request carries a fresh state, nonce and S256 challenge")
    void authorizationRequestIsFresh() {
        OidcLogin login = new OidcLogin(new BrowserClient(), "http://localhost:1/realms/r", "app",
                "http://localhost:2/callback");

        var first = OidcLogin.query(login.authorizationUri(java.util.Map.of()));
        var second = OidcLogin.query(login.authorizationUri(java.util.Map.of("ui_locales", "pt-BR")));

        assertThat(first).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code");
        assertThat(first.get("state")).isNotEqualTo(second.get("state"));
        assertThat(first.get("code_challenge")).isNotEqualTo(second.get("code_challenge"));
        assertThat(second).containsEntry("ui_locales", "pt-BR");
    }
}

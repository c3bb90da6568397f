package dev.ciampack.testsuite.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoopbackCookieHandlerTest {

    @Test
    @DisplayName("Secure cookies set by localhost over http are sent back, as a browser does")
    void secureCookieOnLoopbackIsReturned() throws Exception {
        LoopbackCookieHandler handler = new LoopbackCookieHandler();
        URI uri = URI.create("http://localhost:8080/realms/r/login-actions/authenticate");

        handler.put(uri, Map.of("Set-Cookie",
                List.of("AUTH_SESSION_ID=abc.def; Path=/realms/r/; SameSite=None; Secure; HttpOnly")));

        assertThat(handler.get(URI.create("http://localhost:8080/realms/r/protocol/openid-connect/auth"), Map.of())
                .get("Cookie")).containsExactly("AUTH_SESSION_ID=abc.def");
    }

    @Test
    @DisplayName("Secure cookies from other hosts keep their flag and are not sent over http")
    void secureCookieOnOtherHostStaysSecure() throws Exception {
        LoopbackCookieHandler handler = new LoopbackCookieHandler();

        handler.put(URI.create("https://idp.example/"), Map.of("Set-Cookie", List.of("S=1; Path=/; Secure")));

        assertThat(handler.get(URI.create("http://idp.example/"), Map.of()).get("Cookie")).isNullOrEmpty();
        assertThat(handler.get(URI.create("https://idp.example/"), Map.of()).get("Cookie")).containsExactly("S=1");
    }
}

package dev.ciampack.testsuite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FormTest {

    private static Page page(String html) {
        return new Page(new BrowserClient(), URI.create("http://localhost:8080/realms/r/login-actions/x?a=1"), 200,
                HttpHeaders.of(Map.of(), (k, v) -> true), html);
    }

    @Test
    @DisplayName("a form submits hidden, pre-filled, checked and selected values like a browser")
    void formCollectsBrowserValues() {
        Form form = page("""
                <form id="f" method="post" action="/realms/r/login-actions/authenticate?execution=e1">
                  <input type="hidden" name="credentialId" value="c1">
                  <input name="username" value="">
                  <input type="checkbox" name="rememberMe">
                  <input type="checkbox" name="consent" value="yes" checked>
                  <input type="radio" name="choice" value="a">
                  <input type="radio" name="choice" value="b" checked>
                  <select name="homeType"><option value="apartment">A</option><option value="house" selected>H</option></select>
                  <input type="submit" name="login" value="Sign in">
                </form>""").form("#f");

        assertThat(form.action()).isEqualTo(URI.create("http://localhost:8080/realms/r/login-actions/authenticate?execution=e1"));
        assertThat(form.fields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "credentialId", "c1", "username", "", "consent", "yes", "choice", "b", "homeType", "house"));
    }

    @Test
    @DisplayName("asking for a missing form fails with the page text")
    void missingFormFails() {
        assertThatThrownBy(() -> page("<p>We are sorry...</p>").form("#kc-form-login"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("We are sorry");
    }
}

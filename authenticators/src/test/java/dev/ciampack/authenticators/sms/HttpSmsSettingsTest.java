package dev.ciampack.authenticators.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.authenticators.sms.http.HttpSmsSettings;

class HttpSmsSettingsTest {

    private static HttpSmsSettings read(Map<String, String> options) {
        return HttpSmsSettings.read(options::get);
    }

    @Test
    @DisplayName("nothing configured: no settings (the sender then refuses to send)")
    void unconfigured() {
        assertThat(read(Map.of())).isNull();
    }

    @Test
    @DisplayName("generic JSON gateway: Authorization header, JSON-escaped placeholders")
    void genericJson() {
        HttpSmsSettings settings = read(Map.of("url", "https://sms.example/v1/send", "auth-header", "Bearer s3cret",
                "from", "Casa", "body-template", "{\"to\":\"{to}\",\"from\":\"{from}\",\"msg\":\"{text}\",\"r\":\"{realm}\"}"));
        HttpSmsSettings.Request request = settings.request("shop", "+5511987654321", "123 \"quoted\"\n<b>\u0001");

        assertThat(request.uri()).hasToString("https://sms.example/v1/send");
        assertThat(request.headers()).containsEntry("Authorization", "Bearer s3cret")
                .containsEntry("Content-Type", "application/json");
        assertThat(request.body()).isEqualTo(
                "{\"to\":\"+5511987654321\",\"from\":\"Casa\",\"msg\":\"123 \\\"quoted\\\"\\n<b>\\u0001\",\"r\":\"shop\"}");
        assertThat(request.toString()).doesNotContain("s3cret").doesNotContain("123");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    @DisplayName("form-encoded gateway: placeholders URL-encoded")
    void formEncoded() {
        HttpSmsSettings settings = read(Map.of("url", "https://sms.example/send",
                "content-type", "application/x-www-form-urlencoded", "body-template", "to={to}&text={text}"));
        assertThat(settings.request("r", "+5511987654321", "a&b=c").body()).isEqualTo("to=%2B5511987654321&text=a%26b%3Dc");
    }

    @Test
    @DisplayName("placeholders are replaced in one pass: a value holding a placeholder stays as it is; ${name} is read too")
    void onePass() {
        HttpSmsSettings settings = read(Map.of("url", "https://sms.example/send",
                "body-template", "{\"to\":\"${to}\",\"text\":\"{text}\",\"r\":\"{realm}\"}"));
        assertThat(settings.request("{to}", "+5511987654321", "code {realm} {to}").body())
                .isEqualTo("{\"to\":\"+5511987654321\",\"text\":\"code {realm} {to}\",\"r\":\"{to}\"}");
        assertThat(read(Map.of("url", "https://sms.example/send")).bodyTemplate())
                .isEqualTo("{\"to\":\"{to}\",\"text\":\"{text}\"}");
    }

    @Test
    @DisplayName("Twilio preset: Messages.json of the account, Basic auth, form body with To/From/Body")
    void twilio() {
        String sid = "AC" + "0123456789abcdef".repeat(2);
        HttpSmsSettings settings = read(Map.of("preset", "twilio", "account-sid", sid, "auth-token", "tok",
                "from", "+14155550100"));
        HttpSmsSettings.Request request = settings.request("shop", "+5511987654321", "Code 123456");

        assertThat(request.uri()).hasToString("https://api.twilio.com/2010-04-01/Accounts/" + sid + "/Messages.json");
        assertThat(request.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded")
                .containsEntry("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((sid + ":tok").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(request.body()).isEqualTo("To=%2B5511987654321&From=%2B14155550100&Body=Code+123456");

        HttpSmsSettings service = read(Map.of("preset", "twilio", "account-sid", sid, "auth-token", "tok",
                "from", "MG123", "url", "http://127.0.0.1:9999/"));
        assertThat(service.request("s", "+5511987654321", "x").uri())
                .hasToString("http://127.0.0.1:9999/2010-04-01/Accounts/" + sid + "/Messages.json");
        assertThat(service.request("s", "+5511987654321", "x").body()).contains("&MessagingServiceSid=MG123&");
    }

    @Test
    @DisplayName("bad options are refused, every one named with its server option")
    void refusesBadOptions() {
        assertThatThrownBy(() -> read(Map.of("preset", "sinch", "url", "ftp://x")))
                .hasMessageContaining("--spi-ciam-sms-sender--http--preset must be 'none' or 'twilio', not 'sinch'")
                .hasMessageContaining("--spi-ciam-sms-sender--http--url must be an absolute http(s) URL without credentials");
        assertThatThrownBy(() -> read(Map.of("url", "https://user:pw@sms.example/")))
                .hasMessageContaining("without credentials");
        assertThatThrownBy(() -> read(Map.of("preset", "twilio", "account-sid", "nope")))
                .hasMessageContaining("--spi-ciam-sms-sender--http--account-sid must be a Twilio account SID")
                .hasMessageContaining("--spi-ciam-sms-sender--http--auth-token is required with preset twilio")
                .hasMessageContaining("--spi-ciam-sms-sender--http--from");
        assertThatThrownBy(() -> read(Map.of("auth-header", "x", "preset", "none")))
                .hasMessageContaining("--spi-ciam-sms-sender--http--url is required");
    }
}

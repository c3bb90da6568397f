package dev.ciampack.testsuite.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.ciampack.testsuite.http.Pkce;
import dev.ciampack.testsuite.http.Tokens;

/**
 * The demo's stand-in for a shop front end on http://localhost:3000: signs people in with the
 * public client {@code ciam-demo-app} (authorization code + PKCE, done on the server side), shows
 * the ID token's claims, links to the consent review ({@code kc_action=ciam-consent}) and signs out.
 * Sessions live in memory; it is a demo, not a template for production code.
 */
final class DemoStorefront implements AutoCloseable {

    private static final String CLIENT_ID = "ciam-demo-app";
    private static final String COOKIE = "ciam_demo_sid";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Session(String idToken, Map<String, Object> claims) {
    }

    private final HttpServer server;
    private final String base;
    private final String realmUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> verifiers = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final com.icegreen.greenmail.util.GreenMail mail;
    private DemoEvents events = new DemoEvents(null);

    private DemoStorefront(HttpServer server, String base, String realmUrl, com.icegreen.greenmail.util.GreenMail mail) {
        this.server = server;
        this.base = base;
        this.realmUrl = realmUrl;
        this.mail = mail;
    }

    /**
     * @param mail the demo's SMTP catcher (the realm sends its email there), shown at {@code /mail}; may be null
     */
    static DemoStorefront start(int port, String realmUrl, com.icegreen.greenmail.util.GreenMail mail) {
        return start(port, realmUrl, mail, null);
    }

    /**
     * @param webhookSecret the {@code whsec_} secret of the sink posting to {@code /events/hook}; null: none
     */
    static DemoStorefront start(int port, String realmUrl, com.icegreen.greenmail.util.GreenMail mail,
                                String webhookSecret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            DemoStorefront app = new DemoStorefront(server, "http://localhost:" + port, realmUrl, mail);
            app.events = new DemoEvents(webhookSecret);
            server.createContext("/", app::handle);
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the demo storefront on port " + port, e);
        }
    }

    String url() {
        return base + "/";
    }

    DemoEvents events() {
        return events;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> home(exchange);
                case "/login" -> login(exchange);
                case "/callback" -> callback(exchange);
                case "/logout" -> logout(exchange);
                case "/mail" -> inbox(exchange);
                case "/events" -> respond(exchange, 200, page("Demo events", events.html()
                        + "<p><a href=\"/\">Back to the shop</a></p>"));
                case "/events/hook" -> events.hook(exchange);
                default -> respond(exchange, 404, page("Not found", "<p>Nothing here.</p>"));
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, page("Something went wrong", "<p>" + escape(e.getMessage()) + "</p>"
                    + "<p><a href=\"/\">Back</a></p>"));
        } finally {
            exchange.close();
        }
    }

    /** The demo inbox: every email the realm sent (codes, sign-in links), newest first, as plain text. */
    private void inbox(HttpExchange exchange) throws IOException {
        StringBuilder body = new StringBuilder("<p>Email the demo realm sent (the demo catches it instead of "
                + "delivering it). Newest first; reload to refresh.</p>");
        jakarta.mail.internet.MimeMessage[] messages = mail == null ? new jakarta.mail.internet.MimeMessage[0]
                : mail.getReceivedMessages();
        for (int i = messages.length - 1; i >= 0 && i >= messages.length - 20; i--) {
            try {
                String text = dev.ciampack.testsuite.mail.Mailbox.text(messages[i]);
                String html = escape(text).replaceAll("(https?://[^\\s<]+)", "<a href=\"$1\">$1</a>");
                body.append("<article class=\"mail\"><h2>").append(escape(messages[i].getSubject())).append("</h2><p>To: ")
                        .append(escape(String.valueOf(messages[i].getAllRecipients()[0]))).append("</p><pre style=\"white-space:pre-wrap\">")
                        .append(html).append("</pre></article>");
            } catch (jakarta.mail.MessagingException | RuntimeException e) {
                body.append("<p>(unreadable message)</p>");
            }
        }
        if (messages.length == 0) {
            body.append("<p id=\"empty\">No email yet.</p>");
        }
        respond(exchange, 200, page("Demo inbox", body + "<p><a href=\"/\">Back to the shop</a></p>"));
    }

    private void home(HttpExchange exchange) throws IOException {
        Session session = sessions.get(cookie(exchange));
        if (session == null) {
            respond(exchange, 200, page("Casa Demo", "<p>You are browsing anonymously.</p>"
                    + "<p><a id=\"sign-in\" href=\"/login\">Sign in</a> · <a id=\"inbox\" href=\"/mail\">Demo inbox</a>"
                    + " (sign-in codes and links arrive there) · <a id=\"events-link\" href=\"/events\">Events</a>"
                    + " (what the CRM would receive)</p>"));
            return;
        }
        String rows = new TreeMap<>(session.claims()).entrySet().stream()
                .map(e -> "<tr><th>" + escape(e.getKey()) + "</th><td>" + escape(String.valueOf(e.getValue())) + "</td></tr>")
                .collect(Collectors.joining());
        respond(exchange, 200, page("Casa Demo", "<p id=\"greeting\">Hello, " + escape(String.valueOf(
                session.claims().getOrDefault("given_name", session.claims().get("preferred_username")))) + ".</p>"
                + "<p><a id=\"review-consent\" href=\"/login?action=ciam-consent\">Review privacy choices</a> · "
                + "<a id=\"sign-out\" href=\"/logout\">Sign out</a></p>"
                + picks(session.claims().get("personalization"))
                + consentMode(session.claims().get("consent_mode"))
                + "<h2>Your ID token</h2><table>" + rows + "</table>"));
    }

    /**
     * Google Consent Mode from the token: the {@code consent_mode} claim (from the person's purposes and the realm's
     * mapping) is what the shop's page would pass to {@code gtag('consent', 'default', ...)} before any tag loads.
     */
    static String consentMode(Object claim) {
        if (!(claim instanceof Map<?, ?> map)) {
            return "";
        }
        String states = new TreeMap<>(map).entrySet().stream()
                .map(e -> "<li id=\"consent-mode-" + escape(String.valueOf(e.getKey())) + "\">" + escape(String.valueOf(e.getKey()))
                        + ": " + escape(String.valueOf(e.getValue())) + "</li>").collect(Collectors.joining());
        return "<section id=\"consent-mode\"><h2>Consent mode for tags</h2><p>Set before any tag loads, from your "
                + "privacy choices: <code>gtag('consent', 'default', ...)</code></p><ul>" + states + "</ul></section>";
    }

    /**
     * Personalization from the token alone: the {@code personalization} claim (present only with the
     * person's consent) carries segments and chosen profile attributes; no cookie, no tracker.
     */
    @SuppressWarnings("unchecked")
    static String picks(Object claim) {
        if (!(claim instanceof Map<?, ?> map)) {
            return "<section id=\"picks\"><h2>Picked for you</h2><p id=\"picks-off\">Personalization is off. "
                    + "Turn it on in your privacy choices to see picks for your home.</p></section>";
        }
        Map<String, Object> attributes = map.get("attributes") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        Object segments = map.get("segments");
        StringBuilder html = new StringBuilder("<section id=\"picks\"><h2>Picked for you</h2><ul>");
        Object style = attributes.get("style");
        Object home = attributes.get("homeType");
        if (style != null) {
            html.append("<li id=\"pick-style\">More ").append(escape(String.valueOf(style).replace('-', ' ')))
                    .append(" pieces, first.</li>");
        }
        if ("apartment".equals(home)) {
            html.append("<li id=\"pick-home\">Compact sofas and wall shelves that fit an apartment.</li>");
        } else if ("house".equals(home)) {
            html.append("<li id=\"pick-home\">Garden furniture and large dining tables for your house.</li>");
        }
        if (style == null && home == null) {
            html.append("<li id=\"pick-none\">Tell us about your home at your next visit and these picks get personal.</li>");
        }
        html.append("</ul><p id=\"segments\">Your segments: ").append(escape(String.valueOf(segments)))
                .append("</p></section>");
        return html.toString();
    }

    private void login(HttpExchange exchange) throws IOException {
        String state = Pkce.random(16);
        String verifier = Pkce.random(32);
        verifiers.put(state, verifier);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT_ID);
        params.put("redirect_uri", base + "/callback");
        params.put("response_type", "code");
        params.put("scope", "openid");
        params.put("state", state);
        params.put("code_challenge", Pkce.challenge(verifier));
        params.put("code_challenge_method", "S256");
        String action = query(exchange.getRequestURI()).get("action");
        if ("ciam-consent".equals(action)) {
            params.put("kc_action", action);
        }
        redirect(exchange, realmUrl + "/protocol/openid-connect/auth?" + form(params));
    }

    private void callback(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String verifier = query.get("state") == null ? null : verifiers.remove(query.get("state"));
        if (verifier == null || query.get("code") == null) {
            // e.g. the person cancelled the consent review: nothing changed, back to the shop
            redirect(exchange, "/");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", query.get("code"));
        params.put("redirect_uri", base + "/callback");
        params.put("client_id", CLIENT_ID);
        params.put("code_verifier", verifier);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode());
            }
            Map<String, Object> tokens = JSON.readValue(response.body(), new TypeReference<>() { });
            String idToken = (String) tokens.get("id_token");
            String sid = Pkce.random(24);
            sessions.put(sid, new Session(idToken, Tokens.claims(idToken)));
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
            redirect(exchange, "/");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void logout(HttpExchange exchange) throws IOException {
        Session session = sessions.remove(cookie(exchange));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        if (session == null) {
            redirect(exchange, "/");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT_ID);
        params.put("id_token_hint", session.idToken());
        params.put("post_logout_redirect_uri", base + "/");
        redirect(exchange, realmUrl + "/protocol/openid-connect/logout?" + form(params));
    }

    private static String cookie(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Cookie");
        if (header == null) {
            return "";
        }
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(COOKIE)) {
                return kv[1];
            }
        }
        return "";
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:3rem auto;color:#1b1d1f}"
                + "a{color:#1f5f8b}th{text-align:left;padding-right:1rem;vertical-align:top}td{word-break:break-all}</style>"
                + "</head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }



    @Override
    public void close() {
        server.stop(0);
    }
}

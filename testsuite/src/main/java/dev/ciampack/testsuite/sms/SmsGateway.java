package dev.ciampack.testsuite.sms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.ciampack.testsuite.junit.Await;

/**
 * A stand-in SMS gateway in the test JVM: a loopback HTTP server that accepts what the pack's
 * {@code http} SMS sender posts (the default JSON body {@code {"to":..., "text":...}}), checks the
 * Authorization header, and keeps the messages so tests can read codes. One per test JVM, started
 * before the shared Keycloak, which is pointed at it with {@link #serverOptions()}.
 */
public final class SmsGateway implements AutoCloseable {

    /**
     * The Authorization header the shared server is configured to send: a random token drawn per test
     * JVM, so no credential lives in the code.
     */
    public static final String AUTHORIZATION = "Bearer " + randomToken();

    /** One received message. */
    public record Message(String to, String text, String authorization, String contentType, String body) {
    }

    private static SmsGateway shared;

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private volatile int failWith;

    private SmsGateway(HttpServer server) {
        this.server = server;
    }

    /** The gateway of this JVM, started on first use. */
    public static synchronized SmsGateway shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "sms-gateway-stop"));
        }
        return shared;
    }

    private static SmsGateway start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            SmsGateway gateway = new SmsGateway(server);
            server.createContext("/sms", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                int status = gateway.failWith;
                if (status == 0) {
                    JsonNode message = gateway.json.readTree(body);
                    gateway.messages.add(new Message(message.path("to").asText(), message.path("text").asText(),
                            exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            new String(body, StandardCharsets.UTF_8)));
                    status = 202;
                }
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the SMS gateway", e);
        }
    }

    /** Options for a Keycloak that should send SMS here through the pack's {@code http} sender. */
    public List<String> serverOptions() {
        return List.of("--spi-ciam-sms-sender--http--url=" + url(),
                "--spi-ciam-sms-sender--http--auth-header=" + AUTHORIZATION);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** Makes the gateway answer every message with {@code status} (0: accept again). */
    public void failWith(int status) {
        this.failWith = status;
    }

    /** Messages to a number, oldest first. */
    public List<Message> to(String e164) {
        return messages.stream().filter(m -> m.to().equals(e164)).toList();
    }

    /** Waits for the message number {@code seen} (0-based) to a number. */
    public Message awaitNext(String e164, int seen, Duration timeout) {
        List<Message> received = Await.until(() -> to(e164), r -> r.size() > seen, timeout);
        if (received.size() > seen) {
            return received.get(seen);
        }
        throw new AssertionError("no new SMS to " + e164 + " within " + timeout + " (had " + seen + ")");
    }

    /** The code of a message, from its WebOTP line ({@code @host #123456}). */
    public static String code(Message message) {
        Matcher m = Pattern.compile("(?m)^@\\S+ #([0-9]{6,8})$").matcher(message.text());
        if (!m.find()) {
            throw new AssertionError("no WebOTP line in the SMS");
        }
        return m.group(1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

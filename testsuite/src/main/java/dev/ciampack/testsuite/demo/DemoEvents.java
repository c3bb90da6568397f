package dev.ciampack.testsuite.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import dev.ciampack.events.webhook.StandardWebhooks;

/**
 * The demo's event receiver: the demo realm's {@code ciam-events} sink posts to {@code /events/hook};
 * each delivery's Standard Webhooks signature is checked the way a real receiver should (raw body,
 * timestamp within 5 minutes, any of the {@code v1} signatures, with the pack's own verifier), duplicates
 * are recognised by {@code webhook-id}, and {@code /events} lists what arrived.
 */
final class DemoEvents {

    /** What arrived, newest first. */
    record Received(String id, String type, String subject, String time, String data, boolean duplicate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 100;

    private final String secret;
    private final Deque<Received> received = new ArrayDeque<>();
    private int refused;

    /** @param secret the sink's {@code whsec_} secret, or null when the demo has no sink */
    DemoEvents(String secret) {
        this.secret = secret;
    }

    /** A fresh {@code whsec_} secret. */
    static String newSecret() {
        return StandardWebhooks.newSecret();
    }

    /** {@code POST /events/hook}: 204 for a valid delivery (also a duplicate), 400 otherwise. */
    void hook(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(256 * 1024);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (!"POST".equals(exchange.getRequestMethod()) || secret == null
                || !verify(secret, id, timestamp, signatures, body, System.currentTimeMillis() / 1000)) {
            synchronized (this) {
                refused++;
            }
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        JsonNode event = JSON.readTree(body);
        synchronized (this) {
            boolean duplicate = received.stream().anyMatch(r -> r.id().equals(id));
            received.addFirst(new Received(id, event.path("type").asText(), event.path("subject").asText(),
                    event.path("time").asText(), event.path("data").toString(), duplicate));
            while (received.size() > KEEP) {
                received.removeLast();
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    /**
     * What a receiver checks: a timestamp within 5 minutes of now, then a {@code v1} signature of the raw
     * body under the secret ({@link StandardWebhooks#verify}: constant-time, any of the signatures).
     */
    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body, long nowSeconds) {
        if (id == null || timestamp == null || signatures == null || !timestamp.matches("[0-9]{1,12}")
                || Math.abs(nowSeconds - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        try {
            return StandardWebhooks.verify(secret, signatures, id, Long.parseLong(timestamp),
                    new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The body of the {@code /events} page. */
    synchronized String html() {
        StringBuilder body = new StringBuilder("<p>CloudEvents the demo realm's <code>ciam-events</code> sink delivered "
                + "here (signed webhooks, signatures verified; newest first; reload to refresh). Sign in, change your "
                + "profile or your privacy choices to see more.</p>");
        if (secret == null) {
            body.append("<p>No sink is configured for this demo.</p>");
        }
        if (refused > 0) {
            body.append("<p>Refused (bad signature or too old): ").append(refused).append("</p>");
        }
        if (received.isEmpty()) {
            body.append("<p id=\"no-events\">No event yet.</p>");
        } else {
            body.append("<table id=\"events\"><tr><th>time</th><th>type</th><th>subject</th><th>data</th></tr>");
            for (Received r : received) {
                body.append("<tr><td>").append(DemoStorefront.escape(r.time())).append("</td><td>")
                        .append(DemoStorefront.escape(r.type())).append(r.duplicate() ? " (duplicate)" : "")
                        .append("</td><td>").append(DemoStorefront.escape(r.subject())).append("</td><td><code>")
                        .append(DemoStorefront.escape(r.data())).append("</code></td></tr>");
            }
            body.append("</table>");
        }
        return body.toString();
    }
}

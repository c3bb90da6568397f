package dev.ciampack.testsuite.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.keycloak.representations.idm.ClientRepresentation;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/** Small helpers shared by the review-12 attack tests (kept apart from the suite's own helpers). */
final class ReviewSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SINK_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    static final String COMPONENTS = "/components?type=" + SINK_TYPE;

    private ReviewSupport() {
    }

    /** An administrator of the realm holding exactly these {@code realm-management} roles, signed in. */
    static Rest adminWith(TestRealm realm, String username, String... roles) {
        String id = realm.createUser(username, "Review-Passw0rd!");
        ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
        realm.admin().users().get(id).roles().clientLevel(management.getId()).add(java.util.Arrays.stream(roles)
                .map(r -> realm.admin().clients().get(management.getId()).roles().get(r).toRepresentation()).toList());
        return Rest.bearer(realm.newLogin().passwordLogin(username, "Review-Passw0rd!").accessToken());
    }

    /** The sink component with this name, as the components API shows it to {@code caller}. */
    static JsonNode sinkComponent(Rest caller, TestRealm realm, String name) {
        for (JsonNode component : caller.get(realm.adminUrl() + COMPONENTS).expect(200).json()) {
            if ("ciam-event-sinks".equals(component.path("providerId").asText()) && name.equals(component.path("name").asText())) {
                return component;
            }
        }
        throw new AssertionError("no sink component " + name);
    }

    /** The user part of an {@code Authorization: Basic} header, or null. */
    static String basicUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A webhook secret whose base64 holds only letters and digits (24 random bytes, so no padding): the common
     * case (about a third of generated secrets), and also a valid Segment write key, which the type swap needs.
     */
    static String alphanumericWebhookSecret() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        while (true) {
            byte[] key = new byte[24];
            random.nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            if (encoded.chars().allMatch(Character::isLetterOrDigit)) {
                return "whsec_" + encoded;
            }
        }
    }

    /** A loopback HTTP endpoint recording requests, answering scripted statuses per path (then 204). */
    static final class ScriptedReceiver implements AutoCloseable {

        record Request(String path, Map<String, String> headers, String body) {
        }

        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Map<String, ConcurrentLinkedDeque<Integer>> scripted = new ConcurrentHashMap<>();

        ScriptedReceiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                String path = exchange.getRequestURI().getPath();
                Integer status = scripted.getOrDefault(path, new ConcurrentLinkedDeque<>()).poll();
                requests.add(new Request(path, headers, new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(status == null ? 204 : status, -1);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.flush();
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void answer(String path, Integer... statuses) {
            scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
        }

        List<Request> to(String path) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

package dev.ciampack.testsuite.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP forward proxy on loopback for a browser that must talk to one node of a cluster while every address
 * the cluster writes names another: the nodes share one {@code --hostname} (the first node's), so a page served by
 * node 2 posts its forms to node 1. Requests for the port {@code from} (of any loopback name) go to the port
 * {@code to}; every other request goes where it asked. Each request is sent as {@code Connection: close} in origin form, then
 * the bytes are copied both ways. {@link #requests} lists what was sent to {@code to}. Chromium uses it with
 * {@code --proxy-server} and {@code --proxy-bypass-list=<-loopback>} (by default it never proxies loopback).
 */
public final class NodeProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int from;
    private final int to;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private NodeProxy(int from, int to) throws IOException {
        this.from = from;
        this.to = to;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "node-proxy-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Starts a proxy that sends what is addressed to the port {@code from} to the port {@code to} on loopback. */
    public static NodeProxy start(int from, int to) {
        try {
            return new NodeProxy(from, to);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy's port", e);
        }
    }

    /** The {@code --proxy-server} value. */
    public String address() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Request lines (method and path) sent to the redirected node, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread worker = new Thread(() -> serve(client), "node-proxy-request");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3 || !requestLine[1].startsWith("http://")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            URI target = URI.create(requestLine[1]);
            int port = target.getPort() == from ? to : target.getPort();
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            if (port == to) {
                requests.add(requestLine[0] + " " + path);
            }
            StringBuilder rewritten = new StringBuilder(requestLine[0] + " " + path + " " + requestLine[2] + "\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].split(":", 2)[0].trim().toLowerCase();
                if (!name.equals("connection") && !name.equals("proxy-connection") && !lines[i].isEmpty()) {
                    rewritten.append(lines[i]).append("\r\n");
                }
            }
            rewritten.append("Connection: close\r\n\r\n");
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                open.add(upstream);
                OutputStream up = upstream.getOutputStream();
                up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                Thread body = new Thread(() -> copy(in, up), "node-proxy-body");
                body.setDaemon(true);
                body.start();
                upstream.getInputStream().transferTo(out);
            }
        } catch (IOException e) {
            // The browser or the node closed the connection: nothing to hand back.
        } finally {
            open.remove(client);
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // Closed when the response is complete.
        }
    }

    /** The request's head up to and including the blank line, or null when the connection closed first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}

package dev.ciampack.testsuite.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** A response as a browser would see it: final URI, status, headers and the parsed HTML. */
public final class Page {

    private final BrowserClient client;
    private final URI uri;
    private final int status;
    private final HttpHeaders headers;
    private final String body;
    private Document document;

    Page(BrowserClient client, URI uri, int status, HttpHeaders headers, String body) {
        this.client = client;
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    /** The {@code Location} of a redirect that was not followed (e.g. to the client's redirect URI). */
    public Optional<URI> location() {
        return headers.firstValue("Location").map(uri::resolve);
    }

    public Document document() {
        if (document == null) {
            document = Jsoup.parse(body, uri.toString());
        }
        return document;
    }

    /** The first form matching a CSS selector, e.g. {@code #kc-form-login}. */
    public Form form(String cssSelector) {
        Element element = document().selectFirst(cssSelector);
        if (element == null || !element.tagName().equals("form")) {
            throw new AssertionError("no form '" + cssSelector + "' on " + uri + " (status " + status + "):\n"
                    + abbreviate(document().text()));
        }
        return new Form(client, uri, element);
    }

    /** Text of the first element matching a CSS selector, if present. */
    public Optional<String> text(String cssSelector) {
        return Optional.ofNullable(document().selectFirst(cssSelector)).map(Element::text);
    }

    @Override
    public String toString() {
        return status + " " + uri;
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
}

package dev.ciampack.testsuite.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.nodes.Element;

/**
 * An HTML form with the values a browser would submit: hidden and pre-filled inputs, checked boxes
 * and selected options are taken from the page; {@link #set} changes or adds a field.
 */
public final class Form {

    private final BrowserClient client;
    private final URI action;
    private final String method;
    private final Map<String, String> fields = new LinkedHashMap<>();

    Form(BrowserClient client, URI pageUri, Element form) {
        this.client = client;
        String actionAttr = form.attr("action");
        this.action = actionAttr.isEmpty() ? pageUri : pageUri.resolve(actionAttr);
        this.method = form.attr("method").isEmpty() ? "GET" : form.attr("method").toUpperCase(java.util.Locale.ROOT);
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
            if (type.equals("submit") || type.equals("button") || type.equals("image") || type.equals("reset")) {
                continue;
            }
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            fields.put(input.attr("name"), input.hasAttr("value") ? input.attr("value")
                    : (type.equals("checkbox") ? "on" : ""));
        }
        for (Element select : form.select("select[name]")) {
            Element selected = select.selectFirst("option[selected]");
            if (selected == null) {
                selected = select.selectFirst("option");
            }
            if (selected != null) {
                fields.put(select.attr("name"), selected.attr("value"));
            }
        }
        for (Element area : form.select("textarea[name]")) {
            fields.put(area.attr("name"), area.text());
        }
    }

    public Form set(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public Form remove(String name) {
        fields.remove(name);
        return this;
    }

    public Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    public URI action() {
        return action;
    }

    /** Submits the form and follows redirects on the server's origin. */
    public Page submit() {
        return method.equals("POST") ? client.post(action, fields) : client.get(BrowserClient.withQuery(action, fields));
    }

    /** Submits with one more field, as a named submit button would (e.g. {@code cancel}). */
    public Page submit(String buttonName, String buttonValue) {
        Map<String, String> withButton = new LinkedHashMap<>(fields);
        withButton.put(buttonName, buttonValue);
        return method.equals("POST") ? client.post(action, withButton)
                : client.get(BrowserClient.withQuery(action, withButton));
    }
}

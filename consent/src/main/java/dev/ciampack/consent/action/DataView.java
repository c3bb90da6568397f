package dev.ciampack.consent.action;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The readable view of a person's data export on the review page: the document as a tree of labelled
 * values (maps by key, lists by position), each top-level section under its own heading. Values are shown
 * as text (escaped by the template); an empty list or a null reads as a dash.
 */
public final class DataView {

    private final List<Node> sections;
    private final String download;

    DataView(Map<String, Object> document, String download) {
        this.sections = new ArrayList<>();
        document.forEach((key, value) -> {
            if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
                sections.add(node(key, value));
            }
        });
        this.download = download;
    }

    public List<Node> getSections() {
        return sections;
    }

    /** A data URL holding the JSON document, for the download link. */
    public String getDownload() {
        return download;
    }

    static Node node(String label, Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Node> children = new ArrayList<>();
            map.forEach((k, v) -> children.add(node(String.valueOf(k), v)));
            return new Node(label, children.isEmpty() ? "\u2014" : null, children);
        }
        if (value instanceof Collection<?> list) {
            if (!list.isEmpty() && list.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof Collection<?>)) {
                return new Node(label, String.join(", ", list.stream().map(String::valueOf).toList()), List.of());
            }
            List<Node> children = new ArrayList<>();
            int i = 1;
            for (Object v : list) {
                children.add(node(String.valueOf(i++), v));
            }
            return new Node(label, children.isEmpty() ? "\u2014" : null, children);
        }
        return new Node(label, value == null ? "\u2014" : String.valueOf(value), List.of());
    }

    /** One labelled value, or a group of them. */
    public static final class Node {
        private final String label;
        private final String value;
        private final List<Node> children;

        Node(String label, String value, List<Node> children) {
            this.label = label;
            this.value = value;
            this.children = children;
        }

        public String getLabel() {
            return label;
        }

        /** The value as text, or null for a group. */
        public String getValue() {
            return value;
        }

        public List<Node> getChildren() {
            return children;
        }
    }
}

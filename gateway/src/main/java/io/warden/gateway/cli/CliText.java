package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Locale;

/** Turning JSON values into table cells. Text from devices and the gateway is cleaned of control characters. */
final class CliText {
    static final String NONE = "-";

    private CliText() {}

    /** The text of a field (dotted path, e.g. {@code state.lock}), "yes"/"no" for booleans, "-" when absent. */
    static String cell(JsonNode node, String path) {
        return value(at(node, path));
    }

    /** A scalar as a cell: "yes"/"no" for booleans, "-" for null or absent. */
    static String value(JsonNode v) {
        if (v.isBoolean()) return v.asBoolean() ? "yes" : "no";
        String s = textOrNull(v);
        return s == null ? NONE : clean(s);
    }

    /** {@link #cell} in lower case: enum names such as {@code LOCKED} read better as {@code locked}. */
    static String lower(JsonNode node, String path) {
        return cell(node, path).toLowerCase(Locale.ROOT);
    }

    static JsonNode at(JsonNode node, String path) {
        JsonNode v = node;
        for (String part : path.split("\\.")) v = v == null ? null : v.get(part);
        return v == null ? MissingNode.getInstance() : v;
    }

    static String textOrNull(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) return null;
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    /** "34 ms", or "-" when the field is absent. */
    static String millis(JsonNode node, String path) {
        JsonNode v = at(node, path);
        return v.isNumber() ? v.asLong() + " ms" : NONE;
    }

    /**
     * One line of plain text: line breaks and tabs become spaces, other control and format characters
     * (escape sequences, bidi overrides) become '?', so a device's text cannot rewrite the operator's terminal.
     */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') b.append(' ');
            else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) b.append('?');
            else b.appendCodePoint(c);
        });
        return b.toString();
    }
}

package io.warden.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Binds parts of the YAML tree to records with Jackson, one list element at a time, so that one bad
 * element does not hide the problems of the others. Every problem becomes a {@code path: problem}
 * line in {@link #problems}; Jackson's own messages (class names, source excerpts) never reach users.
 */
final class ConfigBinder {
    private final ObjectMapper mapper;
    private final List<String> problems;

    ConfigBinder(List<String> problems) {
        this.problems = problems;
        this.mapper = YAMLMapper.builder(YAMLFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        // YAML 1.2: only true/false are booleans, so `secure: off` stays the text "off"
                        .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // pulseSeconds: 2.5 is a mistake, not 2
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)    // exterior: 1 or port: "80" are mistakes
                .addHandler(new SkipUnknownKeys())
                .build();
    }

    /** Parses YAML text to a tree; a syntax error becomes one problem with its line and column. */
    JsonNode readTree(String yaml, String source) {
        try {
            JsonNode root = mapper.readTree(yaml);
            return root == null || root.isMissingNode() || root.isNull() ? mapper.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            String problem = e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null
                    ? m.getProblem() + (m.getContext() == null ? "" : " (" + m.getContext() + ")")
                    : firstLine(e.getOriginalMessage());
            problems.add(where + ": " + problem);
            return null;
        }
    }

    /** The element at {@code path} bound to {@code type}, or null (problems recorded) when it does not fit. */
    <T> T bind(JsonNode node, String path, Class<T> type) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping");
            return null;
        }
        unknownKeys(node, type, path);
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonMappingException e) {
            problems.add(path + pathOf(e.getPath()) + ": " + problem(e));
            return null;
        } catch (JsonProcessingException e) { // e.g. a number too large for its field
            problems.add(path + ": " + firstLine(e.getOriginalMessage()));
            return null;
        }
    }

    /**
     * Each element of the list at {@code root.key}, bound to {@code type}; an element that does not
     * fit is null (its problems recorded), so indexes stay those of the file. Missing or null: empty.
     */
    <T> List<T> bindList(JsonNode root, String key, Class<T> type) {
        JsonNode list = root.get(key);
        List<T> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) {
            problems.add(key + ": must be a list");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = key + "[" + i + "]";
            JsonNode element = list.get(i);
            if (element.isNull()) problems.add(path + ": empty entry");
            out.add(bind(element, path, type));
        }
        return out;
    }

    /** A scalar text value at {@code root.key}, or {@code dflt} when absent. */
    String text(JsonNode root, String key, String dflt) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) {
            problems.add(key + ": must be text");
            return dflt;
        }
        return v.asText();
    }

    private static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) b.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "must be a whole number";
            if (t == Boolean.class || t == boolean.class) return "must be true or false";
            if (t == String.class) return "must be text";
            if (Collection.class.isAssignableFrom(t)) return "must be a list";
            if (Map.class.isAssignableFrom(t) || t.isRecord()) return "must be a mapping";
        }
        String m = e.getOriginalMessage();
        return m != null && m.contains("out of range") ? "number out of range" : "invalid value";
    }

    private static String firstLine(String message) {
        if (message == null) return "invalid";
        String line = message.strip().lines().findFirst().orElse("invalid");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /**
     * Reports every key of {@code node} that is not a component of {@code type}, recursing into
     * record-typed components and lists of records; maps (adapter options, points) are open.
     */
    private void unknownKeys(JsonNode node, Class<?> type, String path) {
        if (!type.isRecord() || !node.isObject()) return;
        Map<String, RecordComponent> components = new HashMap<>();
        for (RecordComponent c : type.getRecordComponents()) components.put(c.getName(), c);
        node.fields().forEachRemaining(e -> {
            String at = path + "." + e.getKey();
            RecordComponent c = components.get(e.getKey());
            if (c == null) {
                problems.add(at + ": unknown key");
            } else if (c.getType().isRecord()) {
                unknownKeys(e.getValue(), c.getType(), at);
            } else if (List.class.isAssignableFrom(c.getType()) && e.getValue().isArray()
                    && c.getGenericType() instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (int i = 0; i < e.getValue().size(); i++) unknownKeys(e.getValue().get(i), element, at + "[" + i + "]");
            }
        });
    }

    /**
     * Unknown keys stay errors (FAIL_ON_UNKNOWN_PROPERTIES is on), but {@link #unknownKeys} has
     * already reported each with its full path before binding; this only skips them so that binding
     * goes on and finds the element's other problems. (The parser's context is no reliable path
     * here: records buffer unknown properties and replay them later.)
     */
    private static final class SkipUnknownKeys extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            p.skipChildren();
            return true;
        }
    }
}

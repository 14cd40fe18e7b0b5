package io.warden.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable copies of what Jackson binds (lists that may hold nulls, nested maps), and JSON views of them. */
final class ConfigLists {
    private ConfigLists() {}

    /** An unmodifiable copy that, unlike {@link List#copyOf}, keeps null elements (validation reports them); null becomes empty. */
    static <T> List<T> copy(List<T> list) {
        if (list == null) return List.of();
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A deep unmodifiable copy of a JSON-like map; null becomes empty. */
    static Map<String, Object> freeze(Map<String, Object> map) {
        if (map == null) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, freezeValue(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) return freeze((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) out.add(freezeValue(e));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** A fresh, mutable JSON object with nested JsonObject/JsonArray (not maps and lists). */
    static JsonObject toJson(Map<String, Object> map) {
        JsonObject o = new JsonObject();
        map.forEach((k, v) -> o.put(k, jsonValue(v)));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Object jsonValue(Object v) {
        if (v instanceof Map<?, ?> m) return toJson((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            for (Object e : l) a.add(jsonValue(e));
            return a;
        }
        return v;
    }
}

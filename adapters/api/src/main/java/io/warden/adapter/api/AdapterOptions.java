package io.warden.adapter.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterOption.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The declared options of an adapter (or of one nested mapping of them). {@link #read} checks a
 * mapping against the declaration: unknown keys, kinds, ranges, allowed values and required keys,
 * every error a {@link ErrorCode#BAD_CONFIG} naming the full path, e.g.
 * {@code controllers[0].options.baud: must be one of 9600, 19200, ..., not 4800}.
 * {@link #jsonSchema()} is the same declaration as JSON Schema (2020-12), from which the gateway's
 * config schema is generated. Checks that join several options stay with the adapter.
 */
public record AdapterOptions(List<AdapterOption> options) {

    public AdapterOptions {
        options = List.copyOf(options);
        if (options.stream().map(AdapterOption::name).distinct().count() != options.size()) {
            throw new IllegalArgumentException("an option is declared twice: " + options.stream().map(AdapterOption::name).toList());
        }
        for (AdapterOption o : options) {
            if (o.defaultValue() != null) check(o, o.defaultValue(), "default of " + o.name());
            if (o.when() != null && find(options, o.when().option()) == null) {
                throw new IllegalArgumentException(o.name() + ": required when an undeclared option " + o.when().option());
            }
        }
    }

    public static AdapterOptions of(AdapterOption... options) {
        return new AdapterOptions(List.of(options));
    }

    /** The option called {@code name}, or null. */
    public AdapterOption option(String name) {
        return find(options, name);
    }

    /**
     * Check {@code given} (null: nothing given) against the declaration.
     *
     * @param at the path of {@code given} in the config, e.g. {@code controllers[0].options}
     * @return the values, defaults filled in
     * @throws WardenException {@link ErrorCode#BAD_CONFIG} naming the path of the first problem
     */
    public Values read(JsonObject given, String at) {
        JsonObject o = given == null ? new JsonObject() : given;
        for (String key : o.fieldNames()) {
            if (option(key) == null) {
                throw bad(at + "." + key, "unknown key (known: " + options.stream().map(AdapterOption::name).sorted()
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (AdapterOption opt : options) {
            Object v = o.getValue(opt.name());
            String path = at + "." + opt.name();
            values.put(opt.name(), v == null ? opt.defaultValue() : check(opt, v, path));
        }
        for (AdapterOption opt : options) {
            if (values.get(opt.name()) != null) continue;
            if (opt.mandatory()) throw bad(at + "." + opt.name(), "missing");
            if (opt.when() != null && Objects.equals(values.get(opt.when().option()), opt.when().value())) {
                throw bad(at + "." + opt.name(), "missing (needed with " + opt.when().option() + ": " + opt.when().value() + ")");
            }
        }
        return new Values(at, values);
    }

    /** {@code v} as its option's kind allows, or a BAD_CONFIG naming {@code path}. */
    private static Object check(AdapterOption opt, Object v, String path) {
        switch (opt.kind()) {
            case TEXT -> {
                if (!(v instanceof String s)) throw bad(path, "must be text");
                if (s.isBlank()) throw bad(path, "must not be blank");
                return s.strip();
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) throw bad(path, "must be true or false");
                return v;
            }
            case CHOICE -> {
                if (!(v instanceof String s) || !opt.allowed().contains(s)) throw bad(path, "must be " + words(opt.allowed()) + ", not " + shown(v));
                return s;
            }
            case INTEGER -> {
                if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Long.MAX_VALUE / 2) {
                    throw bad(path, "must be a whole number, not " + shown(v));
                }
                long l = n.longValue();
                if (!opt.allowed().isEmpty() && opt.allowed().stream().noneMatch(a -> ((Number) a).longValue() == l)) {
                    throw bad(path, "must be one of " + opt.allowed().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ", not " + l);
                }
                if ((opt.min() != null && l < opt.min()) || (opt.max() != null && l > opt.max())) {
                    throw bad(path, "must be between " + opt.min() + " and " + opt.max() + ", not " + l);
                }
                return l;
            }
            case OBJECT -> {
                if (!(v instanceof JsonObject j)) throw bad(path, "must be a mapping");
                return opt.fields().read(j, path);
            }
            case LIST -> {
                if (!(v instanceof JsonArray a)) throw bad(path, "must be a list");
                if (opt.min() != null && a.size() < opt.min()) throw bad(path, "needs at least " + opt.min() + " item" + (opt.min() == 1 ? "" : "s"));
                List<Values> items = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    if (!(a.getValue(i) instanceof JsonObject j)) throw bad(path + "[" + i + "]", "must be a mapping");
                    items.add(opt.fields().read(j, path + "[" + i + "]"));
                }
                return List.copyOf(items);
            }
            default -> throw new IllegalStateException(opt.kind().toString());
        }
    }

    /** This declaration as a JSON Schema (2020-12) object schema: closed, defaults and descriptions included. */
    public JsonObject jsonSchema() {
        JsonObject properties = new JsonObject();
        options.forEach(o -> properties.put(o.name(), schema(o)));
        JsonObject s = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
        List<String> required = options.stream().filter(AdapterOption::mandatory).map(AdapterOption::name).toList();
        if (!required.isEmpty()) s.put("required", new JsonArray(new ArrayList<>(required)));
        JsonArray conditions = new JsonArray();
        Map<AdapterOption.When, List<String>> byCondition = new LinkedHashMap<>();
        options.stream().filter(o -> o.when() != null).forEach(o -> byCondition.computeIfAbsent(o.when(), w -> new ArrayList<>()).add(o.name()));
        byCondition.forEach((w, names) -> {
            // a condition on an option's default holds when that option is left out, too
            JsonObject test = new JsonObject().put("properties", new JsonObject().put(w.option(), new JsonObject().put("const", w.value())));
            if (!Objects.equals(option(w.option()).defaultValue(), w.value())) test.put("required", new JsonArray().add(w.option()));
            conditions.add(new JsonObject().put("if", test).put("then", new JsonObject().put("required", new JsonArray(new ArrayList<>(names)))));
        });
        if (!conditions.isEmpty()) s.put("allOf", conditions);
        return s;
    }

    private static JsonObject schema(AdapterOption o) {
        JsonObject s = switch (o.kind()) {
            case TEXT -> new JsonObject().put("type", "string").put("minLength", 1);
            case BOOLEAN -> new JsonObject().put("type", "boolean");
            case CHOICE -> new JsonObject().put("enum", new JsonArray(new ArrayList<>(o.allowed())));
            case INTEGER -> o.allowed().isEmpty()
                    ? new JsonObject().put("type", "integer").put("minimum", o.min()).put("maximum", o.max())
                    : new JsonObject().put("enum", new JsonArray(new ArrayList<>(o.allowed())));
            case OBJECT -> o.fields().jsonSchema();
            case LIST -> new JsonObject().put("type", "array").put("minItems", o.min()).put("items", o.fields().jsonSchema());
        };
        if (o.defaultValue() != null) s.put("default", o.defaultValue());
        if (!o.description().isEmpty()) s.put("description", o.description());
        return s;
    }

    private static AdapterOption find(List<AdapterOption> options, String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    private static String words(List<Object> values) {
        List<String> s = values.stream().map(String::valueOf).toList();
        return s.size() == 1 ? s.get(0) : String.join(", ", s.subList(0, s.size() - 1)) + " or " + s.get(s.size() - 1);
    }

    /** A given value as an error shows it: short, and never more than 40 characters of it. */
    private static String shown(Object v) {
        String s = v instanceof String t ? "'" + t + "'" : String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** A config error naming {@code path}. */
    public static WardenException bad(String path, String problem) {
        return new WardenException(ErrorCode.BAD_CONFIG, path + ": " + problem);
    }

    /**
     * Options as read: every declared option, defaults filled in, each value of its declared kind
     * (a TEXT or CHOICE a String, an INTEGER a long, an OBJECT a {@link Values}, a LIST a list of them).
     *
     * @param at where these options sit in the config
     */
    public record Values(String at, Map<String, Object> values) {
        public Values {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The config path of option {@code name}, for the adapter's own errors. */
        public String path(String name) {
            return at + "." + name;
        }

        public boolean has(String name) {
            return get(name) != null;
        }

        /** Text or choice, or null when left out without a default. */
        public String text(String name) {
            return (String) get(name);
        }

        /** A whole number (declared in int range), or {@code orElse} when left out without a default. */
        public int integer(String name, int orElse) {
            Object v = get(name);
            return v == null ? orElse : Math.toIntExact(((Number) v).longValue());
        }

        public boolean bool(String name) {
            return Boolean.TRUE.equals(get(name));
        }

        /** A nested mapping, or null when left out. */
        public Values object(String name) {
            return (Values) get(name);
        }

        @SuppressWarnings("unchecked")
        public List<Values> list(String name) {
            Object v = get(name);
            return v == null ? List.of() : (List<Values>) v;
        }

        private Object get(String name) {
            if (!values.containsKey(name)) throw new IllegalArgumentException("undeclared option " + name);
            Object v = values.get(name);
            return v instanceof Integer i ? (Object) (long) i : v;
        }
    }
}

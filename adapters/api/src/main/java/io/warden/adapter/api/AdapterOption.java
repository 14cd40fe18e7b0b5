package io.warden.adapter.api;

import java.util.List;
import java.util.Objects;

/**
 * One declared adapter option: its name, kind, range or allowed values, default and meaning. An
 * adapter declares its options once, in an {@link AdapterOptions}; the parser
 * ({@link AdapterOptions#read}), the JSON schema ({@link AdapterOptions#jsonSchema()}) and the
 * adapter's runtime (through the values the parser returns) all follow that declaration.
 *
 * <p>Build with the static factories and the {@code with...} methods, e.g.
 * {@code AdapterOption.integer("port", 1, 65_535, "TCP port").requiredWhen("transport", "tcp")}.
 *
 * @param name         the key in the options mapping
 * @param kind         what the value is
 * @param description  one line for the schema and the README
 * @param defaultValue the value when the key is left out, or null for none
 * @param mandatory    whether the key must be given
 * @param min          least value of an {@link Kind#INTEGER}, or least number of items of a {@link Kind#LIST}
 * @param max          greatest value of an {@link Kind#INTEGER}
 * @param allowed      the only values allowed (an {@link Kind#INTEGER} or a {@link Kind#CHOICE}), or empty
 * @param fields       the options of an {@link Kind#OBJECT} or of each item of a {@link Kind#LIST}, else null
 * @param when         the key is required when another option has a value, or null
 */
public record AdapterOption(String name, Kind kind, String description, Object defaultValue, boolean mandatory,
                            Long min, Long max, List<Object> allowed, AdapterOptions fields, When when) {

    /** What a value is. */
    public enum Kind { TEXT, INTEGER, BOOLEAN, CHOICE, OBJECT, LIST }

    /** "Required when {@code option} is {@code value}". */
    public record When(String option, Object value) {}

    public AdapterOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
        allowed = List.copyOf(allowed);
        if ((kind == Kind.OBJECT || kind == Kind.LIST) != (fields != null)) {
            throw new IllegalArgumentException(name + ": fields belong to OBJECT and LIST options only");
        }
    }

    /** Text, not blank; leading and trailing blanks are stripped. */
    public static AdapterOption text(String name, String description) {
        return new AdapterOption(name, Kind.TEXT, description, null, false, null, null, List.of(), null, null);
    }

    /** A whole number in {@code min..max}. */
    public static AdapterOption integer(String name, long min, long max, String description) {
        if (min > max) throw new IllegalArgumentException(name + ": min > max");
        return new AdapterOption(name, Kind.INTEGER, description, null, false, min, max, List.of(), null, null);
    }

    /** A whole number, one of {@code values}. */
    public static AdapterOption integerOf(String name, List<Integer> values, String description) {
        if (values.isEmpty()) throw new IllegalArgumentException(name + ": no values");
        return new AdapterOption(name, Kind.INTEGER, description, null, false, null, null, List.copyOf(values), null, null);
    }

    public static AdapterOption bool(String name, String description) {
        return new AdapterOption(name, Kind.BOOLEAN, description, null, false, null, null, List.of(), null, null);
    }

    /** Text, one of {@code values} exactly. */
    public static AdapterOption choice(String name, List<String> values, String description) {
        if (values.isEmpty()) throw new IllegalArgumentException(name + ": no values");
        return new AdapterOption(name, Kind.CHOICE, description, null, false, null, null, List.copyOf(values), null, null);
    }

    /** A mapping with options of its own. */
    public static AdapterOption object(String name, AdapterOptions fields, String description) {
        return new AdapterOption(name, Kind.OBJECT, description, null, false, null, null, List.of(), fields, null);
    }

    /** A list of at least {@code minItems} mappings, each with {@code fields}. */
    public static AdapterOption list(String name, int minItems, AdapterOptions fields, String description) {
        return new AdapterOption(name, Kind.LIST, description, null, false, (long) minItems, null, List.of(), fields, null);
    }

    /** The value when the key is left out; must itself be valid. */
    public AdapterOption withDefault(Object value) {
        return new AdapterOption(name, kind, description, value, mandatory, min, max, allowed, fields, when);
    }

    public AdapterOption required() {
        return new AdapterOption(name, kind, description, defaultValue, true, min, max, allowed, fields, when);
    }

    /** Required when {@code option} (a sibling, with a default or given) is {@code value}. */
    public AdapterOption requiredWhen(String option, Object value) {
        return new AdapterOption(name, kind, description, defaultValue, mandatory, min, max, allowed, fields, new When(option, value));
    }
}

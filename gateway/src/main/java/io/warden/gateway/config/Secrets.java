package io.warden.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets by reference (an OSDP SCBK, a camera password): an environment variable of that name
 * first, then an entry of the secrets file, then the in-memory fallbacks (the demo's keys); else
 * empty. An empty environment variable counts as unset. The file is a flat YAML map
 * {@code NAME: value}, read once; values are taken as written (a key of digits keeps its leading
 * zeros). Neither {@link #toString()} nor any error ever shows a value.
 *
 * <p>Immutable and thread-safe. {@link #secret} has the shape of
 * {@link io.warden.adapter.api.AdapterContext#secret}: pass {@code secrets::secret}.
 */
public final class Secrets {
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Map<String, String> fallback;
    private final Path source;

    private Secrets(Map<String, String> env, Map<String, String> file, Map<String, String> fallback, Path source) {
        this.env = Map.copyOf(env);
        this.file = Collections.unmodifiableMap(new LinkedHashMap<>(file));
        this.fallback = Map.copyOf(fallback);
        this.source = source;
    }

    /** Environment variables only. */
    public static Secrets of(Map<String, String> env) {
        return new Secrets(env, Map.of(), Map.of(), null);
    }

    /** Environment variables, then the given file entries (tests, or a file read elsewhere). */
    public static Secrets of(Map<String, String> env, Map<String, String> fileEntries) {
        return new Secrets(env, fileEntries, Map.of(), null);
    }

    /**
     * Environment variables, then the secrets file at {@code file} (null: none).
     *
     * @throws WardenException BAD_CONFIG naming the file (never a value) when it cannot be read or is
     *                         not a flat map of names to scalar values
     */
    public static Secrets load(Path file, Map<String, String> env) {
        return new Secrets(env, file == null ? Map.of() : readFile(file), Map.of(), file);
    }

    /** This, with {@code more} consulted last, after the environment and the file. */
    public Secrets withFallback(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(more);
        merged.putAll(fallback);
        return new Secrets(env, file, merged, source);
    }

    /** The secret named {@code reference}, or empty when nothing defines it. Never logs. */
    public Optional<String> secret(String reference) {
        if (reference == null || reference.isEmpty()) return Optional.empty();
        String v = env.get(reference);
        if (v == null || v.isEmpty()) v = file.get(reference);
        if (v == null || v.isEmpty()) v = fallback.get(reference);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The secrets file this was loaded from, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "Secrets[file=" + (source == null ? "none" : source) + ", fileEntries=" + file.size()
                + ", fallbacks=" + fallback.size() + "]";
    }

    private static Map<String, String> readFile(Path file) {
        String what = "secretsFile: " + file;
        if (!Files.isRegularFile(file)) {
            throw bad(what + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) throw bad(what + ": not readable by this user (check its owner and mode)");
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == null) return out; // empty file: no secrets
            if (t != JsonToken.START_OBJECT) throw bad(what + ": must be a mapping of NAME: value");
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    throw bad(what + ": entry '" + name + "' must be a single value, not a " + (t == JsonToken.START_OBJECT ? "mapping" : "list"));
                }
                if (t == JsonToken.VALUE_NULL) throw bad(what + ": entry '" + name + "' has no value");
                if (out.putIfAbsent(name, p.getText()) != null) throw bad(what + ": entry '" + name + "' appears twice");
            }
            return out;
        } catch (JsonProcessingException e) {
            // the parser's message may quote the offending line, which may hold a value: only the position
            var at = e.getLocation();
            throw bad(what + ": not valid YAML" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (NoSuchFileException e) {
            throw bad(what + ": no such file");
        } catch (IOException e) {
            throw bad(what + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_CONFIG, message);
    }
}

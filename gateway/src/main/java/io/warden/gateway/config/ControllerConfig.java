package io.warden.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A door controller: one adapter instance, e.g. one OSDP line.
 *
 * @param type    the adapter type, e.g. {@code osdp}; must be one the gateway has a factory for
 * @param options adapter-specific settings, passed to the adapter's factory as a JSON object and
 *                validated there; secrets appear only by reference
 */
public record ControllerConfig(String id, String name, String type, Map<String, Object> options) {
    public ControllerConfig {
        name = name == null ? id : name;
        options = ConfigLists.freeze(options);
    }

    /** The options as a fresh JSON object (the caller may change it). */
    public JsonObject optionsJson() {
        return ConfigLists.toJson(options);
    }
}

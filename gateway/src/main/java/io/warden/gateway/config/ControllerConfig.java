package io.warden.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A door controller: one adapter instance, e.g. one OSDP line.
 *
 * @param type    the adapter type, e.g. {@code osdp}; must be one the gateway has a factory for
 * @param options adapter-specific settings, passed to the adapter's factory as a JSON object and
 *                validated there; secrets appear only by reference
 * @param node    cluster mode: the one node this controller is wired to (a serial line); only it drives the line
 * @param nodes   cluster mode: the nodes that may own this controller (a TCP line); absent with no {@code node}: any node
 */
public record ControllerConfig(String id, String name, String type, Map<String, Object> options, String node, List<String> nodes) {
    public ControllerConfig {
        name = name == null ? id : name;
        options = ConfigLists.freeze(options);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** The options as a fresh JSON object (the caller may change it). */
    public JsonObject optionsJson() {
        return ConfigLists.toJson(options);
    }
}

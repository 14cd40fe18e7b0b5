package io.warden.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A camera (used by footage requests). Doors name the cameras that see them.
 *
 * @param zone    optional: a camera on a pole in the car park belongs to the site only
 * @param type    the camera adapter type, e.g. {@code onvif}
 * @param options adapter-specific settings (address, credentials by reference, ...)
 */
public record CameraConfig(String id, String name, String site, String zone, String type, Map<String, Object> options) {
    public CameraConfig {
        name = name == null ? id : name;
        options = ConfigLists.freeze(options);
    }

    /** The options as a fresh JSON object (the caller may change it). */
    public JsonObject optionsJson() {
        return ConfigLists.toJson(options);
    }
}

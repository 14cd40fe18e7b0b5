package io.warden.gateway.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A door as written in the config.
 *
 * @param name           for people; defaults to the id
 * @param site           the site it belongs to
 * @param zone           the zone (building) within that site
 * @param exterior       true for a door in the building's outer shell (a {@code secure} lockdown locks
 *                       these); default false
 * @param controller     the id of the controller that drives it
 * @param pulseSeconds   default momentary-unlock time, 1..3600, default 5
 * @param heldOpenSeconds how long it may stand open after an unlock, 1..3600, default 30
 * @param point          adapter-specific wiring (for OSDP: address, strike, contact, rex, reader,
 *                       wiring: fail-secure | fail-safe), validated by the adapter's factory
 * @param cameras        ids of the cameras that see this door
 */
public record DoorConfig(String id, String name, String site, String zone, Boolean exterior, String controller,
                         Integer pulseSeconds, Integer heldOpenSeconds, Map<String, Object> point, List<String> cameras) {
    public static final int DEFAULT_PULSE_SECONDS = 5;
    public static final int DEFAULT_HELD_OPEN_SECONDS = 30;

    public DoorConfig {
        name = name == null ? id : name;
        exterior = exterior != null && exterior;
        pulseSeconds = pulseSeconds == null ? DEFAULT_PULSE_SECONDS : pulseSeconds;
        heldOpenSeconds = heldOpenSeconds == null ? DEFAULT_HELD_OPEN_SECONDS : heldOpenSeconds;
        point = ConfigLists.freeze(point);
        cameras = cameras == null ? List.of() : ConfigLists.copy(cameras);
    }

    public Duration pulse() {
        return Duration.ofSeconds(pulseSeconds);
    }

    public Duration heldOpen() {
        return Duration.ofSeconds(heldOpenSeconds);
    }

    /** The point as a fresh JSON object (the caller may change it). */
    public JsonObject pointJson() {
        return ConfigLists.toJson(point);
    }
}

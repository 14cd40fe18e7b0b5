package io.warden.adapter.api;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A controller as the configuration describes it, handed to its factory.
 *
 * @param id      the controller's id
 * @param type    the adapter type, e.g. "osdp"
 * @param options adapter-specific settings (transport, devices, keys by reference), validated by
 *                the factory
 * @param doors   the doors this controller drives
 * @param path    where this controller sits in the config, e.g. "controllers[2]", for error messages
 * @param role    whether this is an entry of {@code controllers:} or of {@code cameras:} (one type, e.g.
 *                {@code onvif}, may serve both)
 */
public record AdapterSpec(String id, String type, JsonObject options, List<Door> doors, String path, Role role) {

    public enum Role { CONTROLLER, CAMERA }

    /** A controller (an entry of {@code controllers:}). */
    public AdapterSpec(String id, String type, JsonObject options, List<Door> doors, String path) {
        this(id, type, options, doors, path, Role.CONTROLLER);
    }

    public AdapterSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(role, "role");
        if (role == Role.CAMERA && !doors.isEmpty()) throw new IllegalArgumentException("a camera drives no doors");
        options = options == null ? new JsonObject() : options;
        doors = List.copyOf(doors);
        path = path == null ? "controllers[" + id + "]" : path;
    }

    /**
     * A door wired to this controller.
     *
     * @param id       the door id
     * @param pulse    default momentary-unlock time
     * @param heldOpen how long the door may stand open after an unlock before "held open"
     * @param point    adapter-specific wiring (for OSDP: device address, strike output, contact and
     *                 REX inputs, reader, fail-safe or fail-secure)
     * @param path     where the door sits in the config, for error messages
     */
    public record Door(String id, Duration pulse, Duration heldOpen, JsonObject point, String path) {
        public Door {
            Objects.requireNonNull(id, "id");
            pulse = pulse == null ? Duration.ofSeconds(5) : pulse;
            heldOpen = heldOpen == null ? Duration.ofSeconds(30) : heldOpen;
            point = point == null ? new JsonObject() : point;
        }
    }
}

package io.warden.gateway.door;

import java.time.Duration;
import java.util.List;

/**
 * A door as the configuration describes it.
 *
 * @param exterior        true for a door in the building's outer shell (locked by a {@code secure} lockdown)
 * @param controllerId    the controller (adapter) driving it
 * @param controllerType  that controller's adapter type, e.g. "osdp"
 * @param cameras         ids of the cameras that see this door
 */
public record DoorInfo(String id, String name, String site, String zone, boolean exterior, String controllerId,
                       String controllerType, Duration pulse, Duration heldOpen, List<String> cameras) {
    public DoorInfo {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
    }
}

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
 * @param siteName        the site's name for people (e.g. "Lincoln Middle School"); its id when it has none
 * @param zoneName        the zone's name for people (e.g. "North building"); its id when it has none
 */
public record DoorInfo(String id, String name, String site, String zone, boolean exterior, String controllerId,
                       String controllerType, Duration pulse, Duration heldOpen, List<String> cameras, String siteName,
                       String zoneName) {
    public DoorInfo {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        siteName = siteName == null ? site : siteName;
        zoneName = zoneName == null ? zone : zoneName;
    }

    /** A door whose site and zone are named by their ids. */
    public DoorInfo(String id, String name, String site, String zone, boolean exterior, String controllerId,
                    String controllerType, Duration pulse, Duration heldOpen, List<String> cameras) {
        this(id, name, site, zone, exterior, controllerId, controllerType, pulse, heldOpen, cameras, null, null);
    }
}

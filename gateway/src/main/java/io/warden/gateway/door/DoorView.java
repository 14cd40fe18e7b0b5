package io.warden.gateway.door;

import io.warden.adapter.api.DoorState;

/**
 * A door with its live, device-confirmed state and the lockdown holding it, if any.
 *
 * @param lockdownId the active lockdown that covers this door, or null
 * @param node       the cluster node serving the door (whose controller reported the state); null on a single
 *                   node, or when no node serves it
 * @param offline    why the door is offline when no node serves its controller (e.g. "controller c3 is wired to
 *                   node hs-south, which is not running"); null otherwise
 */
public record DoorView(DoorInfo info, DoorState state, String lockdownId, String node, String offline) {

    /** A door of a single node. */
    public DoorView(DoorInfo info, DoorState state, String lockdownId) {
        this(info, state, lockdownId, null, null);
    }
}

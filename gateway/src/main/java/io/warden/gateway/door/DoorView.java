package io.warden.gateway.door;

import io.warden.adapter.api.DoorState;

/**
 * A door with its live, device-confirmed state and the lockdown holding it, if any.
 *
 * @param lockdownId the active lockdown that covers this door, or null
 */
public record DoorView(DoorInfo info, DoorState state, String lockdownId) {}

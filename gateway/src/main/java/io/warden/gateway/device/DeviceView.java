package io.warden.gateway.device;

import io.warden.adapter.api.DeviceHealth;
import java.util.List;

/**
 * A controller (one configured connection: an OSDP line) or one of its devices (a PD), with its
 * last known health.
 *
 * @param id         the controller's id, or the device's id ({@code <controller>/<address>} for OSDP)
 * @param controller the controller it belongs to (its own id for a controller); null when unknown
 * @param adapter    the controller's adapter type, e.g. "osdp"; null when unknown
 * @param doors      the doors it serves, in configuration order
 */
public record DeviceView(String id, Kind kind, String controller, String adapter, DeviceHealth health, List<String> doors) {
    public enum Kind { CONTROLLER, DEVICE }

    public DeviceView {
        doors = List.copyOf(doors);
    }

    public boolean online() {
        return health.status() == DeviceHealth.Status.ONLINE;
    }
}

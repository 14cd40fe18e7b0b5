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
 * @param node       cluster mode: the node driving the controller, whose report the health is; null on a single
 *                   node, or when no node drives it
 */
public record DeviceView(String id, Kind kind, String controller, String adapter, DeviceHealth health, List<String> doors, String node) {
    public enum Kind { CONTROLLER, DEVICE }

    public DeviceView {
        doors = List.copyOf(doors);
    }

    /** A controller or device of a single node. */
    public DeviceView(String id, Kind kind, String controller, String adapter, DeviceHealth health, List<String> doors) {
        this(id, kind, controller, adapter, health, doors, null);
    }

    public boolean online() {
        return health.status() == DeviceHealth.Status.ONLINE;
    }
}

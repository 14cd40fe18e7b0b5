package io.warden.gateway.demo;

import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.sim.osdp.OsdpSimulatedPd;

/**
 * One door of the demo site: the adapter's side of it and the simulated PD that drives it.
 *
 * @param id         the door id, e.g. "front-office"
 * @param line       the controller (OSDP line) id, e.g. "line-a"
 * @param address    the PD's address on the line
 * @param security   how the PD talks, for people: "plaintext", "secure channel required", ...
 * @param controller the adapter's door
 * @param adapter    the adapter of the line
 * @param pd         the simulated PD: its inputs, reader and key
 */
public record DemoDoor(String id, String line, int address, String security, DoorController controller,
                       DeviceAdapter adapter, OsdpSimulatedPd pd) {

    /** The device id the adapter reports this PD under. */
    public String deviceId() {
        return line + "/" + address;
    }

    /** The PD's health as its adapter last reported it. */
    public DeviceHealth health() {
        return adapter.health(deviceId());
    }

    /** Online, and the lock state known, so commands and forced-door detection work. */
    public boolean ready() {
        return controller.state().online() && controller.state().lock() != DoorState.LockState.UNKNOWN;
    }
}

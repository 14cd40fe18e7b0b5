package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.contract.DoorControllerContract;
import io.warden.adapter.api.contract.DoorControllerFixture;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.util.List;

/** The door-controller contract's view of one door on an {@link OsdpLineFixture}. */
final class OsdpDoorFixture implements DoorControllerFixture {
    private final OsdpLineFixture line;
    private final OsdpSimulatedPd pd;
    private final DoorController door;

    OsdpDoorFixture(OsdpLineFixture line, int address) {
        this.line = line;
        this.pd = line.simulator.pd(address);
        this.door = line.door(address);
        until(() -> door.state().online() && door.state().lock() != DoorState.LockState.UNKNOWN, "door online with a known lock state");
    }

    @Override
    public DoorController door() {
        return door;
    }

    @Override
    public List<DeviceEvent> events() {
        return List.copyOf(line.context.events);
    }

    @Override
    public boolean strikeReleased() {
        return pd.output(0); // fail-secure strike: output on = released
    }

    @Override
    public void setContact(boolean open) {
        await(pd.setInput(0, open));
    }

    @Override
    public void pressRequestToExit() {
        await(pd.setInput(1, true));
        await(pd.setInput(1, false));
    }

    @Override
    public void setDeviceAnswering(boolean answering) {
        pd.faults().silent(!answering);
    }

    @Override
    public long offlineDetectionMillis() {
        return OsdpLineFixture.OFFLINE_AFTER.toMillis();
    }

    @Override
    public void close() throws Exception {
        line.close();
    }
}

package io.warden.sim.osdp.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.contract.DoorControllerContract;
import io.warden.adapter.api.contract.DoorControllerFixture;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.util.List;
import java.util.Map;

/**
 * The door-controller contract, plaintext OSDP over TCP on loopback, two PDs on the line that
 * volunteer no output reports (the simulator's default, like many readers).
 */
class OsdpTcpDoorContractTest extends DoorControllerContract {
    @Override
    protected DoorControllerFixture startFixture(Vertx vertx) throws Exception {
        return start(vertx, false);
    }

    static DoorControllerFixture start(Vertx vertx, boolean reportOutputChanges) throws Exception {
        OsdpLineFixture line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2)),
                List.of(OsdpLineFixture.plainDevice(1), OsdpLineFixture.plainDevice(2)), Map.of());
        line.simulator.pd(1).reportOutputChanges(reportOutputChanges);
        line.simulator.pd(2).reportOutputChanges(reportOutputChanges);
        return new OsdpDoorFixture(line, 2);
    }
}

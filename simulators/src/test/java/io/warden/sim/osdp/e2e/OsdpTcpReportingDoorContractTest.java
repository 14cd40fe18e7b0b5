package io.warden.sim.osdp.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.contract.DoorControllerContract;
import io.warden.adapter.api.contract.DoorControllerFixture;

/**
 * The door-controller contract against PDs that volunteer an OSTATR through POLL for every output
 * change (libosdp's sample PD); {@link OsdpTcpDoorContractTest} runs it against PDs that do not.
 */
class OsdpTcpReportingDoorContractTest extends DoorControllerContract {
    @Override
    protected DoorControllerFixture startFixture(Vertx vertx) throws Exception {
        return OsdpTcpDoorContractTest.start(vertx, true);
    }
}

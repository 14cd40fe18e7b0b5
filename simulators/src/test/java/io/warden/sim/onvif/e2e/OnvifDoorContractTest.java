package io.warden.sim.onvif.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.contract.DoorControllerContract;
import io.warden.adapter.api.contract.DoorControllerFixture;

/**
 * The door-controller contract the OSDP adapter passes, for the ONVIF Profile C adapter against the
 * simulated controller over HTTP: SOAP commands confirmed by GetDoorState or DoorMode events, door
 * contact, alarms and free egress from the pull-point subscription.
 */
class OnvifDoorContractTest extends DoorControllerContract {
    @Override
    protected DoorControllerFixture startFixture(Vertx vertx) {
        return OnvifDoorFixture.start(vertx);
    }
}

package io.warden.sim.onvif.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.contract.CameraContract;
import io.warden.adapter.api.contract.CameraFixture;

/** The camera contract: OnvifCamera over SOAP and RTSP against the simulated camera's edge storage. */
class OnvifCameraContractTest extends CameraContract {
    @Override
    protected CameraFixture startFixture(Vertx vertx) {
        return new OnvifSimCameraFixture(vertx, false, OnvifSimCameraFixture.PASSWORD).start();
    }
}

package io.warden.sim.onvif.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.contract.CameraContract;
import io.warden.adapter.api.contract.CameraFixture;

/**
 * The camera contract: OnvifCamera whose footage comes from a simulated NVR (its {@code recorder} option, channel
 * chosen by sourceToken), identity and snapshot from the camera itself.
 */
class OnvifNvrCameraContractTest extends CameraContract {
    @Override
    protected CameraFixture startFixture(Vertx vertx) {
        return new OnvifSimCameraFixture(vertx, true, OnvifSimCameraFixture.PASSWORD).start();
    }
}

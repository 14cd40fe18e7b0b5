package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh Vert.x per test and the simulated camera fixture the test makes, both closed after it. */
abstract class OnvifSimCameraTestBase {
    protected Vertx vertx;
    protected OnvifSimCameraFixture fixture;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeFixtureAndVertx() {
        if (fixture != null) fixture.close();
        await(vertx.close());
    }
}

package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.adapter.api.contract.CameraContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The adapter's health loop and clock handling against the simulated camera over real HTTP. */
class OnvifCameraHealthTest extends OnvifSimCameraTestBase {

    @Test
    void aCameraTurnedOfflineGoesOfflineLinkDownAndComesBack() {
        fixture = new OnvifSimCameraFixture(vertx, false, OnvifSimCameraFixture.PASSWORD).start();
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE OK");
        fixture.setReachable(false);
        // two failed probes in a row (5 s apart) before OFFLINE: one blip does not flap
        until(() -> status(Status.OFFLINE, Reason.LINK_DOWN), "OFFLINE LINK_DOWN, got " + fixture.ctx.healths);
        fixture.setReachable(true);
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE again");
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorAtOnce() {
        fixture = new OnvifSimCameraFixture(vertx, false, "not-the-password").start();
        until(() -> status(Status.OFFLINE, Reason.CONFIGURATION_ERROR), "OFFLINE CONFIGURATION_ERROR, got " + fixture.ctx.healths);
        assertThat(fixture.ctx.lastHealth().detail()).doesNotContain("not-the-password");
    }

    @Test
    void aCameraClockNinetySecondsAheadIsMeasuredAndRequestsAreStillAccepted() {
        fixture = new OnvifSimCameraFixture(vertx, false, OnvifSimCameraFixture.PASSWORD);
        fixture.camera.config().faults().clockSkew = Duration.ofSeconds(90);
        fixture.start();
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE despite the skew, got " + fixture.ctx.healths);
        Duration offset = fixture.camera().clockOffset().orElseThrow();
        // the device reports whole seconds: good to about one second
        assertThat(offset.toMillis()).isBetween(88_500L, 91_500L);
        // the simulator refuses a UsernameToken whose Created is more than its window away from the device clock:
        // these pass only because Created is the gateway time shifted by the offset
        CameraInfo info = await(fixture.camera().info(Instant.now().plusSeconds(10)));
        assertThat(info.serialNumber()).isEqualTo("SIM-0001");
        assertThat(await(fixture.camera().recordings(fixture.recorded().from(), fixture.recorded().to(),
                Instant.now().plusSeconds(10)))).isNotEmpty();
    }

    @Test
    void withARecorderTheFootageClockIsTheRecorders() {
        fixture = new OnvifSimCameraFixture(vertx, true, OnvifSimCameraFixture.PASSWORD);
        fixture.nvr.config().faults().clockSkew = Duration.ofSeconds(-60);
        fixture.start();
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE, got " + fixture.ctx.healths);
        // the NVR stamps the footage: its offset is the one replay and recording times are in, not the camera's (0)
        until(() -> fixture.camera().clockOffset().isPresent() && fixture.camera().clockOffset().get().toMillis() < -58_500, "the recorder's offset, got " + fixture.camera().clockOffset());
        assertThat(fixture.camera().clockOffset().orElseThrow().toMillis()).isBetween(-61_500L, -58_500L);
    }

    private boolean status(Status s, Reason r) {
        DeviceHealth h = fixture.ctx.lastHealth();
        return h != null && h.status() == s && h.reason() == r;
    }
}

package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.sim.onvif.OnvifCameraSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Motion at a simulated camera becomes exactly one Motion event at the adapter, over real HTTP: the camera's pull-point
 * subscription, its Initialized bursts (on the first subscribe and after a restart) and a restart that forgets every
 * subscription.
 */
class OnvifCameraMotionE2eTest extends OnvifSimCameraTestBase {
    private static final String SOURCE = "VideoSource_1";
    private OnvifCameraSimulator restarted;

    @AfterEach
    void stopRestarted() {
        if (restarted != null) await(restarted.stop());
    }

    @Test
    void motionAtTheCameraIsOneEventEachWayAlsoAcrossARestart() {
        fixture = new OnvifSimCameraFixture(vertx, false, OnvifSimCameraFixture.PASSWORD).start();
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE OK, got " + fixture.ctx.healths);

        // before or after the adapter subscribes: as a Changed message, or in the Initialized burst
        fixture.camera.motion(SOURCE, true);
        until(() -> motions().size() == 1, "motion, got " + fixture.ctx.events);
        DeviceEvent.Motion m = motions().get(0);
        assertThat(m.deviceId()).isEqualTo("cam-e2e");
        assertThat(m.doorId()).isNull();
        assertThat(m.source()).isEqualTo(SOURCE);
        assertThat(m.active()).isTrue();
        fixture.camera.motion(SOURCE, false);
        until(() -> motions().size() == 2, "motion ended, got " + motions());

        // the camera restarts on the same address: every subscription is gone, its detector starts still
        int port = fixture.camera.httpPort();
        await(fixture.camera.stop());
        restarted = new OnvifCameraSimulator(vertx, fixture.camera.config().withPorts(port, null));
        await(restarted.start());
        restarted.motion(SOURCE, true);
        until(() -> motions().size() == 3, "motion after the restart (a new subscription), got " + motions());
        restarted.motion(SOURCE, false);
        until(() -> motions().size() == 4, "its end, got " + motions());

        assertThat(motions()).extracting(DeviceEvent.Motion::active).containsExactly(true, false, true, false);
        assertThat(motions()).extracting(DeviceEvent.Motion::type)
                .containsExactly("camera.motion", "camera.motion_ended", "camera.motion", "camera.motion_ended");
        until(() -> status(Status.ONLINE, Reason.OK), "ONLINE OK after the restart, got " + fixture.ctx.healths);
        assertThat(fixture.ctx.events(DeviceEvent.ClockSkew.class)).as("a clock in step is no news").isEmpty();
    }

    private List<DeviceEvent.Motion> motions() {
        return fixture.ctx.events(DeviceEvent.Motion.class);
    }

    private boolean status(Status s, Reason r) {
        DeviceHealth h = fixture.adapter().health("cam-e2e");
        return h != null && h.status() == s && h.reason() == r;
    }
}

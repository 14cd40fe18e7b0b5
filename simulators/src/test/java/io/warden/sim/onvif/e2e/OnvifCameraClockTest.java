package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A simulated camera whose clock is ten minutes ahead, over real HTTP: the adapter's health carries the offset and a
 * warning, the event stream one clock-skew event; set right, one clock-ok event and no warning.
 */
class OnvifCameraClockTest extends OnvifSimCameraTestBase {

    @Test
    void aClockTenMinutesAheadIsAWarningAndOneSkewEventUntilItIsSetRight() {
        fixture = new OnvifSimCameraFixture(vertx, false, OnvifSimCameraFixture.PASSWORD);
        fixture.camera.config().faults().clockSkew = Duration.ofMinutes(10);
        fixture.start();

        until(() -> skews().size() == 1, "a clock-skew event, got " + fixture.ctx.events);
        DeviceEvent.ClockSkew skew = skews().get(0);
        assertThat(skew.exceeded()).isTrue();
        assertThat(skew.deviceId()).isEqualTo("cam-e2e");
        assertThat(skew.threshold()).isEqualTo(Duration.ofSeconds(10));
        // the device reports whole seconds: good to about one second
        assertThat(skew.offset().toMillis()).isBetween(598_500L, 601_500L);
        until(() -> health().warning() != null, "a warning in health, got " + fixture.ctx.healths);
        DeviceHealth h = health();
        assertThat(h.status()).as("a skewed clock is a warning, not offline").isEqualTo(Status.ONLINE);
        assertThat(h.reason()).isEqualTo(Reason.OK);
        assertThat(h.clockOffset().toMillis()).isBetween(598_500L, 601_500L);
        // 599 or 601 s when the measurement straddles the device's second
        assertThat(h.warning()).matches("clock (599|600|601) s ahead of the gateway \\(limit 10 s\\): evidence and event times from it are suspect");

        // two more probes (5 s apart) measure the same skew: no second event
        int probes = measured();
        until(() -> measured() >= probes + 2, "two more probes");
        assertThat(skews()).hasSize(1);
        assertThat(health().warning()).isNotNull();

        fixture.camera.config().faults().clockSkew = Duration.ZERO;
        until(() -> skews().size() == 2, "a clock-ok event, got " + skews());
        DeviceEvent.ClockSkew ok = skews().get(1);
        assertThat(ok.exceeded()).isFalse();
        assertThat(ok.type()).isEqualTo("device.clock_ok");
        assertThat(ok.offset().toMillis()).isBetween(-1_500L, 1_500L);
        until(() -> health().warning() == null, "no warning any more, got " + health());
        assertThat(health().clockOffset().toMillis()).isBetween(-1_500L, 1_500L);
        assertThat(health().status()).isEqualTo(Status.ONLINE);

        int after = measured();
        until(() -> measured() >= after + 1, "one more probe");
        assertThat(skews()).as("clock-ok once").hasSize(2);
    }

    private List<DeviceEvent.ClockSkew> skews() {
        return fixture.ctx.events(DeviceEvent.ClockSkew.class);
    }

    private DeviceHealth health() {
        return fixture.adapter().health("cam-e2e");
    }

    /** Health reports that carry a measured offset: one per successful probe (the offset changes by a few ms each time). */
    private int measured() {
        return (int) fixture.ctx.healths.stream().filter(x -> x.clockOffset() != null).count();
    }
}

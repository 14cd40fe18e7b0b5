package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Links drop and PDs go quiet; the line notices, says so, and recovers by itself. */
class OsdpLineRecoveryTest extends OsdpLineTestBase {

    @Test
    void aCutConnectionMarksEveryPdOfflineThenReconnects() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.NOISY_TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(2), OsdpLineFixture.plainDevices(2), java.util.Map.of());
        until(() -> line.door(1).state().online() && line.door(2).state().online(), "both PDs online");

        line.proxy.cut();
        until(() -> !line.door(1).state().online() && !line.door(2).state().online(), "both PDs offline");
        assertThat(line.adapter.health("line/1").detail()).startsWith("connection closed");

        until(() -> line.door(1).state().online() && line.door(2).state().online(), "both PDs back online");
        assertThat(await(line.execute(2, new DoorCommand.Unlock())).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(line.simulator.pd(2).output(0)).isTrue();
    }

    @Test
    void aPdThatGoesQuietIsOfflineAfterTheGracePeriodAndComesBack() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), java.util.Map.of());
        // The grace period runs from the PD's last reply: a busy machine may have stalled the line before the PD fell quiet.
        AtomicLong lastReply = new AtomicLong();
        line.simulator.pd(1).onReplySent(sent -> lastReply.set(sent.nanos()));
        until(() -> line.door(1).state().online(), "PD online");

        line.simulator.pd(1).faults().offlineFor(Duration.ofSeconds(3));
        until(() -> line.adapter.health("line/1").status() == DeviceHealth.Status.OFFLINE, "PD offline");
        assertThat(Duration.ofNanos(System.nanoTime() - lastReply.get())).as("not before the grace period after its last reply")
                .isGreaterThanOrEqualTo(OsdpLineFixture.OFFLINE_AFTER.minusMillis(100));
        assertThat(line.adapter.health("line/1").detail()).startsWith("no valid reply for");
        assertThat(line.adapter.health("line/1").reason()).isEqualTo(DeviceHealth.Reason.COMMUNICATION_ERROR);

        until(() -> line.door(1).state().online(), "PD back online");
        long offline = line.context.events(DeviceEvent.DeviceOffline.class).size();
        assertThat(offline).as("offline reported once, not on every failed probe").isEqualTo(1);
        assertThat(line.context.events(DeviceEvent.DeviceOnline.class)).hasSize(2);
    }
}

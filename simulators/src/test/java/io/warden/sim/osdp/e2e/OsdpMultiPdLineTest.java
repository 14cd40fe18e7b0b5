package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sixteen PDs on one line, one of them silent: the others must not wait for it. */
class OsdpMultiPdLineTest extends OsdpLineTestBase {

    @Test
    void aSilentPdDoesNotStallTheOthers() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(16), OsdpLineFixture.plainDevices(16), Map.of());
        line.simulator.pd(16).faults().silent(true);
        for (int a = 1; a <= 15; a++) {
            int address = a;
            until(() -> line.door(address).state().online(), "PD " + a + " online");
        }
        until(() -> line.adapter.health("line/16").status() == DeviceHealth.Status.OFFLINE, "PD 16 offline");

        List<Future<DoorCommandResult>> pulses = new ArrayList<>();
        for (int a = 1; a <= 15; a++) pulses.add(line.execute(a, new DoorCommand.Pulse(Duration.ofSeconds(2))));
        await(Future.all(pulses));
        for (int a = 1; a <= 15; a++) assertThat(line.simulator.pd(a).output(0)).as("PD %d strike", a).isTrue();
        assertThat(line.simulator.pd(16).commandsExecuted(0x68)).isZero();
    }
}

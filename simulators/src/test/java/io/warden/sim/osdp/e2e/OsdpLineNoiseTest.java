package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Line noise: bytes corrupted at random in both directions. Every command must still be carried
 * out exactly as confirmed, and the noise must never turn into an event.
 */
class OsdpLineNoiseTest extends OsdpLineTestBase {

    @Test
    void noLostCommandAndNoFalseEventUnderNoise() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.NOISY_TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(2), OsdpLineFixture.plainDevices(2), Map.of());
        until(() -> line.door(1).state().online() && line.door(2).state().online(), "PDs online");
        int eventsBefore = line.context.events.size();
        line.proxy.noise(1.0 / 150);

        int commands = 40;
        for (int i = 0; i < commands; i++) {
            int address = 1 + i % 2;
            boolean unlock = (i / 2) % 2 == 0;
            var result = await(line.execute(address, unlock ? new DoorCommand.Unlock() : new DoorCommand.Lock()));
            assertThat(result.state().lock()).isEqualTo(unlock ? LockState.UNLOCKED : LockState.LOCKED);
            assertThat(line.simulator.pd(address).output(0)).as("device state after command %d", i).isEqualTo(unlock);
        }
        line.proxy.noise(0);
        assertThat(line.proxy.corrupted.get()).as("the noise really hit the line").isGreaterThan(10);

        var after = line.context.events.subList(eventsBefore, line.context.events.size());
        assertThat(after).as("noise must not become door, card or tamper events")
                .noneMatch(e -> e instanceof DeviceEvent.DoorOpened || e instanceof DeviceEvent.DoorForced
                        || e instanceof DeviceEvent.CredentialRead || e instanceof DeviceEvent.Tamper
                        || e instanceof DeviceEvent.RequestToExit || e instanceof DeviceEvent.DeviceOffline);
    }
}

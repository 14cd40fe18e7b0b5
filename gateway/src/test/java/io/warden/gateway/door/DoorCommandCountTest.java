package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every door command is counted where it is issued, by origin: an operator's, a lockdown's, a re-assert, a relock. */
class DoorCommandCountTest extends DoorServiceTestBase {

    private double count(String command, String result, String origin) {
        Counter c = registry.find(DoorCommandMeter.NAME).tags("command", command, "result", result, "origin", origin).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aLockdownsDoorCommandsAreCountedWithTheLockdownOrigin() throws Exception {
        LockdownReport r = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, "main", null), false, "drill"), PRINCIPAL, "10.0.0.9"));

        assertThat(r.doors()).hasSize(2);
        assertThat(count("lockdown", "confirmed", "lockdown")).as("a door's part of a lockdown is the lockdown command").isEqualTo(2);
        assertThat(count("lock", "confirmed", "operator")).isZero();
    }

    @Test
    void anOperatorsCommandsAreCountedWithTheirRefusals() throws Exception {
        await(service.execute("library", new DoorCommand.Pulse(null), OPERATOR, "10.0.0.7"));
        devices.get("gym-east").online(false);
        awaitFailure(service.execute("gym-east", new DoorCommand.Unlock(), OPERATOR, "10.0.0.7"));
        await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of("library")), false, null), PRINCIPAL, null));
        awaitFailure(service.execute("library", new DoorCommand.Unlock(), OPERATOR, "10.0.0.7"));

        assertThat(count("pulse", "confirmed", "operator")).isEqualTo(1);
        assertThat(count("unlock", "device_offline", "operator")).isEqualTo(1);
        assertThat(count("unlock", "lockdown_active", "operator")).isEqualTo(1);
    }

    @Test
    void theDemosFrontDeskIsCountedAsItsOwnOrigin() throws Exception {
        await(service.execute("library", new DoorCommand.Pulse(null), OPERATOR, "demo-activity", CommandOrigin.DEMO));

        assertThat(count("pulse", "confirmed", "demo")).isEqualTo(1);
        assertThat(count("pulse", "confirmed", "operator")).isZero();
    }

    @Test
    void aTimedRelockAndALockdownReassertAreCounted() throws Exception {
        await(service.execute("library", new DoorCommand.Unlock(Instant.now().plusMillis(300)), OPERATOR, "10.0.0.7"));
        until(() -> count("lock", "confirmed", "relock") == 1, "the relock");

        await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of("gym-east")), false, null), PRINCIPAL, null));
        devices.get("gym-east").unlockedLocally();
        until(() -> count("lockdown", "confirmed", "reassert") >= 1, "the re-asserted lockdown");
        assertThat(devices.get("gym-east").state().lock()).isEqualTo(LockState.LOCKED);
    }
}

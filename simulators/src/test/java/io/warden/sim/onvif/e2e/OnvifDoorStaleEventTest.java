package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.DoorState.Mode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Door-state messages the device sent before it answered a confirming GetDoorState, arriving after the
 * reply (an HTTP proxy in front of the simulator holds the PullMessages answers back): the door is not
 * flipped back to what it was and forth again, and no event reports a change that did not happen then.
 */
class OnvifDoorStaleEventTest extends OnvifDoorBehindProxyTestBase {
    @Test
    void messagesOlderThanAConfirmingReadDoNotFlipTheDoorBackAndForth() {
        startBehindProxy();
        assertThat(f.door().state().mode()).isEqualTo(Mode.LOCKED);
        int before = f.events().size();

        proxy.holdPullAnswers(true);
        // each confirmed by a read while the device's messages about it wait in the held pull answers
        await(f.door().execute(new DoorCommand.Unlock(), Instant.now().plus(f.door().commandTimeout())));
        await(f.door().execute(new DoorCommand.Lock(), Instant.now().plus(f.door().commandTimeout())));
        until(() -> proxy.heldPullAnswers() > 0, "the device's messages about the unlock held back");
        int pulls = f.sim.received("PullMessages");
        proxy.holdPullAnswers(false);
        // the adapter pulls again only once it handled an answer: three more pulls, the stale messages and the rest are handled
        until(() -> f.sim.received("PullMessages") >= pulls + 3, "the held messages handled");

        List<DeviceEvent> after = f.events().subList(before, f.events().size());
        assertThat(after).filteredOn(e -> e instanceof DeviceEvent.LockChanged).map(e -> ((DeviceEvent.LockChanged) e).lock())
                .as("one unlock, one lock: the late 'Unlocked' message does not unlock the door again").containsExactly(LockState.UNLOCKED, LockState.LOCKED);
        assertThat(after).filteredOn(e -> e instanceof DeviceEvent.DoorModeChanged).map(e -> ((DeviceEvent.DoorModeChanged) e).mode())
                .containsExactly(Mode.UNLOCKED, Mode.LOCKED);
        assertThat(f.door().state().mode()).isEqualTo(Mode.LOCKED);
        assertThat(f.door().state().lock()).isEqualTo(LockState.LOCKED);
    }
}

package io.warden.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a command composes with what the door was told before: what goes to the PD and what the door is told next. */
class OsdpDoorIntentTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration PULSE = Duration.ofSeconds(5);

    private static OsdpDoorIntent.Plan plan(OsdpDoorIntent intent, DoorCommand c) {
        return intent.plan(c, NOW, PULSE, intent.unlocked() ? LockState.UNLOCKED : LockState.LOCKED);
    }

    private static OsdpDoorIntent until(Duration fromNow, boolean deviceTimed) {
        return new OsdpDoorIntent(true, NOW.plus(fromNow), deviceTimed);
    }

    @Test
    void lockIsAPermanentLockWhateverCameBefore() {
        for (OsdpDoorIntent before : new OsdpDoorIntent[] {OsdpDoorIntent.LOCKED, OsdpDoorIntent.UNLOCKED, until(Duration.ofMinutes(1), true)}) {
            OsdpDoorIntent.Plan p = plan(before, new DoorCommand.Lock());
            assertThat(p.permanentUnlocked()).isFalse();
            assertThat(p.temporaryUnlock()).isNull();
            assertThat(p.next()).isEqualTo(OsdpDoorIntent.LOCKED);
        }
    }

    @Test
    void aPulseOnALockedDoorIsAMomentaryUnlockTheDeviceTimes() {
        OsdpDoorIntent.Plan p = plan(OsdpDoorIntent.LOCKED, new DoorCommand.Pulse(null));
        assertThat(p.permanentUnlocked()).isFalse();
        assertThat(p.temporaryUnlock()).isEqualTo(PULSE);
        assertThat(p.next()).isEqualTo(until(PULSE, true));
    }

    @Test
    void aPulseOnAnUnlockedDoorSendsNothing() {
        OsdpDoorIntent.Plan p = plan(OsdpDoorIntent.UNLOCKED, new DoorCommand.Pulse(Duration.ofSeconds(3)));
        assertThat(p.sendsNothing()).isTrue();
        assertThat(p.expectUnlocked()).isTrue();
        assertThat(p.next()).isEqualTo(OsdpDoorIntent.UNLOCKED);
    }

    @Test
    void aPulseOnADoorSeenUnlockedButNeverToldSoIsATemporaryUnlockAloneTheDeviceTimes() {
        OsdpDoorIntent.Plan p = plan(OsdpDoorIntent.SEEN_UNLOCKED, new DoorCommand.Pulse(Duration.ofSeconds(3)));
        assertThat(p.permanentUnlocked()).as("a permanent unlock made at the panel stays after it").isNull();
        assertThat(p.temporaryUnlock()).as("the PD's own timer, if any, is replaced by the whole pulse").isEqualTo(Duration.ofSeconds(3));
        assertThat(p.next()).isEqualTo(until(Duration.ofSeconds(3), true));
    }

    @Test
    void aPulseOnADoorThePdReportsLockedUnlocksItDespiteTheIntent() {
        OsdpDoorIntent.Plan p = OsdpDoorIntent.UNLOCKED.plan(new DoorCommand.Pulse(null), NOW, PULSE, LockState.LOCKED);
        assertThat(p.temporaryUnlock()).isEqualTo(PULSE);
    }

    @Test
    void aPulseOnADoorThePdReportsLockedDuringAnUnlockBeyondTheDevicesTimerUnlocksIt() {
        OsdpDoorIntent.Plan p = until(Duration.ofHours(3), false).plan(new DoorCommand.Pulse(null), NOW, PULSE, LockState.LOCKED);
        assertThat(p.temporaryUnlock()).isEqualTo(PULSE);
    }

    @Test
    void aPulseDuringATimedUnlockNeverShortensItAndMayLengthenIt() {
        OsdpDoorIntent.Plan shorter = plan(until(Duration.ofMinutes(30), true), new DoorCommand.Pulse(PULSE));
        assertThat(shorter.temporaryUnlock()).isEqualTo(Duration.ofMinutes(30));
        assertThat(shorter.next()).isEqualTo(until(Duration.ofMinutes(30), true));

        OsdpDoorIntent.Plan longer = plan(until(Duration.ofSeconds(2), true), new DoorCommand.Pulse(PULSE));
        assertThat(longer.temporaryUnlock()).isEqualTo(PULSE);
        assertThat(longer.next()).isEqualTo(until(PULSE, true));
    }

    @Test
    void aPulseDuringAnUnlockBeyondTheDevicesTimerChangesNothing() {
        OsdpDoorIntent gatewayTimed = until(Duration.ofHours(3), false);
        OsdpDoorIntent.Plan p = plan(gatewayTimed, new DoorCommand.Pulse(PULSE));
        assertThat(p.sendsNothing()).isTrue();
        assertThat(p.next()).isEqualTo(gatewayTimed);
    }

    @Test
    void anEndedTimedUnlockIsLockedForTheNextPulse() {
        OsdpDoorIntent ended = new OsdpDoorIntent(true, NOW.minusSeconds(1), true);
        OsdpDoorIntent.Plan p = ended.plan(new DoorCommand.Pulse(PULSE), NOW, PULSE, LockState.LOCKED);
        assertThat(p.temporaryUnlock()).isEqualTo(PULSE);
    }

    @Test
    void unlockUntilWithinTheDevicesTimerIsTimedByThePdAndBeyondItIsPermanent() {
        OsdpDoorIntent.Plan timed = plan(OsdpDoorIntent.UNLOCKED, new DoorCommand.Unlock(NOW.plus(Duration.ofMinutes(30))));
        assertThat(timed.permanentUnlocked()).isFalse();
        assertThat(timed.temporaryUnlock()).isEqualTo(Duration.ofMinutes(30));

        Instant far = NOW.plus(Duration.ofHours(3));
        OsdpDoorIntent.Plan permanent = plan(until(Duration.ofMinutes(30), true), new DoorCommand.Unlock(far));
        assertThat(permanent.permanentUnlocked()).isTrue();
        assertThat(permanent.temporaryUnlock()).isNull();
        assertThat(permanent.next()).isEqualTo(new OsdpDoorIntent(true, far, false));
    }

    @Test
    void impossibleCommandsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> plan(OsdpDoorIntent.LOCKED, new DoorCommand.Unlock(NOW))).hasMessageContaining("already past");
        assertThatThrownBy(() -> plan(OsdpDoorIntent.LOCKED, new DoorCommand.Pulse(Duration.ofHours(2))))
                .hasMessageContaining("longer than the PD can time");
    }
}

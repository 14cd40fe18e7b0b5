package io.warden.adapter.api.contract;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorState.ContactState;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every door-controller adapter must do, run against a simulated device over the adapter's
 * real transport. An adapter module extends this class and supplies a {@link DoorControllerFixture}.
 */
public abstract class DoorControllerContract {
    /** Generous: two busy cores. Waits poll, they do not sleep this long. */
    protected static final Duration DEADLINE = Duration.ofSeconds(15);
    /** A pulse or timed unlock short enough for a test, long enough to tell apart on busy cores. */
    protected static final Duration SHORT = Duration.ofMillis(500);

    protected Vertx vertx;
    protected DoorControllerFixture fixture;

    /** Start the adapter and its simulated device; return once the door's state is known. */
    protected abstract DoorControllerFixture startFixture(Vertx vertx) throws Exception;

    @BeforeEach
    void startAdapter() throws Exception {
        vertx = Vertx.vertx();
        fixture = startFixture(vertx);
    }

    @AfterEach
    void stopAdapter() throws Exception {
        if (fixture != null) fixture.close();
        await(vertx.close());
    }

    /** Execute with the deadline the gateway would give: now plus the adapter's own command timeout. */
    protected Future<DoorCommandResult> execute(DoorCommand command) {
        return fixture.door().execute(command, java.time.Instant.now().plus(fixture.door().commandTimeout()));
    }

    @Test
    void lockIsConfirmedByTheDevice() {
        DoorCommandResult r = await(execute(new DoorCommand.Lock()));
        assertThat(r.state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(fixture.strikeReleased()).isFalse();
        assertThat(fixture.door().state().lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void unlockIsConfirmedByTheDeviceAndLockUndoesIt() {
        DoorCommandResult r = await(execute(new DoorCommand.Unlock()));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(r.doorId()).isEqualTo(fixture.door().doorId());
        assertThat(fixture.strikeReleased()).isTrue();

        await(execute(new DoorCommand.Lock()));
        assertThat(fixture.strikeReleased()).isFalse();
    }

    @Test
    void pulseUnlocksThenRelocksByItself() {
        DoorCommandResult r = await(execute(new DoorCommand.Pulse(Duration.ofSeconds(1))));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(fixture.strikeReleased()).isTrue();
        until(() -> !fixture.strikeReleased(), "device relocks after the pulse");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
    }

    @Test
    void unlockUntilATimeRelocksThenByItself() {
        var until = java.time.Instant.now().plusSeconds(1);
        DoorCommandResult r = await(execute(new DoorCommand.Unlock(until)));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(fixture.strikeReleased()).isTrue();
        until(() -> !fixture.strikeReleased(), "device relocks at the end time");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
    }

    @Test
    void aPulseWithoutADurationUsesTheDoorsDefault() {
        DoorCommandResult r = await(execute(new DoorCommand.Pulse(null)));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        until(() -> !fixture.strikeReleased(), "device relocks after the default pulse");
    }

    @Test
    void contactChangesBecomeEventsAndState() {
        fixture.setContact(true);
        until(() -> has(DeviceEvent.DoorOpened.class), "door opened event");
        assertThat(fixture.door().state().contact()).isEqualTo(ContactState.OPEN);
        fixture.setContact(false);
        until(() -> has(DeviceEvent.DoorClosed.class), "door closed event");
        assertThat(fixture.door().state().contact()).isEqualTo(ContactState.CLOSED);
    }

    @Test
    void openingALockedDoorWithoutUnlockIsForced() {
        await(execute(new DoorCommand.Lock()));
        fixture.setContact(true);
        until(() -> has(DeviceEvent.DoorForced.class), "door forced event");
    }

    @Test
    void openingAfterAPulseIsNotForced() {
        await(execute(new DoorCommand.Pulse(Duration.ofSeconds(1))));
        fixture.setContact(true);
        until(() -> has(DeviceEvent.DoorOpened.class), "door opened event");
        fixture.setContact(false);
        until(() -> has(DeviceEvent.DoorClosed.class), "door closed event");
        assertThat(has(DeviceEvent.DoorForced.class)).as("forced after a legitimate unlock").isFalse();
    }

    @Test
    void openingAfterRequestToExitIsNotForced() {
        await(execute(new DoorCommand.Lock()));
        fixture.pressRequestToExit();
        until(() -> has(fixture.requestToExitEvent()), "request-to-exit event");
        fixture.setContact(true);
        until(() -> has(DeviceEvent.DoorOpened.class), "door opened event");
        // A forced event would follow the opening; the closing after it proves the opening was judged.
        fixture.setContact(false);
        until(() -> has(DeviceEvent.DoorClosed.class), "door closed event");
        assertThat(has(DeviceEvent.DoorForced.class)).as("forced after a request to exit").isFalse();
    }

    @Test
    void commandToAnOfflineDeviceFailsAtOnceAndIsNotQueued() {
        fixture.setDeviceAnswering(false);
        until(() -> !fixture.door().state().online(), "device reported offline", Duration.ofMillis(fixture.offlineDetectionMillis()).plus(DEADLINE));
        assertThat(has(DeviceEvent.DeviceOffline.class)).isTrue();

        int before = fixture.events().size();
        Throwable failure = awaitFailure(execute(new DoorCommand.Unlock()));
        assertThat(WardenException.codeOf(failure)).isEqualTo(ErrorCode.DEVICE_OFFLINE);

        fixture.setDeviceAnswering(true);
        until(() -> fixture.door().state().online(), "device back online");
        // A queued unlock would reach the device before this lock: once the lock is confirmed, it would have shown.
        await(execute(new DoorCommand.Lock()));
        List<DeviceEvent> events = List.copyOf(fixture.events());
        assertThat(events.subList(before, events.size()))
                .as("the refused unlock must never reach the device")
                .noneMatch(e -> e instanceof DeviceEvent.LockChanged c && c.lock() == LockState.UNLOCKED);
        assertThat(fixture.strikeReleased()).isFalse();
        DoorCommandResult r = await(execute(new DoorCommand.Unlock()));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
    }

    // ---- how commands compose (DoorCommand's javadoc) ----

    @Test
    void aPulseOnAnUnlockedDoorLeavesItUnlocked() {
        await(execute(new DoorCommand.Unlock()));
        DoorCommandResult r = await(execute(new DoorCommand.Pulse(SHORT)));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        staysUnlockedFor(SHORT.multipliedBy(3), "an unlock without an end after a pulse");

        await(execute(new DoorCommand.Lock()));
        assertThat(fixture.strikeReleased()).isFalse();
        assertThat(fixture.door().state().lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void aPulseNeverShortensAnUnlockUntilATime() {
        await(execute(new DoorCommand.Unlock(java.time.Instant.now().plus(SHORT.multipliedBy(4)))));
        await(execute(new DoorCommand.Pulse(SHORT)));
        staysUnlockedFor(SHORT.multipliedBy(2), "an unlock until a time after a shorter pulse");
        until(() -> !fixture.strikeReleased(), "device relocks at the unlock's end");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
    }

    @Test
    void aPulseLongerThanWhatRemainsKeepsTheDoorUnlockedUntilItsEnd() {
        var until = java.time.Instant.now().plus(SHORT);
        await(execute(new DoorCommand.Unlock(until)));
        await(execute(new DoorCommand.Pulse(SHORT.multipliedBy(4))));
        until(() -> java.time.Instant.now().isAfter(until.plus(SHORT)), "the unlock's own end to pass");
        assertThat(fixture.strikeReleased()).as("still within the pulse").isTrue();
        until(() -> !fixture.strikeReleased(), "device relocks at the pulse's end");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
    }

    @Test
    void theMostRecentUnlockUntilWinsEvenWhenItIsShorter() {
        await(execute(new DoorCommand.Unlock(java.time.Instant.now().plus(Duration.ofHours(1)))));
        await(execute(new DoorCommand.Unlock(java.time.Instant.now().plus(SHORT))));
        until(() -> !fixture.strikeReleased(), "device relocks at the later command's end");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
    }

    @Test
    void lockEndsAPulseAndATimedUnlockInProgress() {
        await(execute(new DoorCommand.Pulse(Duration.ofSeconds(30))));
        DoorCommandResult r = await(execute(new DoorCommand.Lock()));
        assertThat(r.state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(fixture.strikeReleased()).isFalse();

        await(execute(new DoorCommand.Unlock(java.time.Instant.now().plus(Duration.ofMinutes(30)))));
        await(execute(new DoorCommand.Lock()));
        assertThat(fixture.strikeReleased()).isFalse();
        fixture.setContact(true);
        until(() -> has(DeviceEvent.DoorForced.class), "opening after the lock is forced");
    }

    @Test
    void fiftyConcurrentPulsesAreAllConfirmedAndTheDoorRelocksOnceAtTheEnd() {
        int before = fixture.events().size();
        var deadline = java.time.Instant.now().plus(DEADLINE);
        java.util.List<Future<DoorCommandResult>> pulses = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) pulses.add(fixture.door().execute(new DoorCommand.Pulse(SHORT), deadline));
        for (Future<DoorCommandResult> p : pulses) assertThat(await(p).state().lock()).isEqualTo(LockState.UNLOCKED);
        until(() -> !fixture.strikeReleased(), "device relocks after the last pulse");
        until(() -> fixture.door().state().lock() == LockState.LOCKED, "adapter reports the relock");
        java.util.List<LockState> changes = fixture.events().subList(before, fixture.events().size()).stream()
                .filter(e -> e instanceof DeviceEvent.LockChanged).map(e -> ((DeviceEvent.LockChanged) e).lock()).toList();
        assertThat(changes).as("one unlock, one relock").containsExactly(LockState.UNLOCKED, LockState.LOCKED);
    }

    /** Checks, until {@code d} has passed, that the strike stays released and the adapter says unlocked. */
    private void staysUnlockedFor(Duration d, String what) {
        long end = System.nanoTime() + d.toNanos();
        until(() -> {
            assertThat(fixture.strikeReleased()).as(what + ": strike at the device").isTrue();
            assertThat(fixture.door().state().lock()).as(what + ": adapter state").isEqualTo(LockState.UNLOCKED);
            return System.nanoTime() - end > 0;
        }, what + " to last " + d);
    }

    protected boolean has(Class<? extends DeviceEvent> type) {
        String door = fixture.door().doorId();
        return fixture.events().stream().anyMatch(e -> type.isInstance(e) && (e.doorId() == null || e.doorId().equals(door)));
    }
}

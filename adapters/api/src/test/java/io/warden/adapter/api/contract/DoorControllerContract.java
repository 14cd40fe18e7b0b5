package io.warden.adapter.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
        waitFor("device relocks after the pulse", () -> !fixture.strikeReleased());
        waitFor("adapter reports the relock", () -> fixture.door().state().lock() == LockState.LOCKED);
    }

    @Test
    void unlockUntilATimeRelocksThenByItself() {
        var until = java.time.Instant.now().plusSeconds(1);
        DoorCommandResult r = await(execute(new DoorCommand.Unlock(until)));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(fixture.strikeReleased()).isTrue();
        waitFor("device relocks at the end time", () -> !fixture.strikeReleased());
        waitFor("adapter reports the relock", () -> fixture.door().state().lock() == LockState.LOCKED);
    }

    @Test
    void aPulseWithoutADurationUsesTheDoorsDefault() {
        DoorCommandResult r = await(execute(new DoorCommand.Pulse(null)));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
        waitFor("device relocks after the default pulse", () -> !fixture.strikeReleased());
    }

    @Test
    void contactChangesBecomeEventsAndState() {
        fixture.setContact(true);
        waitFor("door opened event", () -> has(DeviceEvent.DoorOpened.class));
        assertThat(fixture.door().state().contact()).isEqualTo(ContactState.OPEN);
        fixture.setContact(false);
        waitFor("door closed event", () -> has(DeviceEvent.DoorClosed.class));
        assertThat(fixture.door().state().contact()).isEqualTo(ContactState.CLOSED);
    }

    @Test
    void openingALockedDoorWithoutUnlockIsForced() {
        await(execute(new DoorCommand.Lock()));
        fixture.setContact(true);
        waitFor("door forced event", () -> has(DeviceEvent.DoorForced.class));
    }

    @Test
    void openingAfterAPulseIsNotForced() {
        await(execute(new DoorCommand.Pulse(Duration.ofSeconds(1))));
        fixture.setContact(true);
        waitFor("door opened event", () -> has(DeviceEvent.DoorOpened.class));
        fixture.setContact(false);
        waitFor("door closed event", () -> has(DeviceEvent.DoorClosed.class));
        assertThat(has(DeviceEvent.DoorForced.class)).as("forced after a legitimate unlock").isFalse();
    }

    @Test
    void openingAfterRequestToExitIsNotForced() {
        await(execute(new DoorCommand.Lock()));
        fixture.pressRequestToExit();
        waitFor("request-to-exit event", () -> has(DeviceEvent.RequestToExit.class));
        fixture.setContact(true);
        waitFor("door opened event", () -> has(DeviceEvent.DoorOpened.class));
        assertThat(has(DeviceEvent.DoorForced.class)).as("forced after a request to exit").isFalse();
    }

    @Test
    void commandToAnOfflineDeviceFailsAtOnceAndIsNotQueued() {
        fixture.setDeviceAnswering(false);
        waitFor("device reported offline", () -> !fixture.door().state().online(),
                Duration.ofMillis(fixture.offlineDetectionMillis()).plus(DEADLINE));
        assertThat(has(DeviceEvent.DeviceOffline.class)).isTrue();

        Throwable failure = awaitFailure(execute(new DoorCommand.Unlock()));
        assertThat(WardenException.codeOf(failure)).isEqualTo(ErrorCode.DEVICE_OFFLINE);

        fixture.setDeviceAnswering(true);
        waitFor("device back online", () -> fixture.door().state().online());
        assertThat(fixture.strikeReleased()).as("the refused unlock must never reach the device").isFalse();
        DoorCommandResult r = await(execute(new DoorCommand.Unlock()));
        assertThat(r.state().lock()).isEqualTo(LockState.UNLOCKED);
    }

    protected boolean has(Class<? extends DeviceEvent> type) {
        String door = fixture.door().doorId();
        return fixture.events().stream().anyMatch(e -> type.isInstance(e) && (e.doorId() == null || e.doorId().equals(door)));
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    public static Throwable awaitFailure(Future<?> f) {
        try {
            Object v = f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    public static void waitFor(String what, BooleanSupplier condition) {
        waitFor(what, condition, DEADLINE);
    }

    public static void waitFor(String what, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for: " + what);
            try {
                TimeUnit.MILLISECONDS.sleep(10); // polling interval, not a timing assumption
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}

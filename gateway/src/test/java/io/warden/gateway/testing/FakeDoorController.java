package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReaderSignal;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A door whose device answers at once; tests switch it offline, make it refuse, or make it silent
 * (the command goes out, no reply comes back: the fake then fails at the deadline, as an adapter must).
 */
public final class FakeDoorController implements DoorController {
    private final String id;
    private volatile DoorState state = new DoorState(DoorState.LockState.LOCKED, DoorState.ContactState.CLOSED, true, Instant.now());
    private volatile boolean refuse;
    private volatile boolean silent;
    private volatile boolean modes;
    private volatile Duration commandTimeout = Duration.ofSeconds(1);
    public final List<Instant> deadlines = new CopyOnWriteArrayList<>();
    public final List<DoorCommand> received = new CopyOnWriteArrayList<>();
    /** Reader signals shown, in order. */
    public final List<ReaderSignal> signals = new CopyOnWriteArrayList<>();

    public FakeDoorController(String id) {
        this.id = id;
    }

    @Override
    public String doorId() {
        return id;
    }

    @Override
    public Duration commandTimeout() {
        return commandTimeout;
    }

    @Override
    public Future<DoorCommandResult> execute(DoorCommand command, Instant deadline) {
        received.add(command);
        deadlines.add(deadline);
        if (!state.online()) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "fake " + id + " offline"));
        if (refuse) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED, "fake " + id + " NAK 0x03"));
        if (silent) return timeoutAt(deadline);
        boolean locks = command instanceof DoorCommand.Lock || command instanceof DoorCommand.Lockdown || command instanceof DoorCommand.Release;
        DoorState.LockState lock = locks ? DoorState.LockState.LOCKED : DoorState.LockState.UNLOCKED;
        if (modes) {
            if (state.mode() == DoorState.Mode.LOCKED_DOWN && !(command instanceof DoorCommand.Release || command instanceof DoorCommand.Lockdown)) {
                return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED, "fake " + id + ": door is LockedDown"));
            }
            DoorState.Mode mode = command instanceof DoorCommand.Lockdown ? DoorState.Mode.LOCKED_DOWN
                    : locks ? DoorState.Mode.LOCKED : DoorState.Mode.UNLOCKED;
            state = state.withMode(mode, Instant.now());
        }
        state = state.withLock(lock, Instant.now());
        return Future.succeededFuture(new DoorCommandResult(id, command, state, Duration.ofMillis(1), "fake " + id + " " + lock
                + (modes ? " mode " + state.mode() : "")));
    }

    /**
     * From now on the door keeps door modes like an ONVIF Profile C controller: a lockdown puts it in
     * LOCKED_DOWN, where it refuses everything but a release or another lockdown; it starts in LOCKED.
     */
    public FakeDoorController withModes() {
        modes = true;
        state = state.withMode(DoorState.Mode.LOCKED, Instant.now());
        return this;
    }

    /** As if the controller left its mode by itself (someone at its panel): reports {@code mode}. */
    public void modeLocally(DoorState.Mode mode) {
        state = state.withMode(mode, Instant.now()).withLock(mode.lock(), Instant.now());
    }

    /** Replaces the reported state (alarm, tamper, fault...), keeping online as it is. */
    public void report(DoorState s) {
        state = s;
    }

    @Override
    public Future<Void> signal(ReaderSignal signal, Duration ledFor, Instant deadline) {
        signals.add(signal);
        return state.online() ? Future.succeededFuture() : Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "fake " + id + " offline"));
    }

    @Override
    public DoorState state() {
        return state;
    }

    public void online(boolean online) {
        state = state.withOnline(online, Instant.now());
    }

    private Future<DoorCommandResult> timeoutAt(Instant deadline) {
        Promise<DoorCommandResult> p = Promise.promise();
        long ms = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        Vertx.currentContext().owner().setTimer(ms, t -> p.fail(new WardenException(ErrorCode.DEVICE_TIMEOUT,
                "fake " + id + ": sent, no reply by the deadline; the door may have acted")));
        return p.future();
    }

    public void silent(boolean s) {
        silent = s;
    }

    /** Set before the door is served: the timeout is published when serving starts. */
    public void commandTimeout(Duration timeout) {
        commandTimeout = timeout;
    }

    public void refuse(boolean r) {
        refuse = r;
    }

    /** As if someone unlocked it at the panel, or it came back from a power cycle unlocked. */
    public void unlockedLocally() {
        state = state.withLock(DoorState.LockState.UNLOCKED, Instant.now());
    }
}

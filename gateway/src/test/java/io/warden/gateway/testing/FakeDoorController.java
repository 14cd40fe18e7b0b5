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
        DoorState.LockState lock = command instanceof DoorCommand.Lock ? DoorState.LockState.LOCKED : DoorState.LockState.UNLOCKED;
        state = state.withLock(lock, Instant.now());
        return Future.succeededFuture(new DoorCommandResult(id, command, state, Duration.ofMillis(1), "fake " + id + " " + lock));
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

package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A door whose device answers at once; tests switch it offline or make it refuse. */
public final class FakeDoorController implements DoorController {
    private final String id;
    private volatile DoorState state = new DoorState(DoorState.LockState.LOCKED, DoorState.ContactState.CLOSED, true, Instant.now());
    private volatile boolean refuse;
    public final List<DoorCommand> received = new CopyOnWriteArrayList<>();

    public FakeDoorController(String id) {
        this.id = id;
    }

    @Override
    public String doorId() {
        return id;
    }

    @Override
    public Duration commandTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Future<DoorCommandResult> execute(DoorCommand command, Instant deadline) {
        received.add(command);
        if (!state.online()) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "fake " + id + " offline"));
        if (refuse) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED, "fake " + id + " NAK 0x03"));
        DoorState.LockState lock = command instanceof DoorCommand.Lock ? DoorState.LockState.LOCKED : DoorState.LockState.UNLOCKED;
        state = state.withLock(lock, Instant.now());
        return Future.succeededFuture(new DoorCommandResult(id, command, state, Duration.ofMillis(1), "fake " + id + " " + lock));
    }

    @Override
    public DoorState state() {
        return state;
    }

    public void online(boolean online) {
        state = state.withOnline(online, Instant.now());
    }

    public void refuse(boolean r) {
        refuse = r;
    }

    /** As if someone unlocked it at the panel, or it came back from a power cycle unlocked. */
    public void unlockedLocally() {
        state = state.withLock(DoorState.LockState.UNLOCKED, Instant.now());
    }
}

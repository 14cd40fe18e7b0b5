package io.warden.adapter.api;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * One door as its adapter drives it. Implementations are safe to call from any thread and never
 * block the caller.
 */
public interface DoorController {

    /** The door's id in the configuration. */
    String doorId();

    /**
     * The longest this door's adapter needs to confirm one command, every retry and status read
     * included, when the device answers as its configuration allows. The gateway gives each command
     * a deadline of at least this much, and waits for the adapter's answer until then: the adapter,
     * which knows its timings, owns the timeout. Constant for the adapter's lifetime.
     */
    Duration commandTimeout();

    /**
     * Execute a command at the device before {@code deadline} (an instant of the adapter context's
     * clock).
     *
     * <p>Nothing is transmitted for this command once its deadline has passed, retries included, so
     * nothing happens at the door after its caller was told it failed. When the deadline passes
     * before the device confirmed, the future fails with {@link ErrorCode#DEVICE_TIMEOUT}, and its
     * message says whether the command had reached the device (then the door may have acted).
     *
     * <p>The future succeeds only when the device confirmed the new state (for OSDP: the command was
     * ACKed and a status read shows the strike output as commanded). It fails with a
     * {@link WardenException}: {@link ErrorCode#DEVICE_OFFLINE} at once when the device is offline
     * (commands are never queued for later: a stale unlock is dangerous),
     * {@link ErrorCode#DEVICE_TIMEOUT} when it stopped answering, {@link ErrorCode#DEVICE_REJECTED}
     * when it refused (NAK), {@link ErrorCode#CONNECTION_CLOSED} when the link dropped. Completes on
     * a Vert.x context thread.
     */
    Future<DoorCommandResult> execute(DoorCommand command, Instant deadline);

    /**
     * The door as the device last confirmed it; cheap, no I/O. Lock or contact are
     * {@code UNKNOWN} until the device has reported them.
     */
    DoorState state();

    /**
     * Show {@code signal} at the door's reader (for OSDP: osdp_LED, then osdp_BUZ, to the door's
     * reader), the LED's temporary state lasting {@code ledFor}; the reader then shows its permanent
     * colour again. Succeeds when the device acknowledged; nothing is sent once {@code deadline} (an
     * instant of the adapter context's clock) has passed. Not ordered after this door's commands: a
     * grant's pulse is sent first by the caller. Fails with {@link ErrorCode#UNSUPPORTED} for a door
     * without a reader the adapter can drive, with the errors of {@link #execute} otherwise.
     */
    default Future<Void> signal(ReaderSignal signal, Duration ledFor, Instant deadline) {
        return Future.failedFuture(new WardenException(ErrorCode.UNSUPPORTED, "door " + doorId() + ": its reader cannot be signalled"));
    }
}

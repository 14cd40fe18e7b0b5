package io.warden.adapter.api;

import io.vertx.core.Future;

/**
 * One door as its adapter drives it. Implementations are safe to call from any thread and never
 * block the caller.
 */
public interface DoorController {

    /** The door's id in the configuration. */
    String doorId();

    /**
     * Execute a command at the device.
     *
     * <p>The future succeeds only when the device confirmed the new state (for OSDP: the command was
     * ACKed and a status read shows the strike output as commanded). It fails with a
     * {@link WardenException}: {@link ErrorCode#DEVICE_OFFLINE} at once when the device is offline
     * (commands are never queued for later: a stale unlock is dangerous),
     * {@link ErrorCode#DEVICE_TIMEOUT} when it stopped answering, {@link ErrorCode#DEVICE_REJECTED}
     * when it refused (NAK), {@link ErrorCode#CONNECTION_CLOSED} when the link dropped. Completes on
     * a Vert.x context thread.
     */
    Future<DoorCommandResult> execute(DoorCommand command);

    /**
     * The door as the device last confirmed it; cheap, no I/O. Lock or contact are
     * {@code UNKNOWN} until the device has reported them.
     */
    DoorState state();
}

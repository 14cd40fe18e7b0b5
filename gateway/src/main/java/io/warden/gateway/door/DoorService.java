package io.warden.gateway.door;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.gateway.auth.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Doors and lockdowns for the API, the CLI and schedules. Every call is authorized by the caller
 * (the API checks roles) but audited here: requested, then confirmed / failed / refused. Futures
 * complete on the caller's Vert.x context; nothing blocks. Any event loop may call (see the
 * implementation for how the calls are ordered).
 *
 * <p>Failures are {@link io.warden.adapter.api.WardenException}s: NOT_FOUND for an unknown door or
 * lockdown, DEVICE_OFFLINE when the door's controller is offline, the device's own error when it
 * did not confirm, BAD_REQUEST for an empty scope or an {@code unlock until} beyond the configured
 * maximum (the message names the limit); and a {@link io.warden.gateway.PolicyException}
 * LOCKDOWN_ACTIVE when a lockdown forbids the command (the message names it and who started it).
 */
public interface DoorService {

    /** Doors, optionally filtered by site and/or zone (null = any), in configuration order. */
    List<DoorView> doors(String site, String zone);

    Optional<DoorView> door(String id);

    /**
     * Lock, unlock or pulse one door. Succeeds once the device confirmed; fails with the device's
     * error (DEVICE_TIMEOUT, DEVICE_REJECTED, ...) when it did not, and at once with LOCKDOWN_ACTIVE
     * or DEVICE_OFFLINE without touching the device.
     *
     * @param source the requester's address, for the audit trail
     */
    Future<CommandOutcome> execute(String doorId, DoorCommand command, Principal who, String source);

    /** As {@link #execute(String, DoorCommand, Principal, String)}, naming where the command comes from (counted by origin). */
    default Future<CommandOutcome> execute(String doorId, DoorCommand command, Principal who, String source, CommandOrigin origin) {
        return execute(doorId, command, who, source);
    }

    /** Lock every door in scope (per level) and report each door's answer. Persisted before it returns. */
    Future<LockdownReport> startLockdown(LockdownRequest request, Principal who, String source);

    /**
     * End a lockdown; its doors stay locked (release does not unlock). Each door no other active lockdown
     * holds is sent {@code Release}; the answer comes once they answered, with one line per door.
     */
    Future<LockdownReport> release(String lockdownId, Principal who, String source);

    /** Active lockdowns, oldest first. */
    List<LockdownReport> activeLockdowns();

    Optional<LockdownReport> lockdown(String id);

    /** Doors under lockdown that keep disagreeing with it (reported unlocked again, or refusing the lock), being retried. */
    default List<LockdownReport.Disagreement> disagreeingDoors() {
        return List.of();
    }
}
